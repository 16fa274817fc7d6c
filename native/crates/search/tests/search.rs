//! Enumeration and whole rounds of search on real ARC-AGI-1 training tasks.

use std::collections::BTreeSet;
use std::time::Instant;

use batt_program::{canonical_text, program_hash};
use batt_search::score::score_outputs;
use batt_search::{corpus, enumerate, search_task, EnumConfig, MutationConfig, SearchConfig, SearchOutcome, SeedProgram, TaskData};

fn task(id: &str) -> TaskData {
    corpus::training_task(id).expect("bundled task")
}

/// Deterministic: no wall-clock cap.
fn enum_cfg() -> EnumConfig {
    EnumConfig { time_limit: None, ..Default::default() }
}

#[test]
fn enumeration_finds_simple_solvers() {
    let cases = [("3c9b0459", "rot180(I)"), ("68b16354", "hmirror(I)"), ("9dfd6313", "dmirror(I)"), ("c59eb873", "upscale(I, TWO)")];
    for (id, want) in cases {
        let t = task(id);
        let start = Instant::now();
        let r = enumerate(&t, &enum_cfg());
        let expected = t.train_outputs();
        let solvers: Vec<String> = r
            .programs
            .iter()
            .filter(|e| {
                let outs: Vec<_> = e.outputs.iter().map(batt_program::batch::as_arc_grid).collect();
                score_outputs(&outs, &expected).1 == 1.0
            })
            .map(|e| canonical_text(&e.program))
            .collect();
        eprintln!("{id}: {} programs, {} evals, {:?}", r.programs.len(), r.evals, start.elapsed());
        assert!(solvers.contains(&format!("(I):\n    O = {want}\n    return O\n")), "{id}: {solvers:?}");
    }
}

#[test]
fn enumeration_is_deterministic_with_one_program_per_behaviour() {
    let t = task("0d3d703e");
    let (a, b) = (enumerate(&t, &enum_cfg()), enumerate(&t, &enum_cfg()));
    let texts = |r: &batt_search::EnumResult| r.programs.iter().map(|e| canonical_text(&e.program)).collect::<Vec<_>>();
    assert_eq!(texts(&a), texts(&b));
    let mut seen = BTreeSet::new();
    for e in &a.programs {
        let key: Vec<String> = e.outputs.iter().map(|v| batt_dsl::json::encode(v).to_string()).collect();
        assert!(seen.insert(key), "two programs with one behaviour");
        assert!(e.cost <= enum_cfg().max_cost); // a building block costs 1, however many steps it prints as
        assert_eq!(e.outputs.len(), t.n_inputs());
    }
}

#[test]
fn higher_order_enumeration_takes_primitives_as_arguments() {
    let t = task("2dee498d");
    let uses = |cfg: &EnumConfig| enumerate(&t, cfg).programs.iter().filter(|e| canonical_text(&e.program).contains("argmax(")).count();
    assert!(uses(&enum_cfg()) > 0);
    assert_eq!(uses(&EnumConfig { higher_order: false, blocks: false, ..enum_cfg() }), 0);
}

#[test]
fn building_blocks_reach_what_two_primitive_calls_cannot() {
    // 00d62c1b fills enclosed background with yellow: `fill(I, FOUR, enclosed(I))` at cost 2,
    // six primitive calls when printed.
    let t = task("00d62c1b");
    let expected = t.train_outputs();
    let solvers = |cfg: &EnumConfig| -> Vec<(String, usize)> {
        enumerate(&t, cfg)
            .programs
            .iter()
            .filter(|e| score_outputs(&e.outputs.iter().map(batt_program::batch::as_arc_grid).collect::<Vec<_>>(), &expected).1 == 1.0)
            .map(|e| (canonical_text(&e.program), e.cost))
            .collect()
    };
    let with = solvers(&enum_cfg());
    assert!(with.iter().any(|(text, cost)| *cost == 2 && text.contains("mfilter(") && text.contains("fill(")), "{with:?}");
    assert!(solvers(&EnumConfig { blocks: false, ..enum_cfg() }).is_empty());
}

fn seeds() -> Vec<SeedProgram> {
    corpus::bundled_seeds().expect("bundled seeds")
}

fn no_enum() -> SearchConfig {
    SearchConfig { enumeration: None, ..Default::default() }
}

#[test]
fn seeding_with_a_tasks_solver_refinds_it() {
    let all = seeds();
    for id in ["0d3d703e", "007bbfb7", "a416b8f3", "d10ecb37"] {
        let own = all.iter().position(|s| s.id == format!("solve_{id}")).expect("seed");
        // The solver among 15 others, placed in the middle.
        let mut pool: Vec<SeedProgram> = all.iter().filter(|s| s.id != all[own].id).take(15).cloned().collect();
        pool.insert(7, all[own].clone());
        let out = search_task(&task(id), &pool, &no_enum());
        let hash = program_hash(&all[own].program);
        let best = &out.candidates[0];
        assert_eq!(best.score, 1.0, "{id}");
        let found = out.candidates.iter().find(|c| c.hash == hash);
        assert!(found.is_some() || best.size < all[own].program.size(), "{id}: seed not re-found");
        if let Some(c) = found {
            // A shared node is credited to the first seed that has it, and lists the others.
            let l = &c.lineage;
            let me = serde_json::json!(all[own].id);
            assert!(l["seed"]["id"] == me || l["shared_with"].as_array().unwrap().contains(&me), "{id}: {l}");
            assert_eq!(c.exact, vec![true; task(id).train.len()]);
        }
    }
}

#[test]
fn every_bundled_seed_validates_on_its_own_task() {
    for s in seeds() {
        let t = s.task.as_ref().expect("seed task");
        let e = batt_search::extract(&s.program, s.program.output, &format!("solve_{}", t.id)).expect("extract");
        let v = batt_search::validate(&e.text, t, batt_dsl::budget::DEFAULT_FUEL).expect("parses");
        assert_eq!(v.score, 1.0, "{}", s.id);
        assert_eq!(v.test_outputs.len(), t.test_inputs.len());
    }
}

fn summary(o: &SearchOutcome) -> Vec<String> {
    o.candidates.iter().map(|c| format!("{} {} {} {} {:?} {}", c.hash, c.score, c.partial, c.size, c.test_predictions, c.lineage)).collect()
}

#[test]
fn search_is_reproducible() {
    let seeds = seeds();
    let t = task("68b16354");
    let cfg = SearchConfig { rng_seed: 7, enumeration: Some(EnumConfig { max_cost: 1, ..enum_cfg() }), ..Default::default() };
    let (a, b) = (search_task(&t, &seeds[..24], &cfg), search_task(&t, &seeds[..24], &cfg));
    assert_eq!(summary(&a), summary(&b));
    assert_eq!(a.counts, b.counts);
    assert!(a.counts.generated >= a.counts.scored && a.counts.scored >= a.counts.unique && a.counts.validated <= cfg.max_validate);
    let c = search_task(&t, &seeds[..24], &SearchConfig { rng_seed: 8, ..cfg.clone() });
    assert_ne!(summary(&a), summary(&c));
}

#[test]
fn candidate_text_is_canonical_so_its_hash_and_canonical_text_follow() {
    // The binding stores `text` minus `def solve_<task>` under `hash` without reparsing.
    let seeds = seeds();
    let t = task("68b16354");
    let cfg = SearchConfig { rng_seed: 3, enumeration: Some(EnumConfig { max_cost: 1, ..enum_cfg() }), ..Default::default() };
    let out = search_task(&t, &seeds[..24], &cfg);
    assert!(!out.candidates.is_empty());
    for c in &out.candidates {
        let p = batt_program::parse_program(&c.text).unwrap();
        assert_eq!(program_hash(&p), c.hash);
        assert_eq!(canonical_text(&p), c.text[c.text.find('(').unwrap()..]);
    }
}

#[test]
fn test_outputs_never_reach_search() {
    // Two copies of a task differing only in their test outputs search identically.
    let path = corpus::data_dir().join("arc-agi-1/training/68b16354.json");
    let text = std::fs::read_to_string(path).unwrap();
    let mut j: serde_json::Value = serde_json::from_str(&text).unwrap();
    for pair in j["test"].as_array_mut().unwrap() {
        pair["output"] = serde_json::json!([[0]]);
    }
    let a = TaskData::from_arc_json("68b16354", &text).unwrap();
    let b = TaskData::from_arc_json("68b16354", &j.to_string()).unwrap();
    let TaskData { id: _, train: _, test_inputs: _ } = &a; // no other field exists
    let seeds = seeds();
    let cfg = SearchConfig { mutation: MutationConfig { rounds: 1, ..Default::default() }, enumeration: Some(EnumConfig { max_cost: 1, ..enum_cfg() }), ..Default::default() };
    assert_eq!(summary(&search_task(&a, &seeds[..8], &cfg)), summary(&search_task(&b, &seeds[..8], &cfg)));
}
