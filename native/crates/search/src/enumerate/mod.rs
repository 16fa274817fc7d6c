//! Typed bottom-up enumeration of single-input programs over the first-order primitives.
//! Programs are built by cost (number of calls), arguments drawn from earlier levels by type
//! (`Type::fits` on the types values actually have), and kept only if their behaviour — the
//! values on every train and test input — is new: one program per behaviour, the cheapest.
//! The last level only builds grid-valued programs, since nothing consumes its results.

use std::time::{Duration, Instant};

use batt_dsl::func::Func;
use batt_dsl::types::Type;
use batt_dsl::{prim, Ctx, PrimId, Value};
use batt_program::canon::canonicalize;
use batt_program::{Node, NodeId, Program};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::hash::{behaviour_hash, grids_hash};
use crate::task::TaskData;
use crate::typing::sig;

mod blocks;
mod bodies;
mod bridges;
mod features;
mod space;
pub use blocks::{blocks, Block};
use space::*;
pub use space::{classify, enum_prims, output_shape_follows_first, slot_role, task_constants};

/// What a level builds calls of: a DSL primitive, or one of batt's building blocks.
#[derive(Clone, Copy)]
enum Op {
    Prim(PrimId),
    Block(u16),
}

impl Op {
    fn params(self) -> Vec<Type> {
        match self {
            Op::Prim(p) => sig(p).0.to_vec(),
            Op::Block(b) => blocks()[b as usize].params.iter().map(|p| p.0).collect(),
        }
    }
    fn role(self, k: usize, want: Type) -> u8 {
        match self {
            Op::Prim(p) => slot_role(p, k, want),
            Op::Block(b) => blocks()[b as usize].params[k].1,
        }
    }
    /// Fuel for one call, given a primitive call's.
    fn fuel(self, per_call: u64) -> u64 {
        match self {
            Op::Prim(_) => per_call,
            Op::Block(b) => blocks()[b as usize].fuel(per_call),
        }
    }
    fn may_be_grid(self) -> bool {
        match self {
            Op::Prim(p) => may_be_grid(p),
            Op::Block(b) => blocks()[b as usize].ret == Type::Grid,
        }
    }
    fn may_be_patch(self) -> bool {
        match self {
            Op::Prim(p) => may_be_patch(p),
            Op::Block(b) => matches!(blocks()[b as usize].ret, Type::Indices | Type::Object | Type::Objects),
        }
    }
}

#[derive(Clone, Debug)]
pub struct EnumConfig {
    /// Largest program size (calls).
    pub max_cost: usize,
    /// Most argument combinations evaluated (deterministic cap; at 60,000 the blocks' first-level
    /// values pushed two eval-dev two-call programs past it: 57 right at 0.39 CPU-s, 59 at 0.49).
    pub max_evals: usize,
    /// Wall-clock cap; only binds on slow machines or large tasks (then results depend on speed).
    pub time_limit: Option<Duration>,
    /// Fuel per primitive call.
    pub fuel: u64,
    /// Fuel for the whole enumeration (deterministic, whatever the machine's load): a block or
    /// a primitive on big values costs what it spends, so the cap binds on work, not on count.
    pub max_work: u64,
    /// Values larger than this (cells or elements) are dropped.
    pub max_value_size: usize,
    /// Most values kept for use as arguments.
    pub max_bank: usize,
    /// At the last level, stop evaluating a program as soon as its output on a train input
    /// has another shape than the demo output: it can be neither a solver nor a useful
    /// partial candidate, and nothing else consumes last-level values.
    pub prune_last_by_shape: bool,
    /// Also enumerate `argmax`, `sfilter`, `apply`... with unary primitives as their function
    /// arguments (about twice the time at cost 2).
    pub higher_order: bool,
    /// Also keep patch-valued programs (indices, objects) at the last level: composition
    /// paints them as layers.
    pub last_patches: bool,
    /// Also enumerate batt's building blocks (`blocks`) as calls of cost 1.
    pub blocks: bool,
    /// The costliest argument a block takes: 0, the input and constants only; 1, also one-call
    /// programs. On eval-dev 1 finds 15 right test outputs where 0 finds 13, at about 10x the
    /// CPU time (1.23 against 0.12 s a task: a block does several primitives' work on every
    /// argument it is tried on).
    pub block_arg_cost: usize,
}

/// The default enumeration work. Measured on the first 40 eval-dev tasks without a work cap:
/// the median task spends 85M, the 90th percentile 220M, the largest 330M; CPU time follows
/// evaluations and hashing more than fuel, so this cap only stops the heavy tail.
pub const DEFAULT_MAX_WORK: u64 = 300_000_000;

impl Default for EnumConfig {
    fn default() -> Self {
        EnumConfig {
            max_cost: 2,
            max_evals: 100_000,
            time_limit: Some(Duration::from_millis(400)),
            fuel: 200_000,
            max_work: DEFAULT_MAX_WORK,
            max_value_size: 10_000,
            max_bank: 20_000,
            prune_last_by_shape: true,
            higher_order: true,
            last_patches: false,
            blocks: true,
            block_arg_cost: 0,
        }
    }
}

/// An enumerated grid-valued program.
#[derive(Clone, Debug)]
pub struct Enumerated {
    /// Canonical, named `enum`.
    pub program: Program,
    /// Its value on every input: train inputs, then test inputs.
    pub outputs: Vec<Value>,
    /// The behaviour hash of those grids (`hash::grids_hash`, as for scored candidates).
    pub behaviour: u128,
    pub cost: usize,
}

#[derive(Clone, Debug, Default)]
pub struct EnumResult {
    pub programs: Vec<Enumerated>,
    /// Patch-valued programs (indices, an object or a set of objects on every input), for
    /// composition.
    pub patches: Vec<Enumerated>,
    /// Where every demo output is one colour: the non-grid programs `classify` reads such
    /// outputs off (`uniform_features`).
    pub features: Vec<Enumerated>,
    /// Argument combinations evaluated.
    pub evals: usize,
    /// Distinct behaviours found (all types).
    pub bank: usize,
    /// Stopped by `max_evals`, `max_work`, the time limit or the bank cap.
    pub truncated: bool,
    /// Fuel spent.
    pub work: u64,
}

#[derive(Clone, Debug)]
enum Origin {
    Input,
    Const(Value),
    Call(PrimId, Box<[u32]>),
    Block(u16, Box<[u32]>),
}

struct Entry {
    vals: Box<[Value]>,
    ty: Type,
    cost: usize,
    konst: bool,
    /// For constants, which integer slots they may fill (`COLOUR`, `NUMBER`); computed values
    /// fill any. Keeps colours out of scale factors and sizes out of colour slots.
    roles: u8,
    origin: Origin,
}

struct Enumerator<'a> {
    cfg: &'a EnumConfig,
    n_inputs: usize,
    bank: Vec<Entry>,
    seen: FxHashMap<u128, u32>,
    /// `lists[(cost, type, role)]`: entries of that cost whose type fits the parameter type
    /// and that may fill a slot of that role.
    lists: FxHashMap<(usize, Type, u8), Vec<u32>>,
    /// Shapes of the demo outputs (for last-level pruning).
    shapes: Vec<Option<(usize, usize)>>,
    /// Each demo output's colour and shape where every one is a single colour: then the last
    /// level also keeps integers and pairs, which `classify` reads such outputs off (about 3%
    /// of tasks).
    uniform: Option<Vec<crate::classify::Uniform>>,
    evals: usize,
    work: u64,
    truncated: bool,
    start: Instant,
    ctx: Ctx,
}

impl Enumerator<'_> {
    fn add(&mut self, vals: Vec<Value>, cost: usize, konst: bool, roles: u8, origin: Origin) -> bool {
        let Some(ty) = type_of(&vals) else { return false };
        let h = behaviour_hash(vals.iter().map(Some));
        if let Some(&e) = self.seen.get(&h) {
            self.bank[e as usize].roles |= roles;
            return false;
        }
        self.seen.insert(h, self.bank.len() as u32);
        self.bank.push(Entry { vals: vals.into_boxed_slice(), ty, cost, konst, roles, origin });
        true
    }

    fn index_level(&mut self, cost: usize) {
        let mut wants: Vec<Type> = enum_prims().iter().flat_map(|&p| sig(p).0.iter().copied()).collect();
        wants.extend(blocks().iter().flat_map(|b| b.params.iter().map(|p| p.0)));
        wants.sort();
        wants.dedup();
        for w in wants {
            for role in [COLOUR, NUMBER, OTHER, KEY, PRED, MAP] {
                let list: Vec<u32> = (0..self.bank.len() as u32)
                    .filter(|&e| {
                        let x = &self.bank[e as usize];
                        x.cost == cost && x.ty.fits(w) && x.roles & role != 0
                    })
                    .collect();
                self.lists.insert((cost, w, role), list);
            }
        }
    }

    fn out_of_budget(&mut self) -> bool {
        if self.evals >= self.cfg.max_evals || self.work >= self.cfg.max_work || self.bank.len() >= self.cfg.max_bank {
            self.truncated = true;
        } else if self.evals.is_multiple_of(64) {
            if let Some(limit) = self.cfg.time_limit {
                if self.start.elapsed() >= limit {
                    self.truncated = true;
                }
            }
        }
        self.truncated
    }

    /// Builds every program of this cost from the primitive or block `op`.
    fn level_op(&mut self, op: Op, cost: usize, last: bool) {
        let params = op.params();
        for comp in compositions(cost - 1, params.len()) {
            if matches!(op, Op::Block(_)) && comp.iter().any(|&c| c > self.cfg.block_arg_cost) {
                continue;
            }
            let lists: Vec<Vec<u32>> = comp
                .iter()
                .zip(&params)
                .enumerate()
                .map(|(k, (&c, &w))| self.lists.get(&(c, w, op.role(k, w))).cloned().unwrap_or_default())
                .collect();
            let mut lists = lists;
            if let (true, true, Op::Prim(p)) = (last, self.cfg.prune_last_by_shape, op) {
                self.prune_by_shape(p, &mut lists);
            }
            if lists.iter().any(|l| l.is_empty()) {
                continue;
            }
            let mut odo = vec![0usize; lists.len()];
            let mut args: Vec<Value> = Vec::with_capacity(params.len());
            'combos: loop {
                let chosen: Vec<u32> = odo.iter().zip(&lists).map(|(&k, l)| l[k]).collect();
                if !chosen.iter().all(|&e| self.bank[e as usize].konst) {
                    if self.out_of_budget() {
                        return;
                    }
                    self.evals += 1;
                    let mut vals = Vec::with_capacity(self.n_inputs);
                    for k in 0..self.n_inputs {
                        args.clear();
                        args.extend(chosen.iter().map(|&e| self.bank[e as usize].vals[k].clone()));
                        let fuel = op.fuel(self.cfg.fuel);
                        self.ctx.fuel = fuel;
                        self.ctx.depth = 0;
                        let v = match op {
                            Op::Prim(p) => (prim(p).f)(&mut self.ctx, &args).ok(),
                            Op::Block(b) => blocks()[b as usize].apply(&mut self.ctx, &args),
                        };
                        self.work += fuel.saturating_sub(self.ctx.fuel);
                        match v {
                            Some(v) if value_size(&v) <= self.cfg.max_value_size && (!last || self.last_ok(k, &v)) => vals.push(v),
                            _ => break,
                        }
                    }
                    if vals.len() == self.n_inputs {
                        let origin = match op {
                            Op::Prim(p) => Origin::Call(p, chosen.into_boxed_slice()),
                            Op::Block(b) => Origin::Block(b, chosen.into_boxed_slice()),
                        };
                        self.add(vals, cost, false, ANY_ROLE, origin);
                    }
                }
                // Advance the odometer (last argument fastest).
                let mut d = odo.len();
                loop {
                    if d == 0 {
                        break 'combos;
                    }
                    d -= 1;
                    odo[d] += 1;
                    if odo[d] < lists[d].len() {
                        break;
                    }
                    odo[d] = 0;
                }
            }
        }
    }

    /// For primitives whose output shape is their first argument's (or its transpose), keeps
    /// only first arguments that give the demo outputs' shapes: the others are pruned without
    /// being evaluated at all.
    fn prune_by_shape(&self, p: PrimId, lists: &mut [Vec<u32>]) {
        let Some(transposed) = output_shape_follows_first(p) else { return };
        let shapes = &self.shapes;
        lists[0].retain(|&e| {
            shapes.iter().zip(self.bank[e as usize].vals.iter()).all(|(want, v)| match (want, v) {
                (Some((h, w)), Value::Grid(g)) => (g.h, g.w) == if transposed { (*w, *h) } else { (*h, *w) },
                _ => false,
            })
        });
    }

    /// May a last-level value on input `k` be kept? A grid, of the demo output's shape when
    /// pruning by shape.
    fn last_ok(&self, k: usize, v: &Value) -> bool {
        if self.cfg.last_patches && is_patch(v) || self.uniform.is_some() && matches!(v, Value::Int(_) | Value::Pair(..)) {
            return true;
        }
        let Value::Grid(g) = v else { return false };
        !self.cfg.prune_last_by_shape || self.shapes.get(k).is_none_or(|s| *s == Some((g.h, g.w)))
    }

    /// The canonical program of an entry.
    fn program(&self, e: u32) -> Program {
        let mut need = vec![e];
        let mut keep: Vec<u32> = Vec::new();
        let mut seen = FxHashSet::default();
        while let Some(x) = need.pop() {
            if seen.insert(x) {
                keep.push(x);
                if let Origin::Call(_, args) | Origin::Block(_, args) = &self.bank[x as usize].origin {
                    need.extend(args.iter().copied());
                }
            }
        }
        keep.sort_unstable();
        let mut nodes = vec![Node::Param(0)];
        let mut id: FxHashMap<u32, NodeId> = FxHashMap::default();
        for x in keep {
            let n = match &self.bank[x as usize].origin {
                Origin::Input => 0,
                Origin::Const(v) => {
                    nodes.push(Node::Const(v.clone()));
                    (nodes.len() - 1) as NodeId
                }
                Origin::Call(p, args) => {
                    nodes.push(Node::Const(Value::func(Func::prim(*p))));
                    let f = (nodes.len() - 1) as NodeId;
                    nodes.push(Node::Call { f, args: args.iter().map(|a| id[a]).collect() });
                    (nodes.len() - 1) as NodeId
                }
                Origin::Block(b, args) => {
                    let args: Vec<NodeId> = args.iter().map(|a| id[a]).collect();
                    blocks()[*b as usize].inline(&mut nodes, &args)
                }
            };
            id.insert(x, n);
        }
        let p = Program { name: "enum".into(), params: vec!["I".into()], nodes, output: id[&e] };
        canonicalize(&p)
    }
}

/// A value composition can paint: indices, an object, or a set of objects.
fn is_patch(v: &Value) -> bool {
    match v {
        Value::Indices(_) | Value::Object(_) => true,
        Value::Set(s) => s.iter().all(|o| matches!(o, Value::Object(_))),
        _ => false,
    }
}

/// Enumerates the task's programs up to `cfg.max_cost`; returns the grid-valued ones.
pub fn enumerate(task: &TaskData, cfg: &EnumConfig) -> EnumResult {
    let inputs = task.inputs();
    let n = inputs.len();
    let mut en = Enumerator {
        cfg,
        n_inputs: n,
        bank: Vec::new(),
        seen: FxHashMap::default(),
        lists: FxHashMap::default(),
        shapes: task.train_outputs().iter().map(|g| g.as_ref().map(|g| (g.h, g.w))).collect(),
        uniform: crate::classify::uniform_outputs(task),
        evals: 0,
        work: 0,
        truncated: false,
        start: Instant::now(),
        ctx: Ctx::new(cfg.fuel),
    };
    en.add(inputs.clone(), 0, false, ANY_ROLE, Origin::Input);
    // Without function constants, the higher-order primitives have no arguments to take.
    let funcs = if cfg.higher_order { function_constants() } else { Vec::new() };
    for (c, roles) in task_constants(task).into_iter().chain(funcs) {
        en.add(vec![c.clone(); n], 0, true, roles, Origin::Const(c));
    }
    en.index_level(0);
    for cost in 1..=cfg.max_cost {
        let last = cost == cfg.max_cost;
        let n_blocks = if cfg.blocks { blocks().len() as u16 } else { 0 };
        // Blocks first: one block call stands for several primitive calls.
        for op in (0..n_blocks).map(Op::Block).chain(enum_prims().iter().map(|&p| Op::Prim(p))) {
            if last && !(op.may_be_grid() || cfg.last_patches && op.may_be_patch() || en.uniform.is_some()) {
                continue;
            }
            en.level_op(op, cost, last);
            if en.truncated {
                break;
            }
        }
        if en.truncated {
            break;
        }
        en.index_level(cost);
    }
    let programs = (0..en.bank.len() as u32)
        .filter(|&e| en.bank[e as usize].ty == Type::Grid)
        .map(|e| {
            let entry = &en.bank[e as usize];
            let behaviour = grids_hash(entry.vals.iter().map(|v| match v {
                Value::Grid(g) => Some(&**g),
                _ => None,
            }));
            Enumerated { program: en.program(e), outputs: entry.vals.to_vec(), behaviour, cost: entry.cost }
        })
        .collect();
    let patches = (0..en.bank.len() as u32)
        .filter(|&e| matches!(en.bank[e as usize].ty, Type::Indices | Type::Object | Type::Objects))
        .map(|e| {
            let entry = &en.bank[e as usize];
            Enumerated {
                program: en.program(e),
                outputs: entry.vals.to_vec(),
                behaviour: behaviour_hash(entry.vals.iter().map(Some)),
                cost: entry.cost,
            }
        })
        .collect();
    let features = features::uniform_features(&en);
    EnumResult { programs, patches, features, evals: en.evals, bank: en.bank.len(), truncated: en.truncated, work: en.work }
}
