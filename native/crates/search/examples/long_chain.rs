//! How long a hostile long program keeps scoring busy once its deadline has passed: the
//! reproduction of issue #11 (`xN = rot90(xN-1)` chains) through the path a Score request
//! takes (parse with the deadline, the step cap, score, dedup, extraction).
//!
//! ```text
//! cd native && cargo run --release -p batt-search --example long_chain [-- STEPS... ]
//! ```
//!
//! For each chain length (default 1,000,000, 262,144 and 30,000 steps), with a 1 s deadline
//! and then a 2 s one: the time to answer and how (refused / expired / scored), wall-clock and
//! this process's CPU time. Run it alone: it is a timing.

use std::time::{Duration, Instant};

use batt_program::limits::steps_error;
use batt_program::{expired, parse_file_until};
use batt_search::{corpus, score_program, ScoreConfig};

fn chain(n: usize) -> String {
    let mut s = String::with_capacity(28 * n);
    s.push_str("def batt(I):\n    x1 = rot90(I)\n");
    for k in 2..=n {
        s.push_str(&format!("    x{k} = rot90(x{})\n", k - 1));
    }
    s.push_str(&format!("    O = x{n}\n    return O\n"));
    s
}

/// CPU time of this process (user + system), from /proc (Linux; 0 elsewhere).
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of stat (utime, stime, in 10 ms ticks) are the 12th and 13th after ')'.
    let field = |k: usize| f.get(k).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0);
    let ticks = field(11) + field(12);
    Duration::from_millis(ticks * 10)
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.replace('_', "").parse().ok()).collect();
    let lengths = if args.is_empty() { vec![1_000_000, 262_144, 30_000] } else { args };
    let task = corpus::training_task("68b16354").expect("bundled task");
    println!("{:>9} {:>9} {:>10} {:>9} {:>9}  outcome", "steps", "deadline", "source MB", "wall ms", "cpu ms");
    for &n in &lengths {
        let src = chain(n);
        for deadline_s in [1u64, 2] {
            let (t, c) = (Instant::now(), cpu());
            let deadline = Some(t + Duration::from_secs(deadline_s));
            let outcome = match parse_file_until(&src, deadline) {
                Err(_) if expired(deadline) => "expired while parsing".to_string(),
                Err(e) => format!("refused: {e}"),
                Ok(ps) => match steps_error("the programs together", ps.iter().map(|p| p.size()).sum()) {
                    Err(e) => format!("refused: {e}"),
                    Ok(()) => {
                        let s = score_program(&task, &ps[0], &ScoreConfig::default(), deadline);
                        if s.expired {
                            format!("expired ({} node evaluations done)", s.evaluated)
                        } else {
                            format!("scored: {} candidates, {} behaviours", s.scored, s.unique)
                        }
                    }
                },
            };
            let (wall, cpu) = (t.elapsed(), cpu() - c);
            println!("{n:>9} {:>8}s {:>10.1} {:>9} {:>9}  {outcome}", deadline_s, src.len() as f64 / 1e6, wall.as_millis(), cpu.as_millis());
        }
    }
}
