//! Property tests: random and degenerate values fed to every primitive never panic, never
//! overrun the caps, and hostile sizes stop with a `Budget` error.

use std::panic::{catch_unwind, AssertUnwindSafe};

use batt_dsl::budget::{MAX_CONTAINER, MAX_GRID_CELLS};
use batt_dsl::func::{Builder, Func};
use batt_dsl::{call_prim, prims, Cell, Ctx, ErrorKind, Grid, Value};

/// xorshift64*: deterministic, dependency-free randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn int(&mut self) -> i64 {
        match self.below(20) {
            0 => i64::MAX,
            1 => i64::MIN,
            2 => 1 << 40,
            _ => self.below(16) as i64 - 3,
        }
    }
}

fn grid(r: &mut Rng) -> Value {
    let (h, w) = match r.below(6) {
        0 => (1, 1),
        1 => (1, 1 + r.below(12)),
        2 => (30, 30),
        _ => (1 + r.below(10), 1 + r.below(10)),
    };
    let k = 1 + r.below(4);
    let cells = (0..h * w).map(|_| (r.below(k) * 2) as i8).collect();
    Value::grid(Grid::new(h, w, cells))
}

fn patch(r: &mut Rng, object: bool) -> Value {
    let n = r.below(12);
    if object {
        Value::object((0..n).map(|_| Cell { c: r.below(10) as i32, i: r.below(14) as i32 - 2, j: r.below(14) as i32 - 2 }).collect())
    } else {
        Value::indices((0..n).map(|_| (r.below(14) as i32 - 2, r.below(14) as i32 - 2)).collect())
    }
}

fn func(r: &mut Rng, depth: u32) -> Value {
    let ps = prims();
    let p = Value::func(Func::prim(batt_dsl::prim_id(ps[r.below(ps.len())].name).unwrap()));
    if depth > 1 || r.below(3) == 0 {
        return p;
    }
    let b = [Builder::Compose, Builder::Rbind, Builder::Lbind, Builder::Fork, Builder::Matcher, Builder::Power][r.below(6)];
    let args = match b {
        Builder::Fork => vec![func(r, depth + 1), func(r, depth + 1), func(r, depth + 1)],
        Builder::Compose => vec![func(r, depth + 1), func(r, depth + 1)],
        Builder::Power => vec![func(r, depth + 1), Value::Int(1 + r.below(4) as i64)],
        _ => vec![func(r, depth + 1), value(r, depth + 1)],
    };
    Func::build(b, args).unwrap_or(p)
}

fn value(r: &mut Rng, depth: u32) -> Value {
    match r.below(if depth > 2 { 6 } else { 14 }) {
        0 => Value::Int(r.int()),
        1 => Value::Bool(r.below(2) == 1),
        2 => Value::Pair(r.int(), r.int()),
        3 => Value::Pair(r.below(5) as i64 - 1, r.below(5) as i64 - 1),
        4 => Value::Int(r.below(12) as i64 - 2),
        5 => Value::None,
        6 => grid(r),
        7 => patch(r, true),
        8 => patch(r, false),
        9 => Value::set((0..r.below(5)).map(|_| patch(r, true)).collect()),
        10 => Value::tuple((0..r.below(5)).map(|_| value(r, depth + 1)).collect()),
        11 => Value::set((0..r.below(5)).map(|_| value(r, depth + 1)).collect()),
        12 => func(r, depth),
        _ => [Value::empty_tuple(), Value::empty_set()][r.below(2)].clone(),
    }
}

fn size_ok(v: &Value) -> bool {
    match v {
        Value::Grid(g) => g.h * g.w <= MAX_GRID_CELLS,
        _ => v.len().map(|n| n <= MAX_CONTAINER).unwrap_or(true),
    }
}

#[test]
fn random_arguments_never_panic_or_overrun() {
    // BATT_FUZZ_SEED / BATT_FUZZ_ITERS widen the search locally; CI runs the fixed default.
    let seed = std::env::var("BATT_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15u64);
    let iters = std::env::var("BATT_FUZZ_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(1500);
    let mut r = Rng(seed | 1);
    let trace = std::env::var_os("BATT_FUZZ_TRACE").is_some();
    for d in prims() {
        if trace {
            eprintln!("fuzz: {}", d.name);
        }
        for _ in 0..iters {
            let args: Vec<Value> = (0..d.arity).map(|_| value(&mut r, 0)).collect();
            let mut ctx = Ctx::new(2_000_000);
            let out = catch_unwind(AssertUnwindSafe(|| call_prim(&mut ctx, d.name, &args)));
            match out {
                Err(_) => panic!("{} panicked on {:?}", d.name, args.iter().map(batt_dsl::json::encode).collect::<Vec<_>>()),
                Ok(Ok(v)) => assert!(size_ok(&v), "{} returned a value over the caps", d.name),
                Ok(Err(_)) => {}
            }
        }
    }
}

fn budget_stop(name: &str, args: Vec<Value>) {
    let mut ctx = Ctx::default();
    match call_prim(&mut ctx, name, &args) {
        Err(e) => assert_eq!(e.kind, ErrorKind::Budget, "{name}: {e}"),
        Ok(_) => panic!("{name} built a value over the caps"),
    }
}

#[test]
fn hostile_sizes_stop_with_a_budget_error() {
    let g = Value::grid(Grid::new(30, 30, vec![1; 900]));
    budget_stop("canvas", vec![Value::Int(1), Value::Pair(1 << 20, 1 << 20)]);
    budget_stop("upscale", vec![g.clone(), Value::Int(1000)]);
    budget_stop("hupscale", vec![g.clone(), Value::Int(1 << 30)]);
    budget_stop("vupscale", vec![g.clone(), Value::Int(1 << 30)]);
    budget_stop("interval", vec![Value::Int(0), Value::Int(1 << 40), Value::Int(1)]);
    budget_stop("repeat", vec![g.clone(), Value::Int(1 << 40)]);
    let big = Value::set((0..1000).map(Value::Int).collect());
    budget_stop("product", vec![big.clone(), big]);
    budget_stop("power", vec![Value::func(Func::prim(batt_dsl::prim_id("rot90").unwrap())), Value::Int(1 << 30)]);
    budget_stop("multiply", vec![g, Value::Int(1 << 30)]);
}

#[test]
fn fuel_runs_out_inside_the_dsl() {
    // A closure applied to every cell of every object: stops when the fuel is spent.
    let g = Value::grid(Grid::new(30, 30, (0..900).map(|k| (k % 7) as i8).collect()));
    let mut ctx = Ctx::new(50);
    let e = call_prim(&mut ctx, "objects", &[g, Value::TRUE, Value::FALSE, Value::FALSE]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Budget);
    assert_eq!(ctx.fuel, 0);
}
