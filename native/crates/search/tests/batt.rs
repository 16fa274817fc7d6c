//! Population batts: reproducibility, well-typed mutations, structural invariants.

use batt_dsl::prim;
use batt_dsl::types::Type;
use batt_program::{parse_program, print, Node};
use batt_search::batt::{reachable, Batt, SeedProgram};
use batt_search::mutate::{population, MutationConfig};
use batt_search::rng::Rng;
use batt_search::score::score_batt;
use batt_search::typing::sig;
use batt_search::{corpus, extract, TaskData};

fn seeds() -> Vec<SeedProgram> {
    corpus::bundled_seeds().expect("bundled seeds")
}

fn target(id: &str) -> TaskData {
    corpus::training_task(id).expect("bundled task")
}

/// Everything observable about a batt, as text.
fn fingerprint(b: &Batt) -> String {
    let mut s = print(&b.program);
    for n in 0..b.len() {
        s.push_str(&b.lineage(n as u32).to_string());
        s.push('\n');
    }
    s
}

#[test]
fn same_seed_same_batt_other_seed_other_batt() {
    let seeds = seeds();
    let t = target("68b16354");
    let cfg = MutationConfig::default();
    let (a, sa) = population(&seeds[..32], &t, &cfg, 42);
    let (b, sb) = population(&seeds[..32], &t, &cfg, 42);
    assert_eq!(sa, sb);
    assert_eq!(fingerprint(&a), fingerprint(&b));
    assert!(sa.applied > 20, "mutations applied: {sa:?}");
    let (c, _) = population(&seeds[..32], &t, &cfg, 43);
    assert_ne!(fingerprint(&a), fingerprint(&c));
}

/// Checks, independently of the mutation code, what "well-typed by construction" promises.
fn check_invariants(b: &Batt) {
    let p = &b.program;
    for (i, n) in p.nodes.iter().enumerate() {
        if let Node::Call { f, args } = n {
            assert!(std::iter::once(f).chain(args).all(|&c| (c as usize) < i), "node {i} is not topologically ordered");
            if let Some(q) = p.prim_of(*f) {
                assert_eq!(prim(q).arity as usize, args.len(), "node {i}: arity of {}", prim(q).name);
            }
        }
    }
    for (i, info) in b.info.iter().enumerate() {
        let Some(orig) = info.copy_of else { continue };
        let (Node::Call { f: f1, args: a1 }, Node::Call { f: f0, args: a0 }) = (&p.nodes[i], &p.nodes[orig as usize]) else {
            panic!("copy {i} of {orig} is not a call of a call");
        };
        assert_eq!(a1.len(), a0.len());
        let (p1, p0) = (p.prim_of(*f1), p.prim_of(*f0));
        let same_sig = matches!((p1, p0), (Some(x), Some(y)) if sig(x) == sig(y));
        for k in 0..a1.len() {
            if a1[k] == a0[k] && (f1 == f0 || same_sig) {
                continue;
            }
            let (t1, t0) = (b.info[a1[k] as usize].ty, b.info[a0[k] as usize].ty);
            let want = p1.map(|q| sig(q).0[k]).unwrap_or(t0);
            let ok = if t1 == Type::Any { want == Type::Any || t0 == Type::Any } else { t1.fits(want) || (same_sig || f1 == f0) && t1.fits(t0) };
            assert!(ok, "node {i} (copy of {orig}) arg {k}: {t1:?} for {want:?} (was {t0:?})");
            if t1 == Type::Callable || t0 == Type::Callable {
                assert_eq!(b.info[a1[k] as usize].arity, b.info[a0[k] as usize].arity);
            }
        }
    }
    for m in &b.members {
        assert_eq!(m.nodes, reachable(p, m.root));
    }
}

#[test]
fn mutations_are_well_typed_over_many_seeds() {
    let seeds = seeds();
    let ids = ["68b16354", "0d3d703e", "c59eb873", "3c9b0459", "00d62c1b", "a416b8f3", "d10ecb37", "007bbfb7"];
    let tasks: Vec<TaskData> = ids.iter().map(|id| target(id)).collect();
    let cfg = MutationConfig { rounds: 3, p_rewire: 0.7, p_substitute: 0.7, p_constant: 0.7, p_colour: 0.7, p_transform: 0.7, ..Default::default() };
    let mut mutants = 0;
    for s in 0..48u64 {
        let mut rng = Rng::new(s);
        let k = 4 + rng.below(20);
        let start = rng.below(seeds.len() - k);
        let t = &tasks[s as usize % tasks.len()];
        let (b, stats) = population(&seeds[start..start + k], t, &cfg, s);
        mutants += stats.applied;
        check_invariants(&b);
        // Every member, extracted and printed, parses back (the parser checks arities).
        for m in &b.members {
            let e = extract(&b.program, m.root, "solve_x").expect("member");
            parse_program(&e.text).unwrap_or_else(|err| panic!("{err}\n{}", e.text));
        }
        // Mutants evaluate to errors, never panics.
        if s % 4 == 0 {
            let _ = score_batt(&b.program, t);
        }
    }
    assert!(mutants > 1000, "only {mutants} mutants");
}

#[test]
fn seeds_interleave_with_sharing() {
    let seeds = seeds();
    let t = target("68b16354");
    let b = Batt::from_seeds(&seeds[..32], 0);
    assert_eq!(b.members.len(), 32);
    let total: usize = seeds[..32].iter().map(|s| s.program.nodes.len()).sum();
    assert!(b.len() < total, "hash-consing shares nodes: {} vs {total}", b.len());
    // One input node, shared by all.
    assert_eq!(b.program.nodes.iter().filter(|n| matches!(n, Node::Param(_))).count(), 1);
    assert_eq!(b.info[0].seeds.len(), 32);
    // Each member computes exactly its seed.
    for (m, s) in b.members.iter().zip(&seeds[..32]) {
        assert_eq!(extract(&b.program, m.root, "x").expect("member").hash, batt_program::program_hash(&s.program), "{}", s.id);
    }
    check_invariants(&b);
    let _ = t;
}

#[test]
fn malformed_and_multi_input_seeds_are_skipped() {
    let mut seeds = seeds()[..2].to_vec();
    let mut bad = seeds[0].clone();
    bad.id = "bad".into();
    bad.program.output = 999;
    let mut multi = seeds[1].clone();
    multi.id = "multi".into();
    multi.program.params.push("S".into());
    seeds.push(bad);
    seeds.push(multi);
    let (b, _) = population(&seeds, &target("68b16354"), &MutationConfig::default(), 1);
    assert_eq!(b.seeds.len(), 2);
    assert_eq!(b.skipped.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["bad", "multi"]);
    check_invariants(&b);
}

/// Aggressive mutation of random seed subsets on random tasks: no panics, invariants hold.
/// Slow in debug builds: `cargo test --release -p batt-search -- --ignored`.
#[test]
#[ignore]
fn stress_many_batts() {
    let seeds = seeds();
    let dir = corpus::data_dir().join("arc-agi-1/training");
    let mut ids: Vec<String> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(String::from)).collect();
    ids.sort();
    let cfg = MutationConfig { rounds: 3, p_rewire: 0.9, p_substitute: 0.9, p_constant: 0.9, p_colour: 0.9, p_transform: 0.9, ..Default::default() };
    for s in 0..200u64 {
        let mut rng = Rng::new(s);
        let k = 2 + rng.below(seeds.len() - 2);
        let start = rng.below(seeds.len() - k + 1);
        let t = corpus::load_task(&dir, &ids[rng.below(ids.len())]).unwrap();
        let (b, _) = population(&seeds[start..start + k], &t, &cfg, s);
        check_invariants(&b);
        let _ = score_batt(&b.program, &t);
    }
}
