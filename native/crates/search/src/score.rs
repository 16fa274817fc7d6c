//! Scoring, the hot path: a whole batt is evaluated once per input, each node once, and every
//! node that yields a grid is a candidate solver (not only the seeds' outputs). A node that
//! fails or runs out of fuel poisons its dependants only; the rest of the batt goes on.

use std::rc::Rc;
use std::time::Instant;

use batt_dsl::{Ctx, ErrorKind, Grid, Value};
use batt_program::batch::as_arc_grid;
use batt_program::{EvalErrorKind, Node, NodeId, Program};

use crate::hash::grids_hash;
use crate::task::TaskData;

/// Why a node has no value on an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeError {
    /// The node's own call failed.
    Failed(EvalErrorKind),
    /// One of its inputs had no value.
    Poisoned,
}

pub type NodeResult = Result<Value, NodeError>;

/// Fuel per node call, and for all the nodes of one input together.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub node_fuel: u64,
    pub input_fuel: u64,
    /// Wall-clock stop: nodes not started by then fail with `Budget` (the caller's deadline,
    /// so a cancelled request stops computing instead of running on unseen).
    pub deadline: Option<Instant>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget { node_fuel: 2_000_000, input_fuel: batt_dsl::budget::DEFAULT_FUEL, deadline: None }
    }
}

fn kind(e: ErrorKind) -> EvalErrorKind {
    match e {
        ErrorKind::Type => EvalErrorKind::Type,
        ErrorKind::Budget => EvalErrorKind::Budget,
        _ => EvalErrorKind::Runtime,
    }
}

/// Evaluates every node of `p` on `inputs` (one per parameter), keeping each node's result.
pub fn eval_nodes(p: &Program, inputs: &[Value], budget: &Budget) -> Vec<NodeResult> {
    let mut out: Vec<NodeResult> = Vec::with_capacity(p.nodes.len());
    let mut left = budget.input_fuel;
    let mut ctx = Ctx::new(0);
    let mut args: Vec<Value> = Vec::with_capacity(4);
    for (i, n) in p.nodes.iter().enumerate() {
        if i % 32 == 31 && batt_program::expired(budget.deadline) {
            left = 0;
        }
        let r = match n {
            Node::Param(k) => inputs.get(*k as usize).cloned().ok_or(NodeError::Failed(EvalErrorKind::Type)),
            Node::Const(v) => Ok(v.clone()),
            Node::Call { f, args: ids } => call(&out, *f, ids, &mut args, &mut ctx, budget.node_fuel, &mut left),
        };
        out.push(r);
    }
    out
}

fn call(vals: &[NodeResult], f: NodeId, ids: &[NodeId], args: &mut Vec<Value>, ctx: &mut Ctx, node_fuel: u64, left: &mut u64) -> NodeResult {
    let get = |i: NodeId| vals.get(i as usize).and_then(|r| r.as_ref().ok());
    let Some(fv) = get(f) else { return Err(NodeError::Poisoned) };
    args.clear();
    for &a in ids {
        match get(a) {
            Some(v) => args.push(v.clone()),
            None => return Err(NodeError::Poisoned),
        }
    }
    if *left == 0 {
        return Err(NodeError::Failed(EvalErrorKind::Budget));
    }
    let fuel = node_fuel.min(*left);
    ctx.fuel = fuel;
    ctx.depth = 0;
    let r = ctx.call(fv, args);
    *left -= fuel - ctx.fuel;
    r.map_err(|e| NodeError::Failed(kind(e.kind)))
}

/// Where a candidate comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A node of the scored batt.
    Batt(NodeId),
    /// The k-th enumerated program.
    Enum(usize),
}

#[derive(Clone, Debug)]
pub struct Scored {
    pub source: Source,
    /// Grid outputs on every input: train inputs, then test inputs.
    pub outputs: Vec<Option<Rc<Grid>>>,
    /// Exact match per train pair.
    pub exact: Vec<bool>,
    /// Fraction of train pairs matched exactly.
    pub score: f64,
    /// Mean over train pairs of the fraction of equal cells (0 where shapes differ).
    pub partial: f64,
    pub behaviour: u128,
}

/// Exact matches, score and partial score of outputs against the demo outputs.
pub fn score_outputs(outputs: &[Option<Rc<Grid>>], expected: &[Option<Rc<Grid>>]) -> (Vec<bool>, f64, f64) {
    let n = expected.len();
    let mut exact = Vec::with_capacity(n);
    let mut partial = 0.0;
    for (k, e) in expected.iter().enumerate() {
        let (hit, frac) = match (outputs.get(k).and_then(|o| o.as_ref()), e) {
            (Some(g), Some(e)) if g.h == e.h && g.w == e.w => {
                let same = g.cells.iter().zip(&e.cells).filter(|(a, b)| a == b).count();
                (same == e.cells.len(), same as f64 / e.cells.len().max(1) as f64)
            }
            _ => (false, 0.0),
        };
        exact.push(hit);
        partial += frac;
    }
    let score = exact.iter().filter(|&&x| x).count() as f64 / n.max(1) as f64;
    (exact, score, if n == 0 { 0.0 } else { partial / n as f64 })
}

/// A candidate from its outputs, if it gives a grid on at least one train input.
pub fn scored(source: Source, outputs: Vec<Option<Rc<Grid>>>, expected: &[Option<Rc<Grid>>]) -> Option<Scored> {
    if !outputs.iter().take(expected.len()).any(|o| o.is_some()) {
        return None;
    }
    let (exact, score, partial) = score_outputs(&outputs, expected);
    let behaviour = grids_hash(outputs.iter().map(|o| o.as_deref()));
    Some(Scored { source, outputs, exact, score, partial, behaviour })
}

/// Counts of one batt evaluation.
#[derive(Clone, Copy, Debug, Default)]
pub struct EvalCounts {
    /// Node evaluations (nodes x inputs).
    pub evaluated: usize,
    /// Of which failed in their own call (not counting poisoned dependants).
    pub failed: usize,
}

/// Scores every grid-valued node of a single-input DAG on the task.
pub fn score_batt(p: &Program, task: &TaskData) -> (Vec<Scored>, EvalCounts) {
    score_batt_with(p, task, &Budget::default())
}

pub fn score_batt_with(p: &Program, task: &TaskData, budget: &Budget) -> (Vec<Scored>, EvalCounts) {
    let inputs = task.inputs();
    let (n, k) = (p.nodes.len(), inputs.len());
    let mut grids: Vec<Option<Rc<Grid>>> = vec![None; n * k];
    let mut counts = EvalCounts::default();
    for (i, input) in inputs.iter().enumerate() {
        // Past the deadline the outcome is thrown away: leave the other inputs (and the
        // candidates below, whose behaviour hashes read every cell) undone.
        if batt_program::expired(budget.deadline) {
            return (Vec::new(), counts);
        }
        let results = eval_nodes(p, std::slice::from_ref(input), budget);
        for (node, r) in results.iter().enumerate() {
            if matches!(p.nodes[node], Node::Call { .. }) {
                counts.evaluated += 1;
                counts.failed += matches!(r, Err(NodeError::Failed(_))) as usize;
            }
            if let Ok(v @ (Value::Grid(_) | Value::Tuple(_))) = r {
                grids[node * k + i] = as_arc_grid(v);
            }
        }
    }
    let expected = task.train_outputs();
    let mut out = Vec::new();
    for node in 0..n {
        if node % 1024 == 1023 && batt_program::expired(budget.deadline) {
            break;
        }
        if matches!(p.nodes[node], Node::Const(_)) {
            continue;
        }
        let outs = grids[node * k..(node + 1) * k].to_vec();
        out.extend(scored(Source::Batt(node as NodeId), outs, &expected));
    }
    (out, counts)
}
