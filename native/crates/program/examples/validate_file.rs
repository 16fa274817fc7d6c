//! `validate_file SOLVERS.PY TASK_DIR [REPEAT]`: runs every solve_<id> on its task's train and
//! test pairs natively (for profiling `batt validate` without Node).
use batt_dsl::{json, Ctx, Value};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn grid(rows: &serde_json::Value) -> Value {
    let enc = serde_json::json!({ "t": rows.as_array().unwrap().iter().map(|r| serde_json::json!({ "t": r })).collect::<Vec<_>>() });
    json::decode(&enc).unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let src = std::fs::read(&args[1]).unwrap();
    let repeat: usize = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(1);
    let programs = batt_program::parse_bytes(&src).unwrap();
    let mut jobs = Vec::new();
    for p in &programs {
        let id = p.name.trim_start_matches("solve_");
        let Ok(text) = std::fs::read_to_string(format!("{}/{id}.json", args[2])) else { continue };
        let t: serde_json::Value = serde_json::from_str(&text).unwrap();
        for split in ["train", "test"] {
            for pair in t[split].as_array().unwrap() {
                jobs.push((p, grid(&pair["input"]), grid(&pair["output"])));
            }
        }
    }
    let t0 = std::time::Instant::now();
    let mut ok = 0;
    for _ in 0..repeat {
        ok = 0;
        for (p, i, o) in &jobs {
            let mut ctx = Ctx::default();
            if let Ok(v) = batt_program::eval(p, std::slice::from_ref(i), &mut ctx) {
                if batt_dsl::order::canon_eq(&v, o) {
                    ok += 1;
                }
            }
        }
    }
    println!("{ok}/{} pairs, {:.1} ms per pass", jobs.len(), t0.elapsed().as_secs_f64() * 1e3 / repeat as f64);
}
