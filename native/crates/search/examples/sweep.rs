//! Runs enumeration (and optionally a seeded search) over every bundled training task:
//! a crash test and a coverage/timing survey.
//!     cargo run --release -p batt-search --example sweep -- [max_cost, 0 = none] [seeds] [rounds]
use batt_search::*;
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let max_cost: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2);
    let n_seeds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let seeds = corpus::bundled_seeds().unwrap();
    let dir = corpus::data_dir().join("arc-agi-1/training");
    let mut ids: Vec<String> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(String::from)).collect();
    ids.sort();
    let rounds: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2);
    let mut cfg = SearchConfig { enumeration: (max_cost > 0).then(|| EnumConfig { max_cost, ..Default::default() }), ..Default::default() };
    cfg.mutation.rounds = rounds;
    let (mut times, mut solved, mut trunc) = (vec![], vec![], 0);
    for id in &ids {
        let task = corpus::load_task(&dir, id).unwrap();
        let t = Instant::now();
        let out = search_task(&task, &seeds[..n_seeds.min(seeds.len())], &cfg);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        times.push(ms);
        if ms > 200.0 {
            eprintln!("slow {id}: {ms:.0} ms, gen {} us, scored {}", out.timings.generation_us, out.counts.scored);
        }
        if out.timings.generation_us > 390_000 {
            trunc += 1;
        }
        if let Some(c) = out.candidates.first() {
            if c.score == 1.0 {
                solved.push((id.clone(), c.text.lines().skip(1).collect::<Vec<_>>().join(" | ")));
            }
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "max_cost {max_cost}, {n_seeds} seeds, {rounds} rounds: median {:.1} ms, p90 {:.1}, max {:.1}, slow (>390ms gen) {trunc}, solved {}/{}",
        times[times.len() / 2],
        times[times.len() * 9 / 10],
        times[times.len() - 1],
        solved.len(),
        ids.len()
    );
    for s in solved {
        println!("  {} {}", s.0, s.1);
    }
}
