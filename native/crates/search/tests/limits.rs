//! Every phase after decoding is bounded: sizing is linear on deep DAGs, and a passed
//! deadline stops scoring, extraction and validation with `expired` instead of running on.

use std::time::{Duration, Instant};

use batt_program::{parse_program, Node, NodeId, Program};
use batt_search::dedup::Sizer;
use batt_search::stages::merge;
use batt_search::{corpus, score_program, validate_many, ScoreConfig, TaskData};

fn task() -> TaskData {
    corpus::training_task("68b16354").expect("bundled task")
}

/// `n` steps `x{k} = f(x{k-1}, ...)`; `share` makes every step also read `x1`.
fn chain(n: usize, share: bool) -> Program {
    let mut s = String::from("def f(I):\n    x1 = rot90(I)\n");
    for k in 2..=n {
        let arg = if share { format!("hconcat(x{}, x1)", k - 1) } else { format!("rot90(x{})", k - 1) };
        s.push_str(&format!("    x{k} = {arg}\n"));
    }
    s.push_str(&format!("    O = x{n}\n    return O\n"));
    parse_program(&s).unwrap()
}

/// Calls `node` reaches, counted by a plain walk.
fn reach(p: &Program, node: NodeId) -> usize {
    batt_search::batt::reachable(p, node).iter().filter(|&&i| matches!(p.nodes[i as usize], Node::Call { .. })).count()
}

#[test]
fn sizes_are_exact_on_chains_trees_and_shared_dags() {
    let seeds = corpus::bundled_seeds().unwrap();
    let batt = merge(&seeds[..40].iter().map(|s| s.program.clone()).collect::<Vec<_>>(), None).unwrap();
    for p in [chain(300, false), chain(300, true), batt] {
        let mut sizer = Sizer::new(&p);
        for i in 0..p.nodes.len() as NodeId {
            assert_eq!(sizer.size(&p, i), reach(&p, i), "node {i}");
        }
    }
}

#[test]
fn a_long_chain_sizes_in_linear_work() {
    // Each rot90 step's bounds agree, so no node is walked: 100k sizes cost 100k lookups (a
    // walk per node would be 5e9 visits). The shared chain is walked until the visit cap,
    // then falls back to its lower bound, the same on every run.
    let p = chain(100_000, false);
    let mut sizer = Sizer::new(&p);
    assert_eq!(sizer.size(&p, p.output), 100_000);
    let q = chain(50_000, true);
    let sizes = |q: &Program| {
        let mut s = Sizer::new(q);
        (0..q.nodes.len() as NodeId).map(|i| s.size(q, i)).collect::<Vec<_>>()
    };
    let (a, b) = (sizes(&q), sizes(&q));
    assert_eq!(a, b);
    let last = *a.last().unwrap();
    assert!((50_000..=reach(&q, q.output)).contains(&last), "{last}");
}

#[test]
fn a_passed_deadline_stops_scoring_and_validation() {
    let t = task();
    let p = chain(30_000, false);
    let past = Some(Instant::now() - Duration::from_millis(1));
    let s = score_program(&t, &p, &ScoreConfig::default(), past);
    assert!(s.expired && s.proposals.is_empty() && s.evaluated == 0);
    let texts = vec!["def f(I):\n    O = rot90(I)\n    return O\n".to_string(); 3];
    let (runs, expired) = validate_many(&texts, &t, 1_000_000, past);
    assert!(expired && runs.iter().all(Option::is_none));
    assert!(merge(&[p], past).is_none());
    // Without a deadline the same chain scores whole: 4 behaviours (rot90 has period 4).
    let s = score_program(&t, &chain(3_000, false), &ScoreConfig::default(), None);
    assert!(!s.expired);
    assert_eq!(s.unique, 4);
    assert_eq!(s.proposals.iter().map(|c| c.size).max(), Some(3));
}
