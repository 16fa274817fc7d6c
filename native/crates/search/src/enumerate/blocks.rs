//! batt's building blocks: a coarser vocabulary for enumeration. Each is a small arc-dsl
//! function written for the image operations ARC tasks use most (crop to content, pick the
//! largest object, complete a symmetry, tile by mirroring, fill enclosed areas, join dots).
//! Enumeration treats a block as one call of cost 1; the programs it finds inline the block's
//! steps, so every candidate is still a plain arc-dsl program validated from its text.
//! The blocks are generic operations chosen from the training tasks only (see docs/design.md).

use batt_dsl::types::Type;
use batt_dsl::{Ctx, Value};
use batt_program::{eval, parse_program, Node, NodeId, Program};

use super::space::{COLOUR, OTHER};

pub struct Block {
    pub name: String,
    /// Parameter types and the roles of constants that may fill them.
    pub params: &'static [Param],
    pub ret: Type,
    pub program: Program,
}

/// A block parameter: its type and value class.
type Param = (Type, u8);
/// (name, parameters, result, body), see `DEFS`.
type BlockDef = (&'static str, &'static [Param], Type, &'static str);

const G: Param = (Type::Grid, OTHER);
const C: Param = (Type::Integer, COLOUR);

/// (name, parameters, result, body). Bodies use only arc-dsl primitives and constants; `{f}`
/// stands for each of `SYMMETRIES` in turn (one block each).
const DEFS: &[BlockDef] = &[
    // The bounding box of everything that is not background.
    ("crop_content", &[G], Type::Grid, "x1 = mostcolor(I)\nx2 = ofcolor(I, x1)\nx3 = asindices(I)\nx4 = difference(x3, x2)\nO = subgrid(x4, I)"),
    // The largest / smallest object (multicoloured, diagonal connections, background excluded).
    ("crop_largest", &[G], Type::Grid, "x1 = objects(I, F, T, T)\nx2 = argmax(x1, size)\nO = subgrid(x2, I)"),
    ("crop_smallest", &[G], Type::Grid, "x1 = objects(I, F, T, T)\nx2 = argmin(x1, size)\nO = subgrid(x2, I)"),
    // The single-coloured object that is largest, and the cells of the rarest colour.
    ("crop_largest_mono", &[G], Type::Grid, "x1 = objects(I, T, F, T)\nx2 = argmax(x1, size)\nO = subgrid(x2, I)"),
    ("crop_rarest_colour", &[G], Type::Grid, "x1 = leastcolor(I)\nx2 = ofcolor(I, x1)\nO = subgrid(x2, I)"),
    ("crop_most_colours", &[G], Type::Grid, "x1 = objects(I, F, T, T)\nx2 = argmax(x1, numcolors)\nO = subgrid(x2, I)"),
    // Symmetry completion: background cells take the mirrored (rotated...) grid's colour;
    // or the cells of one colour (a mask) do.
    ("complete_{f}", &[G], Type::Grid, "x1 = {f}(I)\nx2 = asobject(x1)\nO = underpaint(I, x2)"),
    ("repair_{f}", &[G, C], Type::Grid, "x1 = {f}(I)\nx2 = ofcolor(I, c)\nx3 = toobject(x2, x1)\nO = paint(I, x3)"),
    // Four mirrored copies.
    ("mirror_tile", &[G], Type::Grid, "x1 = vmirror(I)\nx2 = hconcat(I, x1)\nx3 = hmirror(x2)\nO = vconcat(x2, x3)"),
    // Background cells not connected to the border.
    ("enclosed", &[G], Type::Object, "x1 = mostcolor(I)\nx2 = objects(I, T, F, F)\nx3 = colorfilter(x2, x1)\nx4 = rbind(bordering, I)\nx5 = compose(flip, x4)\nO = mfilter(x3, x5)"),
    // Horizontal and vertical segments joining cells of one colour.
    ("lines_between", &[G, C], Type::Indices, "x1 = ofcolor(I, c)\nx2 = prapply(connect, x1, x1)\nx3 = fork(either, vline, hline)\nO = mfilter(x2, x3)"),
];

const SYMMETRIES: &[&str] = &["vmirror", "hmirror", "dmirror", "cmirror", "rot90", "rot180", "rot270"];

/// The blocks, parsed once per thread (their constants hold `Rc`s, so they cannot be shared
/// across threads; a few kilobytes per worker thread, kept for its life).
pub fn blocks() -> &'static [Block] {
    thread_local! {
        static B: &'static [Block] = Box::leak(parse_blocks().into_boxed_slice());
    }
    B.with(|b| *b)
}

fn parse_blocks() -> Vec<Block> {
    let mut out = Vec::new();
    for &(name, params, ret, body) in DEFS {
        let variants: &[&str] = if name.contains("{f}") { SYMMETRIES } else { &[""] };
        for f in variants {
            let name = name.replace("{f}", f);
            let names: Vec<&str> = params.iter().map(|p| if p.0 == Type::Grid { "I" } else { "c" }).collect();
            let lines: String = body.replace("{f}", f).lines().map(|l| format!("    {l}\n")).collect();
            let text = format!("def {name}({}):\n{lines}    return O\n", names.join(", "));
            let program = parse_program(&text).unwrap_or_else(|e| panic!("block {name}: {e}"));
            out.push(Block { name, params, ret, program });
        }
    }
    out
}

impl Block {
    /// The block applied to `args` (one value per parameter).
    pub fn apply(&self, ctx: &mut Ctx, args: &[Value]) -> Option<Value> {
        eval(&self.program, args, ctx).ok()
    }

    /// Appends the block's steps to `nodes`, its parameters bound to `args`; returns the node
    /// of its result.
    pub fn inline(&self, nodes: &mut Vec<Node>, args: &[NodeId]) -> NodeId {
        self.inline_with(
            &mut |n| {
                nodes.push(n);
                (nodes.len() - 1) as NodeId
            },
            args,
        )
    }

    /// The block's steps, each given to `add` (which returns its node: a plain append, or a
    /// hash-consed DAG's node), its parameters bound to `args`; returns the result's node.
    pub fn inline_with(&self, add: &mut dyn FnMut(Node) -> NodeId, args: &[NodeId]) -> NodeId {
        let mut id: Vec<NodeId> = Vec::with_capacity(self.program.nodes.len());
        for n in &self.program.nodes {
            id.push(match n {
                Node::Param(k) => args[*k as usize],
                Node::Const(v) => add(Node::Const(v.clone())),
                Node::Call { f, args: a } => add(Node::Call { f: id[*f as usize], args: a.iter().map(|x| id[*x as usize]).collect() }),
            });
        }
        id[self.program.output as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use batt_program::{canonical_text, print};

    #[test]
    fn every_block_parses_and_inlines_to_its_own_steps() {
        for b in blocks() {
            let mut nodes = vec![Node::Param(0)];
            let extra: Vec<NodeId> = b.params[1..]
                .iter()
                .map(|p| {
                    assert_eq!(p.0, Type::Integer);
                    nodes.push(Node::Const(Value::Int(2)));
                    (nodes.len() - 1) as NodeId
                })
                .collect();
            let args: Vec<NodeId> = std::iter::once(0).chain(extra).collect();
            let out = b.inline(&mut nodes, &args);
            let p = Program { name: "t".into(), params: vec!["I".into()], nodes, output: out };
            let text = print(&p);
            let back = parse_program(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", b.name));
            assert_eq!(canonical_text(&back), canonical_text(&p), "{}", b.name);
            assert_eq!(p.size(), b.program.size(), "{}: one step per block step", b.name);
        }
    }

    #[test]
    fn blocks_compute_what_they_say() {
        let g = |rows: &[&[u8]]| Value::Grid(std::rc::Rc::new(batt_search_grid(rows)));
        let enclosed = blocks().iter().find(|b| b.name == "enclosed").unwrap();
        let ring = g(&[&[0, 0, 0, 0, 0], &[0, 3, 3, 3, 0], &[0, 3, 0, 3, 0], &[0, 3, 3, 3, 0], &[0, 0, 0, 0, 0]]);
        let v = enclosed.apply(&mut Ctx::new(1_000_000), std::slice::from_ref(&ring)).unwrap();
        let Value::Object(cells) = &v else { panic!("{v:?}") };
        assert_eq!(cells.iter().map(|c| (c.i, c.j)).collect::<Vec<_>>(), vec![(2, 2)]);
        let crop = blocks().iter().find(|b| b.name == "crop_content").unwrap();
        let Value::Grid(c) = crop.apply(&mut Ctx::new(1_000_000), &[ring]).unwrap() else { panic!() };
        assert_eq!((c.h, c.w), (3, 3));
    }

    fn batt_search_grid(rows: &[&[u8]]) -> batt_dsl::Grid {
        let rows: Vec<Vec<u8>> = rows.iter().map(|r| r.to_vec()).collect();
        crate::task::grid_from_rows(&rows).unwrap()
    }
}
