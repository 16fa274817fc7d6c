//! One more step for composition's patches: the outline, inside, surroundings, frontiers or
//! neighbours of every patch enumeration found, the largest and smallest object of every set
//! of objects, and the rays from a few marker cells (or from a few objects' centres, in their
//! own colours) to the grid's edge. Many training solvers
//! paint such a patch as their last step (b27ca6d3 and dc1df850: `mapply(outbox, <filtered
//! objects>)`, 4347f46a and 50cb2852: an object's inside, 44d8ac46: `delta`), one call past
//! what cost-2 enumeration reaches; composition then makes the fill a layer. Each map is one
//! plain arc-dsl call (or two, composed) appended to the patch's program (`f(P)` on one patch,
//! `mapply(f, P)` on a set of objects or on cells), so the layers stay programs validated from
//! their text.

use batt_dsl::func::Func;
use batt_dsl::{prim, prim_id, Ctx, PrimId, Value};
use batt_program::canon::canonicalize;
use batt_program::{Node, NodeId, Program};
use rustc_hash::FxHashSet;

use crate::enumerate::Enumerated;
use crate::hash::behaviour_hash;

/// Maps of a patch to a patch (`f(P)`; `mapply(f, P)` on a set of objects), each a chain of
/// primitives, the outermost first: `["backdrop", "inbox"]` is an object's inside,
/// `backdrop(inbox(P))` or `compose(backdrop, inbox)` (training's 4347f46a, 50cb2852: the
/// rectangle inside each object's outline, wider than one map's `inbox` ring).
/// Not kept: the lines across and down through a patch's centre (`["hfrontier", "center"]`):
/// training's 41e4d17e fitted, two other fits were pushed past the caps (6c434453, af902bf9)
/// and eval-dev got one false positive.
const PATCH_MAPS: &[Chain] = &[&["box"], &["inbox"], &["outbox"], &["delta"], &["backdrop"], &["corners"], &["backdrop", "inbox"]];
/// Primitives applied one after another, the outermost first.
type Chain = &'static [&'static str];
/// Picks of one object from a set of objects by its size (`argmax(P, size)`, `argmin(P, size)`).
const PICKS: &[&str] = &["argmax", "argmin"];
/// Rays from every cell of a few cells (markers) to the grid's edge, one direction each
/// (`mapply(rbind(shoot, d), P)`; training 3bd67248, a65b410d). From every patch they cost
/// half again the CPU of a round (eval-dev 0.41 -> 0.61 CPU-s a task) for the same answers.
const RAYS: &[(i64, i64)] = &[(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (-1, 1), (1, -1)];
/// Most cells of a patch rays start from.
const RAY_CELLS: usize = 8;
/// Maps of a cell to a patch, applied to every cell of indices (`mapply(f, P)`).
const CELL_MAPS: &[&str] = &["hfrontier", "vfrontier", "dneighbors", "ineighbors", "neighbors"];

#[derive(Clone, Copy, Debug)]
pub struct PatchMapConfig {
    /// Fuel per call.
    pub fuel: u64,
    /// Most maps evaluated (each on every input), and most picks: deterministic caps. Measured (harness):
    /// 5,000 instead of 20,000 gave the same answers on training and eval-dev at 0.33 instead
    /// of 0.38 CPU-s a training task; 2,000 lost 2 training fits (0.27).
    pub max_evals: usize,
    /// Largest patch mapped (cells), since the maps' cost grows with it.
    pub max_cells: usize,
}

impl Default for PatchMapConfig {
    fn default() -> Self {
        PatchMapConfig { fuel: 200_000, max_evals: 5_000, max_cells: 2_000 }
    }
}

/// How maps apply to a patch value: `f(P)` for the patch maps (indices or an object),
/// `mapply(f, P)` for the patch maps on a set of objects and for the cell maps on indices.
#[derive(Clone, Copy)]
struct Ways {
    direct: bool,
    objects: bool,
    cells: bool,
}

fn ways(vals: &[Value], max_cells: usize) -> Ways {
    let mut w = Ways { direct: true, objects: true, cells: true };
    for v in vals {
        let (direct, objects, cells) = match v {
            Value::Set(s) if s.is_empty() => (true, true, true),
            Value::Indices(ix) if ix.len() <= max_cells => (true, false, true),
            Value::Object(o) if o.len() <= max_cells => (true, false, false),
            Value::Set(s) if s.len() <= max_cells && s.iter().all(|o| matches!(o, Value::Object(_))) => (false, true, false),
            _ => (false, false, false),
        };
        w = Ways { direct: w.direct && direct, objects: w.objects && objects, cells: w.cells && cells };
    }
    w
}

/// How a map applies to a patch value.
#[derive(Clone, Copy)]
enum How {
    /// `f(P)`.
    Direct(Chain),
    /// `mapply(f, P)`.
    Mapply(Chain),
    /// `mapply(fork(recolor, color, f), P)`: each object's map in the object's own colour
    /// (training's 56ff96f3 paints each object's backdrop so), painted as an object.
    Coloured(Chain),
    /// `pick(P, size)` on a set of objects: its largest or smallest object (ties: the first in
    /// the set's order, as arc-dsl's `argmax` takes it).
    Pick(PrimId),
    /// `mapply(rbind(shoot, d), P)` on indices: the rays from every cell in direction `d`.
    Ray((i64, i64)),
    /// `mapply(fork(recolor, color, compose(rbind(shoot, d), center)), P)` on a few objects:
    /// a ray from each object's centre in its own colour (training d037b0a7).
    ColouredRay((i64, i64)),
}

fn id(n: &str) -> PrimId {
    prim_id(n).expect("a DSL primitive")
}

fn func(n: PrimId) -> Value {
    Value::func(Func::prim(n))
}

/// A chain as one function value: the primitive, or the primitives `compose`d.
fn chained(chain: Chain, ctx: &mut Ctx) -> Option<Value> {
    let mut fs = chain.iter().rev().map(|n| func(id(n)));
    let inner = fs.next()?;
    fs.try_fold(inner, |g, f| batt_dsl::call_prim(ctx, "compose", &[f, g]).ok())
}

/// The function `mapply` applies for `how` (none for `Direct`).
fn mapped(how: How, ctx: &mut Ctx) -> Option<Value> {
    match how {
        How::Direct(_) | How::Pick(_) => None,
        How::Mapply(f) => chained(f, ctx),
        How::Ray(d) => batt_dsl::call_prim(ctx, "rbind", &[func(id("shoot")), Value::Pair(d.0, d.1)]).ok(),
        How::ColouredRay(d) => {
            let ray = mapped(How::Ray(d), ctx)?;
            let from_centre = batt_dsl::call_prim(ctx, "compose", &[ray, func(id("center"))]).ok()?;
            batt_dsl::call_prim(ctx, "fork", &[func(id("recolor")), func(id("color")), from_centre]).ok()
        }
        How::Coloured(f) => {
            let f = chained(f, ctx)?;
            batt_dsl::call_prim(ctx, "fork", &[func(id("recolor")), func(id("color")), f]).ok()
        }
    }
}

/// The new patches one map away from `patches`, each with its program and values on every
/// input; behaviours already in `patches` (or found twice) are dropped.
pub fn patch_maps(patches: &[Enumerated], cfg: &PatchMapConfig) -> Vec<Enumerated> {
    let mapply = id("mapply");
    let mut ctx = Ctx::new(cfg.fuel);
    // Each map with the function `mapply` applies for it, made once for all patches.
    let mut with_fn = |hows: Vec<How>| -> Vec<(How, Option<Value>)> { hows.into_iter().map(|h| (h, mapped(h, &mut ctx))).collect() };
    let direct = with_fn(PATCH_MAPS.iter().map(|&c| How::Direct(c)).collect());
    let objects = with_fn(PATCH_MAPS.iter().map(|&c| How::Mapply(c)).chain(PATCH_MAPS.iter().map(|&c| How::Coloured(c))).collect());
    let cells = with_fn(CELL_MAPS.iter().map(|n| How::Mapply(std::slice::from_ref(n))).collect());
    let picks: Vec<(How, Option<Value>)> = PICKS.iter().map(|n| (How::Pick(id(n)), None)).collect();
    let rays = with_fn(RAYS.iter().map(|&d| How::Ray(d)).collect());
    let coloured_rays = with_fn(RAYS.iter().map(|&d| How::ColouredRay(d)).collect());
    let size = func(id("size"));
    let mut seen: FxHashSet<u128> = patches.iter().map(|p| p.behaviour).collect();
    let mut out = Vec::new();
    // The picks come last, with a cap of their own: before the other maps and under their cap
    // they pushed some of those past it (training: b6afb2da lost its fit); after them, under
    // the same cap, they were cut off themselves (eval-dev: 62ab2642 lost its right answer).
    // The rays come in a third pass, with a cap of their own too.
    for pass in 0..3 {
        let mut evals = 0;
        'patches: for p in patches {
            let w = ways(&p.outputs, cfg.max_cells);
            let hows: Vec<&(How, Option<Value>)> = match pass {
                0 if w.direct => direct.iter().chain(if w.cells { &cells[..] } else { &[] }).collect(),
                0 if w.objects => objects.iter().collect(),
                0 => cells.iter().filter(|_| w.cells).collect(),
                1 => picks.iter().filter(|_| w.objects && !w.direct).collect(),
                _ => {
                    // A few cells, or a few objects.
                    let few = ways(&p.outputs, RAY_CELLS);
                    rays.iter().filter(|_| few.cells).chain(coloured_rays.iter().filter(|_| few.objects && !few.direct)).collect()
                }
            };
            for (how, g) in hows {
                if evals >= cfg.max_evals {
                    break 'patches;
                }
                evals += 1;
                let vals: Option<Vec<Value>> = p
                    .outputs
                    .iter()
                    .map(|v| {
                        ctx.fuel = cfg.fuel;
                        ctx.depth = 0;
                        let r = match (how, g) {
                            (How::Direct(f), _) => f.iter().rev().try_fold(v.clone(), |x, n| (prim(id(n)).f)(&mut ctx, &[x])),
                            (How::Pick(f), _) => (prim(*f).f)(&mut ctx, &[v.clone(), size.clone()]),
                            (_, Some(g)) => (prim(mapply).f)(&mut ctx, &[g.clone(), v.clone()]),
                            (_, None) => return None,
                        };
                        r.ok().filter(|r| matches!(r, Value::Indices(_) | Value::Object(_)) || matches!(r, Value::Set(s) if s.is_empty()))
                    })
                    .collect();
                let Some(vals) = vals else { continue };
                let behaviour = behaviour_hash(vals.iter().map(Some));
                if seen.insert(behaviour) {
                    let cost = p.cost + if let How::Direct(f) = how { f.len() } else { 1 };
                    out.push(Enumerated { program: extend(&p.program, *how), outputs: vals, behaviour, cost });
                }
            }
        }
    }
    out
}

/// `p` with the map's steps appended.
fn extend(p: &Program, how: How) -> Program {
    let mut nodes = p.nodes.clone();
    let mut push = |n: Node| {
        nodes.push(n);
        (nodes.len() - 1) as NodeId
    };
    let call = |f: PrimId, args: Vec<NodeId>, push: &mut dyn FnMut(Node) -> NodeId| {
        let f = push(Node::Const(func(f)));
        push(Node::Call { f, args })
    };
    // The chain as one function: a primitive, or `compose(outer, inner)` steps.
    let function = |chain: Chain, push: &mut dyn FnMut(Node) -> NodeId| {
        let mut fs = chain.iter().rev();
        let inner = push(Node::Const(func(id(fs.next().expect("a chain has a primitive")))));
        fs.fold(inner, |g, f| {
            let f = push(Node::Const(func(id(f))));
            call(id("compose"), vec![f, g], push)
        })
    };
    // `rbind(shoot, d)`, and `fork(recolor, color, f)`: `f` in each object's own colour.
    let ray = |d: (i64, i64), push: &mut dyn FnMut(Node) -> NodeId| {
        let args = vec![push(Node::Const(func(id("shoot")))), push(Node::Const(Value::Pair(d.0, d.1)))];
        call(id("rbind"), args, push)
    };
    let coloured = |f: NodeId, push: &mut dyn FnMut(Node) -> NodeId| {
        let mut args: Vec<NodeId> = [id("recolor"), id("color")].iter().map(|&q| push(Node::Const(func(q)))).collect();
        args.push(f);
        call(id("fork"), args, push)
    };
    let out = match how {
        How::Direct(f) => f.iter().rev().fold(p.output, |x, n| call(id(n), vec![x], &mut push)),
        How::Mapply(f) => {
            let fc = function(f, &mut push);
            call(id("mapply"), vec![fc, p.output], &mut push)
        }
        How::Pick(f) => {
            let key = push(Node::Const(func(id("size"))));
            call(f, vec![p.output, key], &mut push)
        }
        How::Ray(d) => {
            let ray = ray(d, &mut push);
            call(id("mapply"), vec![ray, p.output], &mut push)
        }
        How::Coloured(f) => {
            let f = function(f, &mut push);
            let fork = coloured(f, &mut push);
            call(id("mapply"), vec![fork, p.output], &mut push)
        }
        How::ColouredRay(d) => {
            let ray = ray(d, &mut push);
            let centre = push(Node::Const(func(id("center"))));
            let from_centre = call(id("compose"), vec![ray, centre], &mut push);
            let fork = coloured(from_centre, &mut push);
            call(id("mapply"), vec![fork, p.output], &mut push)
        }
    };
    canonicalize(&Program { name: p.name.clone(), params: p.params.clone(), nodes, output: out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use batt_program::{eval, parse_program, print};

    fn patch(text: &str, inputs: &[Value]) -> Enumerated {
        let program = parse_program(&format!("def p(I):\n{text}\n    return O\n")).unwrap();
        let outputs: Vec<Value> = inputs.iter().map(|i| eval(&program, std::slice::from_ref(i), &mut Ctx::new(1 << 20)).unwrap()).collect();
        Enumerated { behaviour: behaviour_hash(outputs.iter().map(Some)), program, outputs, cost: 1 }
    }

    #[test]
    fn maps_apply_as_their_values_say_and_print_as_one_more_step() {
        let rows = vec![vec![0, 0, 0, 0, 0], vec![0, 3, 3, 3, 0], vec![0, 3, 3, 3, 0], vec![0, 3, 3, 3, 0], vec![0, 0, 0, 0, 0]];
        let grid = Value::Grid(std::rc::Rc::new(crate::task::grid_from_rows(&rows).unwrap()));
        let inputs = [grid];
        let objs = patch("    O = objects(I, T, F, T)", &inputs);
        let cells = patch("    O = ofcolor(I, THREE)", &inputs);
        let of_objects = patch_maps(std::slice::from_ref(&objs), &PatchMapConfig::default());
        let of_cells = patch_maps(std::slice::from_ref(&cells), &PatchMapConfig::default());
        let find = |out: &[Enumerated], needle: &str| {
            out.iter().find(|e| print(&e.program).contains(needle)).unwrap_or_else(|| panic!("no {needle}")).clone()
        };
        // A set of objects takes the patch maps through mapply; its inbox is the centre cell.
        let inbox = find(&of_objects, "mapply(inbox, x1)");
        assert!(matches!(&inbox.outputs[0], Value::Indices(ix) if ix.iter().copied().collect::<Vec<_>>() == vec![(2, 2)]));
        // Indices take cell maps through mapply and patch maps directly.
        let outbox = find(&of_cells, "O = outbox(x1)");
        assert!(matches!(&outbox.outputs[0], Value::Indices(ix) if ix.len() == 16));
        let _ = find(&of_cells, "mapply(dneighbors, x1)");
        // A set of objects also takes each map in each object's own colour.
        let coloured = find(&of_objects, "fork(recolor, color, box)");
        assert!(matches!(&coloured.outputs[0], Value::Object(o) if o.len() == 8 && o.iter().all(|c| c.c == 3)));
        // Re-running the printed program gives the same values.
        let again = parse_program(&print(&inbox.program)).unwrap();
        assert!(batt_dsl::order::canon_eq(&eval(&again, &inputs, &mut Ctx::new(1 << 20)).unwrap(), &inbox.outputs[0]));
        // Every new behaviour once, none equal to a given patch's.
        let both = patch_maps(&[objs.clone(), cells.clone()], &PatchMapConfig::default());
        let mut seen: FxHashSet<u128> = [objs.behaviour, cells.behaviour].into_iter().collect();
        assert!(both.iter().all(|e| seen.insert(e.behaviour)));
        assert!(both.len() < of_objects.len() + of_cells.len(), "the two share behaviours (one object)");
        assert!(both.iter().all(|e| e.cost == 2));
    }

    #[test]
    fn a_chained_map_gives_each_objects_inside() {
        // A 5x6 rectangle: its inside is 3x4, more than the ring `inbox` gives.
        let rows: Vec<Vec<u8>> = (0..9).map(|i| (0..9).map(|j| u8::from((1..6).contains(&i) && (1..7).contains(&j)) * 4).collect()).collect();
        let grid = Value::Grid(std::rc::Rc::new(crate::task::grid_from_rows(&rows).unwrap()));
        let inputs = [grid];
        let objs = patch("    O = objects(I, T, F, T)", &inputs);
        let obj = patch("    x1 = objects(I, T, F, T)\n    O = first(x1)", &inputs);
        let (of_set, of_one) = (patch_maps(&[objs], &PatchMapConfig::default()), patch_maps(&[obj], &PatchMapConfig::default()));
        let cells = |out: &[Enumerated], needle: &str| {
            let e = out.iter().find(|e| print(&e.program).contains(needle)).unwrap_or_else(|| panic!("no {needle}"));
            // The printed program computes the same cells.
            let again = parse_program(&print(&e.program)).unwrap();
            assert!(batt_dsl::order::canon_eq(&eval(&again, &inputs, &mut Ctx::new(1 << 20)).unwrap(), &e.outputs[0]));
            match &e.outputs[0] {
                Value::Indices(ix) => ix.iter().copied().collect::<Vec<_>>(),
                v => panic!("{v:?}"),
            }
        };
        let inside: Vec<(i32, i32)> = (2..5).flat_map(|i| (2..6).map(move |j| (i, j))).collect();
        assert_eq!(cells(&of_set, "compose(backdrop, inbox)"), inside);
        assert_eq!(cells(&of_one, "backdrop(x3)"), inside, "one object: the chain called directly");
    }

    #[test]
    fn a_few_cells_give_rays_to_the_edge_and_many_do_not() {
        let rows = vec![vec![0, 0, 0, 0], vec![0, 7, 0, 0], vec![0, 0, 0, 0]];
        let grid = Value::Grid(std::rc::Rc::new(crate::task::grid_from_rows(&rows).unwrap()));
        let marker = patch("    O = ofcolor(I, SEVEN)", std::slice::from_ref(&grid));
        let out = patch_maps(std::slice::from_ref(&marker), &PatchMapConfig::default());
        let ray = out.iter().find(|e| print(&e.program).contains("rbind(shoot, DOWN)")).expect("a ray down");
        // shoot runs 42 cells past the cell; the grid clips it when painted.
        assert!(matches!(&ray.outputs[0], Value::Indices(ix) if ix.iter().take(2).copied().collect::<Vec<_>>() == vec![(1, 1), (2, 1)]));
        let again = parse_program(&print(&ray.program)).unwrap();
        assert!(batt_dsl::order::canon_eq(&eval(&again, std::slice::from_ref(&grid), &mut Ctx::new(1 << 20)).unwrap(), &ray.outputs[0]));
        let wide = vec![vec![7; 9]; 1];
        let grid = Value::Grid(std::rc::Rc::new(crate::task::grid_from_rows(&wide).unwrap()));
        let many = patch("    O = ofcolor(I, SEVEN)", &[grid]);
        assert!(!patch_maps(&[many], &PatchMapConfig::default()).iter().any(|e| print(&e.program).contains("shoot")));
    }

    #[test]
    fn a_set_of_objects_gives_its_largest_and_smallest_object() {
        let rows = vec![vec![2, 2, 0, 0], vec![2, 2, 0, 5], vec![0, 0, 0, 0]];
        let grid = Value::Grid(std::rc::Rc::new(crate::task::grid_from_rows(&rows).unwrap()));
        let objs = patch("    O = objects(I, T, F, T)", &[grid]);
        let out = patch_maps(std::slice::from_ref(&objs), &PatchMapConfig::default());
        let size_of = |needle: &str| match &out.iter().find(|e| print(&e.program).contains(needle)).unwrap().outputs[0] {
            Value::Object(o) => o.len(),
            v => panic!("{v:?}"),
        };
        assert_eq!((size_of("argmax(x1, size)"), size_of("argmin(x1, size)")), (4, 1));
    }

    #[test]
    fn a_few_objects_shoot_rays_in_their_own_colours() {
        let rows = vec![vec![0, 2, 0, 3], vec![0, 0, 0, 0], vec![0, 0, 0, 0]];
        let grid = Value::Grid(std::rc::Rc::new(crate::task::grid_from_rows(&rows).unwrap()));
        let objs = patch("    O = objects(I, T, F, T)", &[grid]);
        let out = patch_maps(std::slice::from_ref(&objs), &PatchMapConfig::default());
        let texts: Vec<String> = out.iter().map(|e| print(&e.program)).collect();
        let down = out.iter().zip(&texts).find(|(_, t)| t.contains("center") && t.contains("DOWN")).unwrap_or_else(|| panic!("{texts:?}")).0;
        let Value::Object(o) = &down.outputs[0] else { panic!("{:?}", down.outputs[0]) };
        // On the grid (shoot goes 42 cells, past any grid's edge).
        let cells: Vec<(i32, i32, i32)> = o.iter().map(|c| (c.c, c.i, c.j)).filter(|c| c.1 < 3).collect();
        assert_eq!(cells, vec![(2, 0, 1), (2, 1, 1), (2, 2, 1), (3, 0, 3), (3, 1, 3), (3, 2, 3)]);
    }

    #[test]
    fn the_evaluation_cap_binds() {
        let rows = vec![vec![0, 1], vec![1, 0]];
        let grid = Value::Grid(std::rc::Rc::new(crate::task::grid_from_rows(&rows).unwrap()));
        let cells = patch("    O = ofcolor(I, ONE)", &[grid]);
        // Each pass has the cap: the maps and the rays apply to indices (the picks do not).
        assert!(patch_maps(std::slice::from_ref(&cells), &PatchMapConfig { max_evals: 2, ..Default::default() }).len() <= 4);
        assert!(patch_maps(std::slice::from_ref(&cells), &PatchMapConfig::default()).len() > 4);
    }
}
