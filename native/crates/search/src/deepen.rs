//! Deepening ("beam"): a cheap, targeted search one call beyond enumeration. Enumeration stops
//! at cost 2 because a full cost-3 level costs ~19x the CPU; instead, the best few grid
//! candidates by partial credit (cell accuracy on the demo pairs) each get a vocabulary of
//! grid -> grid transforms applied: every enumerated primitive that takes a grid and gives a
//! grid, its other arguments the task's constants (by their colour / number roles) or the
//! input, plus the grid -> grid building blocks. New behaviours are scored, the best `beam`
//! kept, and the step repeated for `levels` levels (a beam search, hill-climbing on partial).
//! Every deepened candidate is its root's program with steps appended: a plain arc-dsl program.

use std::rc::Rc;
use std::time::Instant;

use batt_dsl::func::Func;
use batt_dsl::types::Type;
use batt_dsl::{prim, Ctx, Grid, PrimId, Value};
use batt_program::batch::as_arc_grid;
use batt_program::canon::canonicalize;
use batt_program::{Node, NodeId, Program};
use rustc_hash::FxHashSet;

use crate::enumerate::{blocks, classify, enum_prims, output_shape_follows_first, slot_role, task_constants};
use crate::hash::grids_hash;
use crate::score::score_outputs;
use crate::stages::Dag;
use crate::task::TaskData;
use crate::typing::sig;

#[derive(Clone, Debug)]
pub struct DeepenConfig {
    /// Candidates kept per level (the best by partial credit, then the cheapest).
    pub beam: usize,
    /// Transforms appended at most (levels of the beam).
    pub levels: usize,
    /// Most transform applications (each on every input; deterministic cap).
    pub max_evals: usize,
    /// Fuel per transform call, and for the whole deepening.
    pub fuel: u64,
    pub max_work: u64,
    /// Grids larger than this (cells) are dropped.
    pub max_cells: usize,
    /// Most deepened candidates returned (the best by score, partial, cost).
    pub max_results: usize,
    /// A step is kept only if it makes more cells right on at least this many demo pairs
    /// (all of them where there are fewer): hill-climbing with support, as composition's
    /// layers must paint in every pair.
    pub min_support: usize,
    /// Return only candidates that fit every demo pair (the others still seed the beam).
    pub fits_only: bool,
    /// Compose again (when composing) with the deepened candidates among the bases, with at
    /// most this many layers (0: not at all).
    pub compose_layers: usize,
}

/// Measured with the evalset harness (right test outputs, eval-dev / training): beam 8 finds
/// 13 / -, beam 32 16 / 103 (no deepening: 14 / 100); one level 14 on eval-dev, two 16;
/// support from 1 demo pair made 6 more false positives on training, from 3 lost 2 right;
/// without composing on deepened bases 15 on eval-dev (d47aa2ff needs the layer).
impl Default for DeepenConfig {
    fn default() -> Self {
        DeepenConfig {
            beam: 32,
            levels: 2,
            max_evals: 20_000,
            fuel: 200_000,
            max_work: 100_000_000,
            max_cells: 10_000,
            max_results: 8,
            min_support: 2,
            fits_only: false,
            compose_layers: 1,
        }
    }
}

/// What a transform calls.
#[derive(Clone, Copy, Debug)]
enum Op {
    Prim(PrimId),
    Block(u16),
}

/// An argument of a transform: the candidate grid, the task input, or a constant.
#[derive(Clone, Debug)]
enum Arg {
    X,
    Input,
    Const(Value),
}

/// How a transform's output shape follows the candidate's (for pruning at the last level).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Same,
    Transposed,
    Other,
}

struct Transform {
    op: Op,
    args: Vec<Arg>,
    shape: Shape,
}

impl Transform {
    fn name(&self) -> String {
        let f = match self.op {
            Op::Prim(p) => prim(p).name.to_string(),
            Op::Block(b) => blocks()[b as usize].name.clone(),
        };
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| match a {
                Arg::X => "x".into(),
                Arg::Input => "I".into(),
                Arg::Const(v) => format!("{v:?}"),
            })
            .collect();
        format!("{f}({})", args.join(", "))
    }
}

fn prim_shape(p: PrimId) -> Shape {
    match output_shape_follows_first(p) {
        Some(false) => Shape::Same,
        Some(true) => Shape::Transposed,
        None => Shape::Other,
    }
}

/// Every ordered choice of one option per slot.
fn product(options: &[Vec<Arg>]) -> Vec<Vec<Arg>> {
    options
        .iter()
        .fold(vec![Vec::new()], |acc, opts| acc.iter().flat_map(|a| opts.iter().map(move |o| [a.clone(), vec![o.clone()]].concat())).collect())
}

/// The transforms for `task`: grid-valued enumerated primitives with the candidate in a grid
/// slot (any other grid slot: the candidate or the input), constants in the rest by role;
/// then the grid -> grid blocks, colours in their colour slots.
fn vocabulary(task: &TaskData) -> Vec<Transform> {
    let consts = task_constants(task);
    let fill = |p: Option<PrimId>, k: usize, w: Type, role: u8| -> Vec<Arg> {
        let role = p.map_or(role, |p| slot_role(p, k, w));
        consts.iter().filter(|(v, r)| r & role != 0 && classify(v).is_some_and(|t| t.fits(w))).map(|(v, _)| Arg::Const(v.clone())).collect()
    };
    let mut out = Vec::new();
    for &p in enum_prims() {
        let (params, ret) = sig(p);
        if !matches!(ret, Type::Grid | Type::Element | Type::Piece) {
            continue;
        }
        let grid_slot = |k: usize, w: Type| w == Type::Grid || (k == 0 && Type::Grid.fits(w));
        let options: Vec<Vec<Arg>> =
            params.iter().enumerate().map(|(k, &w)| if grid_slot(k, w) { vec![Arg::X, Arg::Input] } else { fill(Some(p), k, w, 0) }).collect();
        for args in product(&options) {
            if !args.iter().any(|a| matches!(a, Arg::X)) {
                continue;
            }
            let shape = if matches!(args[0], Arg::X) { prim_shape(p) } else { Shape::Other };
            out.push(Transform { op: Op::Prim(p), args, shape });
        }
    }
    for (b, block) in blocks().iter().enumerate() {
        // Blocks that do the work of more than one call (`Block::fuel`: the repair blocks) are
        // left to enumeration: on every beam candidate and colour they tripled deepening's CPU
        // time on training (0.08 -> 0.22 s a task).
        if block.ret != Type::Grid || block.params[0].0 != Type::Grid || block.fuel(1) > 1 {
            continue;
        }
        let mut options = vec![vec![Arg::X]];
        options.extend(block.params[1..].iter().map(|&(w, role)| fill(None, 0, w, role)));
        let same = (block.name.starts_with("complete_") || block.name.starts_with("repair_")) && !block.name.ends_with("_crop");
        let shape = if same { Shape::Same } else { Shape::Other };
        out.extend(product(&options).into_iter().map(|args| Transform { op: Op::Block(b as u16), args, shape }));
    }
    out
}

/// A grid candidate to deepen: its program, its grid on every input (train then test), its cost.
pub struct Root<'a> {
    pub program: &'a Program,
    pub outputs: &'a [Rc<Grid>],
    pub cost: usize,
}

/// A deepened candidate: its program and how it was made.
pub struct Deepened {
    pub program: Program,
    pub root: usize,
    pub steps: Vec<String>,
    pub cost: usize,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct DeepenCounts {
    pub evals: usize,
    pub work: u64,
    pub truncated: bool,
}

struct Cand {
    /// The parent candidate and the transform applied to it; `None` for a root.
    from: Option<(usize, usize)>,
    root: usize,
    outputs: Vec<Rc<Grid>>,
    /// Cells right per demo pair.
    right: Vec<usize>,
    score: f64,
    partial: f64,
    cost: usize,
}

fn rank(c: &[Cand], a: usize, b: usize) -> std::cmp::Ordering {
    let (x, y) = (&c[a], &c[b]);
    y.score.total_cmp(&x.score).then(y.partial.total_cmp(&x.partial)).then(x.cost.cmp(&y.cost)).then(a.cmp(&b))
}

/// Deepens the best roots; `seen` holds the behaviours already found (grid hashes over every
/// input), and gets the new ones. Returns the best deepened candidates, best first.
pub fn deepen(
    task: &TaskData,
    roots: &[Root<'_>],
    seen: &mut FxHashSet<u128>,
    cfg: &DeepenConfig,
    deadline: Option<Instant>,
) -> (Vec<Deepened>, DeepenCounts) {
    let mut counts = DeepenCounts::default();
    let expected = task.train_outputs();
    let n_train = expected.len();
    let Some(targets): Option<Vec<(usize, usize)>> = expected.iter().map(|g| g.as_ref().map(|g| (g.h, g.w))).collect() else {
        return (Vec::new(), counts);
    };
    let inputs = task.inputs();
    let vocab = vocabulary(task);
    let score = |outs: &[Rc<Grid>]| {
        let o: Vec<Option<Rc<Grid>>> = outs.iter().take(n_train).cloned().map(Some).collect();
        let (_, s, p) = score_outputs(&o, &expected);
        let right = o.iter().zip(&expected).map(|(g, e)| cells_right(g.as_deref(), e.as_deref())).collect();
        (s, p, right)
    };
    let support = cfg.min_support.min(n_train);
    let mut cands: Vec<Cand> = roots
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let (score, partial, right) = score(r.outputs);
            Cand { from: None, root: k, outputs: r.outputs.to_vec(), right, score, partial, cost: r.cost }
        })
        .collect();
    let mut beam: Vec<usize> = (0..cands.len()).collect();
    beam.sort_by(|&a, &b| rank(&cands, a, b));
    beam.truncate(cfg.beam);
    let shaped = |outs: &[Rc<Grid>], t: Shape| {
        targets.iter().zip(outs).all(|(&(h, w), g)| match t {
            Shape::Same => (g.h, g.w) == (h, w),
            Shape::Transposed => (g.w, g.h) == (h, w),
            Shape::Other => true,
        })
    };
    let mut ctx = Ctx::new(cfg.fuel);
    let mut args: Vec<Value> = Vec::with_capacity(3);
    'levels: for level in 1..=cfg.levels {
        let last = level == cfg.levels;
        let mut children: Vec<usize> = Vec::new();
        for &b in &beam {
            for (ti, t) in vocab.iter().enumerate() {
                if counts.evals >= cfg.max_evals || counts.work >= cfg.max_work || (counts.evals % 256 == 255 && batt_program::expired(deadline)) {
                    counts.truncated = true;
                    break 'levels;
                }
                // At the last level only demo-shaped outputs count: skip transforms whose
                // output shape is known to be wrong without running them.
                if last && !shaped(&cands[b].outputs, t.shape) {
                    continue;
                }
                counts.evals += 1;
                let mut outs: Vec<Rc<Grid>> = Vec::with_capacity(inputs.len());
                for (k, input) in inputs.iter().enumerate() {
                    args.clear();
                    args.extend(t.args.iter().map(|a| match a {
                        Arg::X => Value::Grid(cands[b].outputs[k].clone()),
                        Arg::Input => input.clone(),
                        Arg::Const(v) => v.clone(),
                    }));
                    let fuel = match t.op {
                        Op::Prim(_) => cfg.fuel,
                        Op::Block(b) => blocks()[b as usize].fuel(cfg.fuel),
                    };
                    ctx.fuel = fuel;
                    ctx.depth = 0;
                    let v = match t.op {
                        Op::Prim(p) => (prim(p).f)(&mut ctx, &args).ok(),
                        Op::Block(b) => blocks()[b as usize].apply(&mut ctx, &args),
                    };
                    counts.work += fuel.saturating_sub(ctx.fuel);
                    let Some(g) = v.as_ref().and_then(as_arc_grid) else { break };
                    if g.h * g.w > cfg.max_cells || (last && k < n_train && (g.h, g.w) != targets[k]) {
                        break;
                    }
                    outs.push(g);
                }
                if outs.len() < inputs.len() || !seen.insert(grids_hash(outs.iter().map(|g| Some(&**g)))) {
                    continue;
                }
                let (score, partial, right) = score(&outs);
                if right.iter().zip(&cands[b].right).filter(|(c, p)| c > p).count() < support {
                    continue;
                }
                let (root, cost) = (cands[b].root, cands[b].cost + 1);
                cands.push(Cand { from: Some((b, ti)), root, outputs: outs, right, score, partial, cost });
                children.push(cands.len() - 1);
            }
        }
        // A fit at this level: deeper (costlier) programs are not wanted.
        if children.iter().any(|&c| cands[c].score == 1.0) {
            break;
        }
        children.sort_by(|&a, &b| rank(&cands, a, b));
        children.truncate(cfg.beam);
        beam = children;
    }
    let mut made: Vec<usize> = (roots.len()..cands.len()).filter(|&c| !cfg.fits_only || cands[c].score == 1.0).collect();
    made.sort_by(|&a, &b| rank(&cands, a, b));
    made.truncate(cfg.max_results);
    let out = made
        .into_iter()
        .map(|c| {
            let mut steps = Vec::new();
            let mut x = c;
            while let Some((parent, t)) = cands[x].from {
                steps.push(t);
                x = parent;
            }
            steps.reverse();
            let mut p = roots[cands[c].root].program.clone();
            for &t in &steps {
                p = append(&p, &vocab[t]);
            }
            Deepened { program: p, root: cands[c].root, steps: steps.iter().map(|&t| vocab[t].name()).collect(), cost: cands[c].cost }
        })
        .collect();
    (out, counts)
}

/// Cells of `g` equal to the demo output's (0 where the shapes differ).
fn cells_right(g: Option<&Grid>, e: Option<&Grid>) -> usize {
    match (g, e) {
        (Some(g), Some(e)) if (g.h, g.w) == (e.h, e.w) => g.cells.iter().zip(&e.cells).filter(|(a, b)| a == b).count(),
        _ => 0,
    }
}

/// `base` with `t` applied to its output, canonical.
fn append(base: &Program, t: &Transform) -> Program {
    let mut dag = Dag::new();
    let x = dag.absorb(base)[base.output as usize];
    let args: Vec<NodeId> = t
        .args
        .iter()
        .map(|a| match a {
            Arg::X => x,
            Arg::Input => 0,
            Arg::Const(v) => dag.konst(v.clone()),
        })
        .collect();
    dag.program.output = match t.op {
        Op::Prim(p) => {
            let f = dag.konst(Value::func(Func::prim(p)));
            dag.node(Node::Call { f, args })
        }
        Op::Block(b) => blocks()[b as usize].inline_with(&mut |n| dag.node(n), &args),
    };
    canonicalize(&dag.program)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enumerate::EnumConfig;
    use crate::expand::made_candidates;

    /// A pattern placed at `(i, j)` on a 7x7 background of 0.
    fn placed(p: &[[u8; 3]; 3], i: usize, j: usize) -> Vec<Vec<u8>> {
        let mut g = vec![vec![0u8; 7]; 7];
        for (r, row) in p.iter().enumerate() {
            g[i + r][j..j + 3].copy_from_slice(row);
        }
        g
    }

    /// Crop to the content, mirror it, recolour 1 to 2: three steps, one more than enumeration
    /// builds (and composition is off, so only deepening can add the recolouring).
    fn crop_mirror_recolour() -> TaskData {
        let pats = [
            [[3, 3, 0], [3, 1, 0], [3, 3, 3]],
            [[1, 3, 3], [0, 3, 0], [3, 3, 0]],
            [[3, 0, 0], [3, 3, 1], [3, 1, 3]],
            [[3, 3, 3], [1, 0, 3], [3, 0, 1]],
        ];
        let out = |p: &[[u8; 3]; 3]| -> Vec<Vec<u8>> { p.iter().map(|r| r.iter().rev().map(|&c| if c == 1 { 2 } else { c }).collect()).collect() };
        let train: Vec<_> = [(0, 1, 2), (1, 3, 0), (2, 0, 4)].iter().map(|&(k, i, j)| (placed(&pats[k], i, j), out(&pats[k]))).collect();
        TaskData::from_rows("deepen", &train, &[placed(&pats[3], 2, 2)]).unwrap()
    }

    #[test]
    fn deepening_finds_a_candidate_plus_transform_that_enumeration_misses() {
        let task = crop_mirror_recolour();
        let en = EnumConfig { time_limit: None, ..Default::default() };
        let (plain, _) = made_candidates(&task, &en, None, None, 1 << 20, None);
        assert!(plain.iter().all(|m| m.scored.score < 1.0), "enumeration alone should not fit");
        let (made, counts) = made_candidates(&task, &en, None, Some(&DeepenConfig::default()), 1 << 20, None);
        assert!(counts.deepened > 0 && counts.deepen_evals > 0, "{counts:?}");
        let best = made.iter().filter(|m| m.scored.score == 1.0).min_by_key(|m| m.program.size()).expect("a deepened fit");
        assert_eq!(best.lineage["source"], "deepening", "{}", best.lineage);
        // It is a plain program: printed, parsed and run again, it gives the test answer.
        let text = batt_program::print(&best.program);
        let back = batt_program::parse_program(&text).unwrap();
        let v = crate::validate::validate_program(&back, &task, 1 << 20).unwrap();
        assert_eq!(v.score, 1.0, "{text}");
        let want = crate::task::grid_from_rows(&[vec![3, 3, 3], vec![3, 0, 2], vec![2, 0, 3]]).unwrap();
        assert_eq!(v.test_outputs[0].as_ref(), Some(&want), "{text}");
    }

    #[test]
    fn a_step_needs_support_in_two_demo_pairs() {
        // Only the first pair has a 1 to recolour: that step fixes cells in one pair alone.
        let pats = [[[3, 3, 0], [3, 1, 0], [3, 3, 3]], [[3, 3, 3], [0, 3, 0], [3, 3, 0]], [[3, 0, 0], [3, 3, 0], [3, 0, 3]]];
        let out = |p: &[[u8; 3]; 3]| -> Vec<Vec<u8>> { p.iter().map(|r| r.iter().rev().map(|&c| if c == 1 { 2 } else { c }).collect()).collect() };
        let train: Vec<_> = [(0, 1, 2), (1, 3, 0), (2, 0, 4)].iter().map(|&(k, i, j)| (placed(&pats[k], i, j), out(&pats[k]))).collect();
        let task = TaskData::from_rows("support", &train, &[placed(&pats[0], 2, 2)]).unwrap();
        let en = EnumConfig { time_limit: None, ..Default::default() };
        let deepened_fit = |min_support: usize| {
            let (made, _) = made_candidates(&task, &en, None, Some(&DeepenConfig { min_support, ..Default::default() }), 1 << 20, None);
            made.iter().any(|m| m.scored.score == 1.0 && m.lineage["source"] == "deepening")
        };
        assert!(deepened_fit(1));
        assert!(!deepened_fit(2), "a step supported by one demo pair is not kept");
    }
}
