//! Scoring, poisoning, dedup, extraction and validation on hand-made programs and tasks.

use std::time::Instant;

use batt_dsl::{Grid, Value};
use batt_program::{parse_program, print, program_hash, EvalErrorKind, Node, NodeId};
use batt_search::dedup::{dedup_by_behaviour, Sizer};
use batt_search::score::{eval_nodes, score_batt, Budget, NodeError, Source};
use batt_search::{corpus, extract, search_task, validate, SearchConfig, SeedProgram, TaskData};

fn g(h: usize, w: usize, c: &[i8]) -> Grid {
    Grid::new(h, w, c.to_vec())
}

/// Pair 1's output is hmirror of its input; pair 2's is hmirror with one cell changed.
fn hand_task() -> TaskData {
    TaskData::new(
        "hand",
        vec![(g(2, 2, &[1, 2, 3, 4]), g(2, 2, &[3, 4, 1, 2])), (g(2, 2, &[5, 6, 7, 8]), g(2, 2, &[7, 6, 5, 6]))],
        vec![g(2, 2, &[0, 0, 1, 1])],
    )
}

fn node_of(p: &batt_program::Program, text: &str) -> NodeId {
    // The node computing the variable assigned on the line containing `text`.
    let k = print(p).lines().skip(1).position(|l| l.contains(text)).expect("line");
    let calls = p.nodes.iter().enumerate().filter(|(_, x)| matches!(x, Node::Call { .. }));
    calls.map(|(i, _)| i as NodeId).nth(k).expect("call")
}

#[test]
fn exact_and_partial_scores() {
    let p =
        parse_program("def s(I):\n    x1 = hmirror(I)\n    x2 = tophalf(I)\n    x3 = add(ONE, TWO)\n    O = vmirror(x1)\n    return O\n").unwrap();
    let (cands, counts) = score_batt(&p, &hand_task());
    assert_eq!(counts.failed, 0);
    let by = |n: NodeId| cands.iter().find(|c| c.source == Source::Batt(n)).expect("candidate");
    let hm = by(node_of(&p, "hmirror"));
    assert_eq!(hm.exact, vec![true, false]);
    assert_eq!(hm.score, 0.5);
    assert!((hm.partial - 0.875).abs() < 1e-12, "{}", hm.partial);
    assert_eq!(hm.outputs[2].as_deref(), Some(&g(2, 2, &[1, 1, 0, 0])), "test prediction kept");
    let top = by(node_of(&p, "tophalf"));
    assert_eq!((top.score, top.partial), (0.0, 0.0), "other shape scores 0");
    // Non-grid nodes are not candidates; the input itself is one.
    assert!(cands.iter().all(|c| c.source != Source::Batt(node_of(&p, "add"))));
    assert!(cands.iter().any(|c| c.source == Source::Batt(0)));
}

#[test]
fn a_failing_node_poisons_only_its_dependants() {
    let p = parse_program(
        "def s(I):\n    x1 = add(ONE, I)\n    x2 = rot90(x1)\n    x3 = hmirror(I)\n    x4 = vconcat(x3, x2)\n    O = vconcat(x3, x3)\n    return O\n",
    )
    .unwrap();
    let r = eval_nodes(&p, &[Value::grid(g(1, 2, &[1, 2]))], &Budget::default());
    let at = |t: &str| &r[node_of(&p, t) as usize];
    assert_eq!(at("add(").as_ref().err(), Some(&NodeError::Failed(EvalErrorKind::Type)));
    assert_eq!(at("rot90").as_ref().err(), Some(&NodeError::Poisoned));
    assert_eq!(at("x4 =").as_ref().err(), Some(&NodeError::Poisoned));
    assert!(at("hmirror").is_ok());
    assert!(at("O =").is_ok());
    // Fuel: a node over its budget fails alone too.
    let p = parse_program("def s(I):\n    x1 = upscale(I, 9)\n    x2 = hmirror(x1)\n    O = hmirror(I)\n    return O\n").unwrap();
    let r = eval_nodes(&p, &[Value::grid(g(3, 3, &[0; 9]))], &Budget { node_fuel: 100, input_fuel: 1_000, deadline: None });
    assert_eq!(r[node_of(&p, "upscale") as usize].as_ref().err(), Some(&NodeError::Failed(EvalErrorKind::Budget)));
    assert_eq!(r[node_of(&p, "x2 =") as usize].as_ref().err(), Some(&NodeError::Poisoned));
    assert!(r[p.output as usize].is_ok());
}

#[test]
fn dedup_keeps_the_simplest() {
    // rot180(vmirror(I)) behaves like hmirror(I): the one-step program must win.
    let p = parse_program("def s(I):\n    x1 = vmirror(I)\n    x2 = rot180(x1)\n    O = hmirror(I)\n    return O\n").unwrap();
    let (cands, _) = score_batt(&p, &hand_task());
    let mut sizer = Sizer::new(&p);
    let sizes: Vec<usize> = cands.iter().map(|c| if let Source::Batt(n) = c.source { sizer.size(&p, n) } else { 0 }).collect();
    let behaviours: Vec<u128> = cands.iter().map(|c| c.behaviour).collect();
    let keep = dedup_by_behaviour(&behaviours, &sizes, |i| format!("{:?}", cands[i].source));
    let hm = node_of(&p, "hmirror");
    let rot = node_of(&p, "rot180");
    let kept: Vec<Source> = keep.iter().map(|&i| cands[i].source).collect();
    assert!(kept.contains(&Source::Batt(hm)) && !kept.contains(&Source::Batt(rot)), "{kept:?}");
    // Equal sizes: the smaller text wins, whatever the order.
    assert_eq!(dedup_by_behaviour(&[7, 7, 7], &[2, 1, 1], |i| ["a", "c", "b"][i].to_string()), vec![2]);
    // And through search: one candidate for the behaviour, the simple one.
    let seeds: Vec<SeedProgram> = corpus::seeds_from_source(
        "def solve_a(I):\n    x1 = vmirror(I)\n    O = rot180(x1)\n    return O\n\ndef solve_b(I):\n    O = hmirror(I)\n    return O\n",
    )
    .unwrap();
    let cfg = SearchConfig { enumeration: None, mutation: batt_search::MutationConfig { rounds: 0, ..Default::default() }, ..Default::default() };
    let out = search_task(&corpus::training_task("68b16354").unwrap(), &seeds, &cfg);
    let top: Vec<&str> = out.candidates.iter().filter(|c| c.score == 1.0).map(|c| c.text.as_str()).collect();
    assert_eq!(top, ["def solve_68b16354(I):\n    O = hmirror(I)\n    return O\n"]);
}

#[test]
fn extraction_is_linear_on_a_doubling_dag() {
    // x_{k+1} = vconcat(x_k, x_k): as a tree, 2^60 leaves; as a DAG, 60 steps.
    let mut src = String::from("def s(I):\n    x1 = vconcat(I, I)\n");
    for k in 1..60 {
        src.push_str(&format!("    x{} = vconcat(x{k}, x{k})\n", k + 1));
    }
    src.push_str("    x61 = hmirror(x60)\n    O = rot90(I)\n    return O\n");
    let p = parse_program(&src).unwrap();
    let t = Instant::now();
    let e = extract(&p, node_of(&p, "x60 ="), "solve_d").expect("node");
    assert!(extract(&p, 1 << 30, "solve_d").is_none());
    assert!(t.elapsed().as_millis() < 50, "{:?}", t.elapsed());
    assert_eq!(e.size, 60);
    assert_eq!(e.text.lines().count(), 62);
    assert!(!e.text.contains("hmirror") && !e.text.contains("rot90"));
    assert_eq!(e.hash, program_hash(&parse_program(&e.text).unwrap()));
    // Doubling a DAG of 10k steps stays fast.
    let mut big = String::from("def s(I):\n    x1 = vconcat(I, I)\n");
    for k in 1..10_000 {
        big.push_str(&format!("    x{} = vconcat(x{k}, x{k})\n", k + 1));
    }
    big.push_str("    O = hmirror(x10000)\n    return O\n");
    let p = parse_program(&big).unwrap();
    let t = Instant::now();
    let e = extract(&p, p.output, "solve_d").expect("node");
    assert_eq!(e.size, 10_001);
    assert!(t.elapsed().as_millis() < 2_000, "{:?}", t.elapsed());
}

#[test]
fn validation_reruns_the_text_standalone() {
    let t = hand_task();
    let v = validate("def solve_hand(I):\n    O = hmirror(I)\n    return O\n", &t, 1_000_000).unwrap();
    assert_eq!(v.exact, vec![true, false]);
    assert_eq!(v.score, 0.5);
    assert_eq!(v.micros.len(), 2);
    assert_eq!(v.test_outputs, vec![Some(g(2, 2, &[1, 1, 0, 0]))]);
    assert!(validate("def nope(I):\n    O = frobnicate(I)\n    return O\n", &t, 1_000).is_err());
    let bad = validate("def s(I):\n    O = add(I, ONE)\n    return O\n", &t, 1_000).unwrap();
    assert_eq!((bad.score, bad.partial, bad.test_outputs.clone()), (0.0, 0.0, vec![None]));
}
