//! The ancestor's workload: a 32-seed population batt (32 bundled solvers, interleaved and
//! mutated with the default configuration) scored on one target task with all its demo and
//! test inputs, then dedup, extraction and standalone validation. Reports the time per task,
//! median over 20 ARC-AGI-1 training tasks, with the per-phase split; then, separately, the
//! default enumeration on the same tasks.
//!
//!     cargo bench -p batt-search --bench ancestor

use std::time::Instant;

use batt_search::{corpus, enumerate, search_task, EnumConfig, SearchConfig, Timings};

const TASKS: usize = 20;
const REPEATS: usize = 5;

fn pct(xs: &mut [f64], q: f64) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[((xs.len() - 1) as f64 * q).round() as usize]
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

fn main() {
    let seeds = corpus::bundled_seeds().expect("bundled seeds");
    let seeds = &seeds[..32.min(seeds.len())];
    let dir = corpus::data_dir().join("arc-agi-1/training");
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .expect("training tasks")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(String::from))
        .collect();
    ids.sort();
    // Every k-th task, for a spread of sizes and kinds.
    let step = (ids.len() / TASKS).max(1);
    let targets: Vec<String> = ids.iter().step_by(step).take(TASKS).cloned().collect();
    let cfg = SearchConfig { enumeration: None, ..Default::default() };

    println!("ancestor workload: {} seeds, {} target tasks, median of {REPEATS} runs each", seeds.len(), targets.len());
    println!(
        "{:<10} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7} {:>6} {:>5}",
        "task", "total", "gen", "score", "dedup", "valid", "nodes", "scored", "uniq", "best"
    );
    let (mut totals, mut gens, mut scores, mut dedups, mut valids) = (vec![], vec![], vec![], vec![], vec![]);
    let mut solved = 0;
    for id in &targets {
        let task = corpus::load_task(&dir, id).expect("task");
        let mut runs: Vec<(f64, Timings)> = Vec::new();
        let mut last = None;
        for _ in 0..REPEATS {
            let t = Instant::now();
            let out = search_task(&task, seeds, &cfg);
            runs.push((t.elapsed().as_secs_f64() * 1e3, out.timings));
            last = Some(out);
        }
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (total, tm) = runs[REPEATS / 2];
        let out = last.expect("ran");
        let best = out.candidates.first().map(|c| c.score).unwrap_or(0.0);
        solved += (best == 1.0) as usize;
        println!(
            "{id:<10} {total:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>7} {:>6} {best:>5.2}",
            ms(tm.generation_us),
            ms(tm.scoring_us),
            ms(tm.dedup_us),
            ms(tm.validation_us),
            out.batt_nodes,
            out.counts.scored,
            out.counts.unique
        );
        totals.push(total);
        gens.push(ms(tm.generation_us));
        scores.push(ms(tm.scoring_us));
        dedups.push(ms(tm.dedup_us));
        valids.push(ms(tm.validation_us));
    }
    let mean = totals.iter().sum::<f64>() / totals.len() as f64;
    println!(
        "per task (ms): median {:.2}  mean {mean:.2}  p90 {:.2}  max {:.2}   [target < 50 ms]",
        pct(&mut totals.clone(), 0.5),
        pct(&mut totals.clone(), 0.9),
        pct(&mut totals, 1.0)
    );
    println!(
        "phase medians (ms): generation {:.2}  scoring {:.2}  dedup+extract {:.2}  validation {:.2}   solved {solved}/{}",
        pct(&mut gens, 0.5),
        pct(&mut scores, 0.5),
        pct(&mut dedups, 0.5),
        pct(&mut valids, 0.5),
        targets.len()
    );

    let ecfg = EnumConfig::default();
    let mut times = Vec::new();
    let (mut progs, mut truncated) = (0, 0);
    for id in &targets {
        let task = corpus::load_task(&dir, id).expect("task");
        let t = Instant::now();
        let r = enumerate(&task, &ecfg);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        progs += r.programs.len();
        truncated += r.truncated as usize;
    }
    println!(
        "enumeration (max_cost {}, default caps): median {:.1} ms  max {:.1} ms  grid programs/task {:.0}  truncated {truncated}/{}",
        ecfg.max_cost,
        pct(&mut times.clone(), 0.5),
        pct(&mut times, 1.0),
        progs as f64 / targets.len() as f64,
        targets.len()
    );
}
