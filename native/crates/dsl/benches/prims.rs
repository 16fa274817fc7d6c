//! `cargo bench -p batt-dsl --bench prims [-- --json]`: time per call of the benchmark cases
//! listed in bench/dsl_cases.py (same calls, same ARC grids as the reference benchmark).
//! `BATT_BENCH_ONLY=objects` runs only the cases whose label contains that text;
//! `BATT_BENCH_CALLS=n` makes n untimed calls per case (to count cycles with `perf stat`).

use std::time::{Duration, Instant};

use batt_dsl::{call_prim, json, prim, prim_id, Ctx, Value};

fn load_grid(task: &str, pair: usize) -> Value {
    let root = std::env::var("BATT_ARC_DIR").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../data/arc-agi-1/training").to_string());
    let path = format!("{root}/{task}.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let t: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows = &t["train"][pair]["input"];
    let enc = serde_json::json!({ "t": rows.as_array().unwrap().iter().map(|r| serde_json::json!({ "t": r })).collect::<Vec<_>>() });
    json::decode(&enc).unwrap()
}

fn call(name: &str, args: &[Value]) -> Value {
    call_prim(&mut Ctx::default(), name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Median nanoseconds per call over 5 timed batches of at least 20 ms each. The primitive is
/// resolved to its id once, as the interpreter does, so only the call itself is timed.
fn time(name: &str, args: &[Value]) -> f64 {
    let f = prim(prim_id(name).unwrap_or_else(|| panic!("unknown primitive {name}"))).f;
    let mut n = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(f(&mut Ctx::default(), std::hint::black_box(args)).ok());
        }
        if t.elapsed() > Duration::from_millis(20) {
            break;
        }
        n *= 2;
    }
    let mut runs: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                std::hint::black_box(f(&mut Ctx::default(), std::hint::black_box(args)).ok());
            }
            t.elapsed().as_nanos() as f64 / n as f64
        })
        .collect();
    runs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    runs[2]
}

fn main() {
    let as_json = std::env::args().any(|a| a == "--json");
    let busy = load_grid("3631a71a", 3); // 30x30, 10 colours, 324 objects
    let sparse = load_grid("a64e4611", 0); // 30x30, 2 colours, large objects
    let (t, f) = (Value::TRUE, Value::FALSE);
    let objs = call("objects", &[busy.clone(), t.clone(), f.clone(), f.clone()]);
    let size = Value::func(batt_dsl::func::Func::prim(batt_dsl::prim_id("size").unwrap()));
    let obj = call("argmax", &[objs.clone(), size]);
    let small = call("normalize", &[call("first", &[call("sizefilter", &[objs.clone(), Value::Int(4)])])]);
    let ix = call("toindices", std::slice::from_ref(&obj));
    let mut cases: Vec<(String, &str, Vec<Value>)> = Vec::new();
    for (u, d, b) in [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 0), (1, 1, 1)] {
        let flag = |x| Value::Bool(x == 1);
        let label = format!("objects(busy, {}, {}, {})", "FT".as_bytes()[u] as char, "FT".as_bytes()[d] as char, "FT".as_bytes()[b] as char);
        cases.push((label, "objects", vec![busy.clone(), flag(u), flag(d), flag(b)]));
    }
    cases.push(("objects(sparse, T, F, T)".into(), "objects", vec![sparse.clone(), t.clone(), f.clone(), t.clone()]));
    cases.push(("fill(busy, 3, indices)".into(), "fill", vec![busy.clone(), Value::Int(3), ix.clone()]));
    cases.push(("paint(busy, obj)".into(), "paint", vec![busy.clone(), obj.clone()]));
    cases.push(("shift(obj, (2, 3))".into(), "shift", vec![obj.clone(), Value::Pair(2, 3)]));
    cases.push(("occurrences(busy, small)".into(), "occurrences", vec![busy.clone(), small]));
    cases.push(("rot90(busy)".into(), "rot90", vec![busy.clone()]));
    cases.push(("hmirror(busy)".into(), "hmirror", vec![busy.clone()]));
    cases.push(("dmirror(busy)".into(), "dmirror", vec![busy.clone()]));
    cases.push(("palette(busy)".into(), "palette", vec![busy.clone()]));
    cases.push(("mostcolor(busy)".into(), "mostcolor", vec![busy.clone()]));
    cases.push(("colorcount(busy, 0)".into(), "colorcount", vec![busy.clone(), Value::Int(0)]));
    cases.push(("partition(busy)".into(), "partition", vec![busy.clone()]));
    cases.push(("fgpartition(sparse)".into(), "fgpartition", vec![sparse.clone()]));
    cases.push(("upscale(busy, 2)".into(), "upscale", vec![busy.clone(), Value::Int(2)]));
    cases.push(("replace(busy, 0, 5)".into(), "replace", vec![busy.clone(), Value::Int(0), Value::Int(5)]));
    cases.push(("crop(busy, (5, 5), (10, 10))".into(), "crop", vec![busy.clone(), Value::Pair(5, 5), Value::Pair(10, 10)]));
    cases.push(("asobject(busy)".into(), "asobject", vec![busy.clone()]));
    cases.push(("toindices(obj)".into(), "toindices", vec![obj.clone()]));
    cases.push(("normalize(obj)".into(), "normalize", vec![obj.clone()]));
    cases.push(("backdrop(obj)".into(), "backdrop", vec![obj.clone()]));
    cases.push(("box(obj)".into(), "box", vec![obj.clone()]));
    cases.push(("compress(sparse)".into(), "compress", vec![sparse]));
    cases.push(("sizefilter(objs, 4)".into(), "sizefilter", vec![objs.clone(), Value::Int(4)]));
    cases.push(("merge(objs)".into(), "merge", vec![objs]));
    // BATT_BENCH_ONLY=substring runs only the matching cases (for profiling one primitive).
    let only = std::env::var("BATT_BENCH_ONLY").unwrap_or_default();
    // BATT_BENCH_CALLS=n makes exactly n untimed calls per case instead (for `perf stat`).
    if let Some(n) = std::env::var("BATT_BENCH_CALLS").ok().and_then(|n| n.parse::<u64>().ok()) {
        for (_, name, args) in cases.iter().filter(|c| c.0.contains(&only)) {
            let f = prim(prim_id(name).unwrap()).f;
            for _ in 0..n {
                std::hint::black_box(f(&mut Ctx::default(), std::hint::black_box(args)).ok());
            }
        }
        return;
    }
    for (label, name, args) in cases.iter().filter(|c| c.0.contains(&only)) {
        let ns = time(name, args);
        if as_json {
            println!("{}", serde_json::json!({ "case": label, "ns": ns }));
        } else {
            println!("{label:<32} {:>12.0} ns", ns);
        }
    }
}
