//! The stages as separate calls on plain data: what one service hands the next is text, and
//! the result must not depend on that hop.

use std::time::Instant;

use batt_program::{parse_program, print, EvalErrorKind};
use batt_search::compose::ComposeConfig;
use batt_search::stages::deadline_at;
use batt_search::{corpus, generate, score_program, validate_many, EnumConfig, GenerateConfig, ScoreConfig, TaskData};

fn task(id: &str) -> TaskData {
    corpus::training_task(id).expect("bundled task")
}

fn cfg(rng_seed: u64) -> GenerateConfig {
    GenerateConfig { rng_seed, ..Default::default() }
}

/// Scoring that also enumerates the task (what a search's first round asks for).
fn enumerating() -> ScoreConfig {
    ScoreConfig { enumeration: Some(EnumConfig { time_limit: None, ..Default::default() }), ..Default::default() }
}

#[test]
fn a_generated_batt_scores_the_same_after_a_text_round_trip() {
    let seeds = corpus::bundled_seeds().unwrap();
    for id in ["68b16354", "a85d4709", "d631b094"] {
        let t = task(id);
        let g = generate(&t, &seeds[..16], &cfg(3), None);
        assert_eq!(g.step_lineage.len(), g.program.size(), "one lineage per step");
        let text = print(&g.program);
        let back = parse_program(&text).expect("a generated batt parses");
        assert_eq!(back.size(), g.program.size());
        let (a, b) = (score_program(&t, &g.program, &ScoreConfig::default(), None), score_program(&t, &back, &ScoreConfig::default(), None));
        let key = |s: &batt_search::ScoreOutcome| s.proposals.iter().map(|p| (p.step, p.hash.clone(), p.score)).collect::<Vec<_>>();
        assert!(!a.proposals.is_empty(), "{id}");
        assert_eq!(key(&a), key(&b), "{id}: step numbering or scores changed across the text hop");
        assert_eq!((a.scored, a.unique), (b.scored, b.unique));
    }
}

#[test]
fn enumerated_programs_are_scored_where_they_are_made_and_keep_their_lineage() {
    let t = task("68b16354");
    let g = generate(&t, &[], &cfg(0), None);
    // Without enumeration an empty population proposes at most the input itself.
    let plain = score_program(&t, &g.program, &ScoreConfig::default(), None);
    assert!(plain.proposals.iter().all(|p| p.score < 1.0));
    let s = score_program(&t, &g.program, &enumerating(), None);
    let best = &s.proposals[0];
    assert_eq!(best.score, 1.0);
    assert_eq!(best.text, "def solve_68b16354(I):\n    O = hmirror(I)\n    return O\n");
    let l = best.lineage.as_ref().expect("an enumerated candidate carries its own lineage");
    assert_eq!(l["source"], "enumeration", "{l}");
    assert_eq!(l["cost"], 1, "{l}");
    assert!(s.made.enumerated > 0 && s.made.evals > 0, "{:?}", s.made);
}

#[test]
fn composition_layers_partial_candidates_into_a_fitting_program() {
    // d511f180 swaps two colours: neither recolouring alone fits, the two layers together do.
    let t = task("d511f180");
    let g = generate(&t, &[], &cfg(0), None);
    let only_enum = score_program(&t, &g.program, &enumerating(), None);
    let cfg = ScoreConfig { compose: Some(Default::default()), ..enumerating() };
    let s = score_program(&t, &g.program, &cfg, None);
    let best = &s.proposals[0];
    assert_eq!(best.score, 1.0, "{}", best.text);
    assert!(only_enum.proposals.first().is_none_or(|p| p.score < 1.0 || p.lineage.as_ref().unwrap()["source"] != "composition"));
    let l = best.lineage.as_ref().unwrap();
    assert!(l["source"] == "composition" || l["source"] == "enumeration", "{l}");
    // Whatever it was made of, the text is a plain arc-dsl program that validates on its own.
    let (r, _) = validate_many(std::slice::from_ref(&best.text), &t, batt_dsl::budget::DEFAULT_FUEL, None);
    assert_eq!(r[0].as_ref().unwrap().as_ref().unwrap().1.score, 1.0);
}

#[test]
fn composition_layers_patches_one_map_past_enumeration() {
    // dc1df850 rings every red cell with blue: cost-2 enumeration has no such patch, one
    // cell map (`neighbors`, `outbox`...) past it composition does.
    let t = task("dc1df850");
    let g = generate(&t, &[], &cfg(0), None);
    let with = |patch_maps| ScoreConfig { compose: Some(ComposeConfig { patch_maps, ..Default::default() }), ..enumerating() };
    let without = score_program(&t, &g.program, &with(None), None);
    assert!(without.proposals.first().is_none_or(|p| p.score < 1.0), "{}", without.proposals[0].text);
    let s = score_program(&t, &g.program, &with(Some(Default::default())), None);
    let best = &s.proposals[0];
    assert_eq!(best.score, 1.0, "{}", best.text);
    assert!(["neighbors", "outbox", "box"].iter().any(|m| best.text.contains(&format!("mapply({m}, "))), "{}", best.text);
    let (r, _) = validate_many(std::slice::from_ref(&best.text), &t, batt_dsl::budget::DEFAULT_FUEL, None);
    assert_eq!(r[0].as_ref().unwrap().as_ref().unwrap().1.score, 1.0);
}

#[test]
fn composition_recolours_a_base_by_a_colour_map_spread_over_the_pairs() {
    // 0d3d703e maps 8 colours, each pair showing 3 of them: no layer paints in every pair,
    // the map as a whole is a function of the input's colours.
    let t = task("0d3d703e");
    let g = generate(&t, &[], &cfg(0), None);
    let only_enum = score_program(&t, &g.program, &enumerating(), None);
    assert!(only_enum.proposals.first().is_none_or(|p| p.score < 1.0));
    let s = score_program(&t, &g.program, &ScoreConfig { compose: Some(Default::default()), ..enumerating() }, None);
    let best = &s.proposals[0];
    assert_eq!(best.score, 1.0, "{}", best.text);
    assert_eq!(best.lineage.as_ref().unwrap()["source"], "composition");
    let (r, _) = validate_many(std::slice::from_ref(&best.text), &t, batt_dsl::budget::DEFAULT_FUEL, None);
    assert_eq!(r[0].as_ref().unwrap().as_ref().unwrap().1.score, 1.0);
}

#[test]
fn programs_read_off_the_demo_pairs_fit_and_validate_under_the_hash_scoring_gave() {
    // A tiling of rotated copies, an overlay of quadrants, a logic rule of two halves, a
    // recolouring by size, a recolouring by depth (a shape's inside; without the blocks, whose
    // `interior` makes the same grid): each is made only by its synthesis, and validation must
    // hash its text as scoring did (the orchestrator refuses a candidate whose hashes disagree).
    let made = [
        ("46442a0e", "tiling", true),
        ("a68b268e", "part logic", true),
        ("99b1bc43", "part logic", true),
        ("d2abd087", "recolouring", true),
        ("bb43febb", "recolouring", false),
    ];
    for (id, source, blocks) in made {
        let t = task(id);
        let g = generate(&t, &[], &cfg(0), None);
        let en = EnumConfig { time_limit: None, blocks, ..Default::default() };
        let s = score_program(&t, &g.program, &ScoreConfig { compose: Some(Default::default()), enumeration: Some(en), ..Default::default() }, None);
        let best = &s.proposals[0];
        assert_eq!(best.score, 1.0, "{id}: {}", best.text);
        assert_eq!(best.lineage.as_ref().unwrap()["source"], source, "{id}");
        let (r, _) = validate_many(std::slice::from_ref(&best.text), &t, batt_dsl::budget::DEFAULT_FUEL, None);
        let (parsed, v) = r[0].as_ref().unwrap().as_ref().unwrap();
        assert_eq!(v.score, 1.0, "{id}");
        assert_eq!(batt_program::canonical_form(parsed).hash, best.hash, "{id}");
    }
}

#[test]
fn a_passed_deadline_stops_scoring_and_says_so() {
    let seeds = corpus::bundled_seeds().unwrap();
    let t = task("a85d4709");
    let g = generate(&t, &seeds, &cfg(1), None);
    let full = score_program(&t, &g.program, &ScoreConfig::default(), None);
    assert!(!full.expired);
    let cut = score_program(&t, &g.program, &ScoreConfig::default(), Some(Instant::now()));
    assert!(cut.expired && cut.proposals.is_empty());
    assert!(cut.evaluated < full.evaluated, "steps after the deadline were not evaluated");
    // Enumeration inside scoring honours it too and says it was cut.
    let cut = score_program(&t, &g.program, &enumerating(), deadline_at(Some(0.0)));
    assert!(cut.expired);
    let g2 = generate(&t, &[], &cfg(1), deadline_at(Some(0.0)));
    assert!(g2.expired);
}

#[test]
fn validation_reports_errors_and_fuel_outs_apart() {
    let t = task("68b16354");
    let texts = [
        "def solve_68b16354(I):\n    O = hmirror(I)\n    return O\n",
        "def solve_68b16354(I):\n    x1 = objects(I, T, T, F)\n    O = upscale(I, 30)\n    return O\n",
        "def solve_68b16354(I):\n    x1 = divide(FIVE, ZERO)\n    O = upscale(I, x1)\n    return O\n",
        "def solve_68b16354(I):\n    O = hmirror(\n",
    ]
    .map(String::from);
    let (r, timed_out) = validate_many(&texts, &t, 2_000, None);
    assert!(!timed_out);
    let (_, ok) = r[0].as_ref().unwrap().as_ref().unwrap();
    assert_eq!((ok.score, ok.errors.iter().all(Option::is_none)), (1.0, true));
    let (_, fuel) = r[1].as_ref().unwrap().as_ref().unwrap();
    assert!(fuel.errors.iter().all(|e| *e == Some(EvalErrorKind::Budget)), "{:?}", fuel.errors);
    let (_, wrong) = r[2].as_ref().unwrap().as_ref().unwrap();
    assert!(wrong.errors.iter().all(|e| matches!(e, Some(EvalErrorKind::Type | EvalErrorKind::Runtime))), "{:?}", wrong.errors);
    assert!(r[3].as_ref().unwrap().is_err(), "a parse error is an error, not a score of 0");
    let (r, timed_out) = validate_many(&texts, &t, 2_000, Some(Instant::now()));
    assert!(timed_out && r.iter().all(Option::is_none));
}
