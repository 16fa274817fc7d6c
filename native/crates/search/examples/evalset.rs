//! Developer harness for search quality: runs `search_task` (no seeds) on every task of a
//! directory and scores the two best candidates' test predictions against the test outputs.
//! The search itself gets `TaskData`, which has no field for test outputs; this harness reads
//! them separately, after the search, only to score. The product's measure is `batt eval`.
//!     cargo run --release -p batt-search --example evalset -- DIR [max_cost] [max_evals] [limit]
//! Switches: COMPOSE=0, TILINGS=0, PARTS=0, SELECT=0, RECOLOUR=0, CLASSIFY=0, MOVES=0, DEEPEN=0 (and BEAM, LEVELS, SUPPORT, COMPOSE_LAYERS, FITS_ONLY=1 for
//! `DeepenConfig`), BLOCKS=0, BLOCK_ARG_COST, MAX_WORK, ENUM_FUEL (fuel of one call).
use batt_dsl::Grid;
use batt_search::*;
use std::time::Instant;

fn test_outputs(text: &str) -> Vec<Option<Grid>> {
    let j: serde_json::Value = serde_json::from_str(text).unwrap();
    j["test"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let rows: Vec<Vec<u8>> = serde_json::from_value(t.get("output")?.clone()).ok()?;
            task::grid_from_rows(&rows).ok()
        })
        .collect()
}

/// CPU time of this thread in ms (from /proc, 10 ms ticks): unlike wall time, it does not
/// grow with the machine's load.
fn cpu_ms() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let f: Vec<&str> = s.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let t = |k: usize| f.get(k).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) * 10.0
}

fn env_num(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(&args[1]);
    let max_cost: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2);
    let max_evals: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(EnumConfig::default().max_evals);
    let max_work: u64 = std::env::var("MAX_WORK").ok().and_then(|s| s.parse().ok()).unwrap_or(enumerate::DEFAULT_MAX_WORK);
    let blocks = std::env::var("BLOCKS").map_or(true, |v| v != "0");
    let block_arg_cost: usize = std::env::var("BLOCK_ARG_COST").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    let limit: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
    let verbose = std::env::var("VERBOSE").is_ok();
    let mut ids: Vec<String> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(String::from)).collect();
    ids.sort();
    ids.truncate(limit);
    let cfg = SearchConfig {
        enumeration: Some(EnumConfig {
            max_cost,
            max_evals,
            max_work,
            blocks,
            block_arg_cost,
            time_limit: None,
            fuel: env_num("ENUM_FUEL").map_or(EnumConfig::default().fuel, |f| f as u64),
            ..Default::default()
        }),
        max_validate: 64,
        compose: std::env::var("COMPOSE").map_or(true, |v| v != "0").then(|| compose::ComposeConfig {
            patch_maps: std::env::var("PATCHMAPS").map_or(true, |v| v != "0").then(|| patchmaps::PatchMapConfig {
                max_cells: env_num("PM_CELLS").unwrap_or(patchmaps::PatchMapConfig::default().max_cells),
                max_evals: env_num("PM_EVALS").unwrap_or(patchmaps::PatchMapConfig::default().max_evals),
                ..Default::default()
            }),
            tilings: std::env::var("TILINGS").map_or(true, |v| v != "0"),
            part_logic: std::env::var("PARTS").map_or(true, |v| v != "0"),
            selection: std::env::var("SELECT").map_or(true, |v| v != "0"),
            recolour: std::env::var("RECOLOUR").map_or(true, |v| v != "0"),
            classification: std::env::var("CLASSIFY").map_or(true, |v| v != "0"),
            moves: std::env::var("MOVES").map_or(true, |v| v != "0"),
            ..Default::default()
        }),
        deepen: std::env::var("DEEPEN").map_or(true, |v| v != "0").then(|| deepen::DeepenConfig {
            beam: env_num("BEAM").unwrap_or(deepen::DeepenConfig::default().beam),
            levels: env_num("LEVELS").unwrap_or(deepen::DeepenConfig::default().levels),
            min_support: env_num("SUPPORT").unwrap_or(deepen::DeepenConfig::default().min_support),
            compose_layers: env_num("COMPOSE_LAYERS").unwrap_or(deepen::DeepenConfig::default().compose_layers),
            fits_only: std::env::var("FITS_ONLY").map_or(deepen::DeepenConfig::default().fits_only, |v| v == "1"),
            ..Default::default()
        }),
        ..Default::default()
    };
    let (mut fit, mut right, mut outs, mut fp) = (0, 0, 0, 0);
    // Test outputs some validated candidate gets right, whatever its rank: what better answer
    // selection could reach.
    let mut reachable = 0;
    let t0 = Instant::now();
    let cpu0 = cpu_ms();
    for id in &ids {
        let text = std::fs::read_to_string(dir.join(format!("{id}.json"))).unwrap();
        let task = TaskData::from_arc_json(id, &text).unwrap();
        let want = test_outputs(&text);
        let c = cpu_ms();
        let mut out = search_task(&task, &[], &cfg);
        // A second, deeper round for tasks the first did not fit (as `batt run` does).
        if let Some(cost) = env_num("SECOND_COST").filter(|_| !out.candidates.first().is_some_and(|c| c.score == 1.0)) {
            let mut deeper = cfg.clone();
            let e = deeper.enumeration.as_mut().unwrap();
            e.max_cost = cost;
            e.max_evals = env_num("SECOND_EVALS").unwrap_or(1_000_000);
            if std::env::var("SECOND_COMPOSE").map_or(true, |v| v == "0") {
                deeper.compose = None;
                deeper.deepen = None;
            }
            let more = search_task(&task, &[], &deeper);
            out.enumeration_work += more.enumeration_work;
            out.candidates.extend(more.candidates);
            out.candidates.sort_by(|x, y| {
                y.score.total_cmp(&x.score).then(y.partial.total_cmp(&x.partial)).then(x.size.cmp(&y.size)).then(x.text.cmp(&y.text))
            });
            out.candidates.dedup_by(|a, b| a.hash == b.hash);
        }
        let ms = cpu_ms() - c;
        let fits = out.candidates.first().is_some_and(|c| c.score == 1.0);
        fit += fits as usize;
        let top: Vec<&Candidate> = out.candidates.iter().take(2).collect();
        let mut task_right = 0;
        for (k, w) in want.iter().enumerate() {
            outs += 1;
            let ok = top.iter().any(|c| c.test_predictions.get(k).and_then(|p| p.as_ref()).is_some_and(|p| Some(p) == w.as_ref()));
            task_right += ok as usize;
            if fits && !ok {
                fp += 1;
            }
        }
        right += task_right;
        let task_reach = want
            .iter()
            .enumerate()
            .filter(|(k, w)| {
                out.candidates.iter().any(|c| c.test_predictions.get(*k).and_then(|p| p.as_ref()).is_some_and(|p| Some(p) == w.as_ref()))
            })
            .count();
        reachable += task_reach;
        if verbose || task_right > 0 || task_reach > 0 {
            let prog = out.candidates.first().map(|c| c.text.lines().skip(1).collect::<Vec<_>>().join(" | ")).unwrap_or_default();
            println!(
                "{id} fit={} right={task_right}/{} reach={task_reach} cpu={ms:.0}ms work={}M best={:.2}/{:.3} {}",
                fits as u8,
                want.len(),
                out.enumeration_work / 1_000_000,
                out.candidates.first().map_or(0.0, |c| c.score),
                out.candidates.first().map_or(0.0, |c| c.partial),
                if task_right > 0 || fits { prog } else { String::new() }
            );
        }
    }
    let (s, cpu) = (t0.elapsed().as_secs_f64(), (cpu_ms() - cpu0) / 1e3);
    println!(
        "tasks {} fit {fit} right {right}/{outs} ({:.1}%) false-pos {fp} any-candidate {reachable} wall {s:.1}s cpu {cpu:.1}s ({:.2} CPU-s/task)",
        ids.len(),
        100.0 * right as f64 / outs as f64,
        cpu / ids.len() as f64
    );
}
