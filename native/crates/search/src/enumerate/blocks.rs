//! batt's building blocks: a coarser vocabulary for enumeration. Each is a small arc-dsl
//! function written for the image operations ARC tasks use most (crop to content, pick the
//! largest object, complete a symmetry, tile by mirroring, fill enclosed areas, join dots).
//! Enumeration treats a block as one call of cost 1; the programs it finds inline the block's
//! steps, so every candidate is still a plain arc-dsl program validated from its text.
//! The blocks are generic operations chosen from the training tasks only (see docs/design.md).

use batt_dsl::types::Type;
use batt_dsl::{Ctx, Value};
use batt_program::{eval, parse_program, Node, NodeId, Program};

use super::bodies::{
    ALL_COMPLETE, ALL_REPAIR, DIAGONAL, LEAKS, NEAREST, NEAREST_OBJECTS, PERIODIC, PERIODIC_CROP, STAMP_CENTRED, SYMMETRIC, SYMMETRIC_CROP,
};
use super::bridges::BRIDGES_ACROSS;
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

/// I copied, on a black canvas of its shape squared, to the place of each cell in x1: cell
/// (i, j) becomes the copy's offset (i * h, j * w).
macro_rules! fractal {
    () => {
        "x2 = shape(I)\nx3 = multiply(x2, x2)\nx4 = canvas(ZERO, x3)\nx5 = lbind(multiply, x2)\nx6 = apply(x5, x1)\n\
x7 = asobject(I)\nx8 = lbind(shift, x7)\nx9 = mapply(x8, x6)\nO = paint(x4, x9)"
    };
}

/// Each colour's segments between its cells (but the background's): the `$first` kind
/// (`hline` or `vline`) painted first, the `$second` over them.
macro_rules! join {
    ($first:literal, $second:literal) => {
        concat!(
            "x1 = fgpartition(I)\nx2 = lbind(prapply, connect)\nx3 = fork(x2, toindices, toindices)\n",
            "x4 = rbind(mfilter, ",
            $first,
            ")\nx5 = compose(x4, x3)\nx6 = fork(recolor, color, x5)\nx7 = mapply(x6, x1)\nx8 = paint(I, x7)\n",
            "x9 = rbind(mfilter, ",
            $second,
            ")\nx10 = compose(x9, x3)\nx11 = fork(recolor, color, x10)\nx12 = mapply(x11, x1)\nO = paint(x8, x12)"
        )
    };
}

/// The rows of `$g` but those equal to the row above, as x{$n + 10}: the rows from the
/// second on, paired with whether each equals the one above, filtered, below the first row.
macro_rules! runs {
    ($g:literal, 0) => {
        concat!(
            "x1 = height(",
            $g,
            ")\nx2 = decrement(x1)\nx3 = width(",
            $g,
            ")\nx4 = astuple(x2, x3)\n",
            "x5 = crop(",
            $g,
            ", ORIGIN, x4)\nx6 = crop(",
            $g,
            ", DOWN, x4)\nx7 = papply(equality, x6, x5)\nx8 = pair(x6, x7)\n",
            "x22 = compose(flip, last)\nx9 = sfilter(x8, x22)\nx23 = apply(first, x9)\nx24 = astuple(ONE, x3)\nx25 = crop(",
            $g,
            ", ORIGIN, x24)\nx10 = vconcat(x25, x23)\n"
        )
    };
    ($g:literal, 10) => {
        concat!(
            "x11 = height(",
            $g,
            ")\nx12 = decrement(x11)\nx13 = width(",
            $g,
            ")\nx14 = astuple(x12, x13)\n",
            "x15 = crop(",
            $g,
            ", ORIGIN, x14)\nx16 = crop(",
            $g,
            ", DOWN, x14)\nx17 = papply(equality, x16, x15)\nx18 = pair(x16, x17)\n",
            "x19 = sfilter(x18, x22)\nx26 = apply(first, x19)\nx27 = astuple(ONE, x13)\nx28 = crop(",
            $g,
            ", ORIGIN, x27)\nx20 = vconcat(x28, x26)\n"
        )
    };
}

/// Every cell but the background's slides along its row to one end, in order (`$first`,
/// `$second`: the background cells and the others, as `combine`d), with the grid read through
/// `$t` (`dmirror` for columns) and written back through it.
macro_rules! gravity {
    ($t:literal, $first:literal, $second:literal) => {
        concat!(
            "x1 = ",
            $t,
            "(I)\nx2 = mostcolor(x1)\nx3 = matcher(identity, x2)\nx4 = compose(flip, x3)\n",
            "x5 = rbind(sfilter, x3)\nx6 = rbind(sfilter, x4)\nx7 = fork(combine, ",
            $first,
            ", ",
            $second,
            ")\n",
            "x8 = apply(x7, x1)\nO = ",
            $t,
            "(x8)"
        )
    };
}

/// The pattern (the object of most colours, its cells connected across and down) moved to
/// `$placed` (normalised as x3, or its mirror image as x4) painted at the top left corner of
/// each object of colour c. Only a pattern of two colours or more: without one (`argmax` of
/// nothing fails) the block stamped one-coloured shapes on each other, which fitted training's
/// 3aa6fb7a by coincidence and kept composition from its right answer.
macro_rules! stamp {
    ($mirror:literal, $placed:literal) => {
        concat!(
            "x1 = objects(I, F, F, T)\nx10 = matcher(numcolors, ONE)\nx11 = compose(flip, x10)\nx12 = sfilter(x1, x11)\n",
            "x2 = argmax(x12, numcolors)\nx3 = normalize(x2)\n",
            $mirror,
            "x5 = objects(I, T, F, T)\nx6 = colorfilter(x5, c)\nx7 = apply(ulcorner, x6)\nx8 = lbind(shift, ",
            $placed,
            ")\nx9 = mapply(x8, x7)\nO = paint(I, x9)"
        )
    };
}

/// Every object moved down by the difference between c's top row and its own, on the input
/// with every object covered.
const ALIGN_TOPS: &str = "x1 = objects(I, T, T, T)\nx2 = ofcolor(I, c)\nx3 = uppermost(x2)\nx4 = lbind(subtract, x3)\n\
x5 = compose(x4, uppermost)\nx6 = compose(toivec, x5)\nx7 = fork(shift, identity, x6)\nx8 = mapply(x7, x1)\nx9 = merge(x1)\n\
x10 = cover(I, x9)\nO = paint(x10, x8)";

/// The objects x1 of I repainted with their layers' colours reversed: an object's layer
/// colours, outside in, are the distinct colours met along the diagonal from its upper left
/// corner (x11, first occurrences in order); x13 pairs each with the colour of the layer as
/// far from the middle, x15 holds (object, (old, new)) for each, and x20 repaints the object's
/// cells of the old colour in the new one.
macro_rules! layers_reversed {
    () => {
        "x2 = rbind(shoot, UNITY)\nx3 = compose(x2, ulcorner)\nx4 = rbind(toobject, I)\nx5 = compose(x4, x3)\n\
x6 = fork(intersection, identity, x5)\nx7 = rbind(order, last)\nx8 = compose(x7, x6)\nx9 = lbind(apply, first)\n\
x10 = compose(x9, x8)\nx11 = compose(dedupe, x10)\nx12 = compose(hmirror, x11)\nx13 = fork(pair, x11, x12)\n\
x14 = fork(product, initset, x13)\nx15 = mapply(x14, x1)\nx16 = compose(first, last)\nx17 = compose(last, last)\n\
x18 = fork(recolor, x16, first)\nx19 = fork(intersection, first, x18)\nx20 = fork(recolor, x17, x19)\n\
x21 = mapply(x20, x15)\nO = paint(I, x21)"
    };
}

/// The cells of the rarest colour slide one cell towards `$d` wherever that cell is background (the
/// front of a run first), `$back` being the opposite direction; repeated 30 times (the
/// largest ARC grid's side) through `power`, each run ends against the border, another
/// colour or the rarest colour's cells already stopped there.
macro_rules! slide {
    ($d:literal, $back:literal) => {
        concat!(
            "x14 = leastcolor(I)\nx1 = rbind(ofcolor, x14)\nx2 = rbind(shift, ",
            $d,
            ")\nx3 = compose(x2, x1)\nx4 = fork(ofcolor, identity, mostcolor)\nx5 = fork(intersection, x3, x4)\n",
            "x6 = rbind(shift, ",
            $back,
            ")\nx7 = compose(x6, x5)\nx8 = fork(cover, identity, x7)\nx9 = lbind(recolor, x14)\nx10 = compose(x9, x5)\n",
            "x11 = fork(paint, x8, x10)\nx12 = power(x11, TEN)\nx13 = power(x12, THREE)\nO = x13(I)"
        )
    };
}

/// The objects (`$u`: single-coloured, else multicoloured; 4-connected) fall towards `$d` as
/// rigid bodies: a step moves every object whose cells one step on are free (on the grid and
/// in no other object), so one that rests on another moves once that one has; repeated 30
/// times through `power` on the set of objects (they never merge), then painted on the input
/// cleared of them.
macro_rules! fall {
    ($u:literal, $d:literal) => {
        concat!(
            "x1 = objects(I, ",
            $u,
            ", F, T)\nx2 = asindices(I)\nx3 = rbind(shift, ",
            $d,
            ")\nx4 = compose(x3, toindices)\nx5 = fork(difference, x4, toindices)\n",
            "x6 = compose(toindices, merge)\nx7 = lbind(difference, x2)\nx8 = compose(x7, x6)\nx9 = matcher(size, ZERO)\n",
            "x10 = lbind(rbind, difference)\nx11 = lbind(chain, x9)\nx12 = rbind(x11, x5)\nx13 = chain(x12, x10, x8)\n",
            "x14 = fork(sfilter, identity, x13)\nx15 = fork(difference, identity, x14)\nx16 = lbind(apply, x3)\nx17 = compose(x16, x14)\n",
            "x18 = fork(combine, x15, x17)\nx19 = power(x18, TEN)\nx20 = power(x19, THREE)\nx21 = x20(x1)\nx22 = merge(x1)\n",
            "x23 = cover(I, x22)\nx24 = merge(x21)\nO = paint(x23, x24)"
        )
    };
}

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
    // The same with every symmetry of the square in turn, for patterns symmetric under all
    // of them whose mirror images are masked too (training: b8825c91; ARC-AGI-2 training:
    // 5751f35e).
    ("complete_all", &[G], Type::Grid, ALL_COMPLETE),
    ("repair_all", &[G, C], Type::Grid, ALL_REPAIR),
    // Periodic repair: the cells of colour c are a mask over a pattern that repeats; the
    // smallest horizontal and vertical shifts under which the visible cells agree with
    // themselves are its periods, and the visible cells shifted by up to two periods either
    // way paint over the mask (or only the mask's bounding box is kept).
    ("repair_periodic", &[G, C], Type::Grid, PERIODIC),
    ("repair_periodic_crop", &[G, C], Type::Grid, PERIODIC_CROP),
    // Periodic repair along diagonals: the pattern is constant along each diagonal (or each
    // anti-diagonal) and the lines repeat with a period p across; the smallest p for which
    // every class of lines mod p shows one colour among all its visible cells together. The
    // shift test above compares a cell only with the one a period away, so when few cells
    // far apart are visible it takes a wrong period (training 05269061: colour by (r + c) mod
    // 3, a few anti-diagonals visible; no axis period's copies reach every masked cell).
    ("repair_diagonal", &[G, C], Type::Grid, DIAGONAL),
    // Mirror repair when the axis may be off the grid's centre: for each mirror, of the
    // mirrored visible cells shifted along the axis's normal, the copy that agrees with the
    // visible cells wherever they overlap and overlaps most; the copies that overlap at least
    // half the visible cells paint over the mask in turn (or only its bounding box is kept).
    ("repair_symmetric", &[G, C], Type::Grid, SYMMETRIC),
    ("repair_symmetric_crop", &[G, C], Type::Grid, SYMMETRIC_CROP),
    // Four mirrored copies.
    ("mirror_tile", &[G], Type::Grid, "x1 = vmirror(I)\nx2 = hconcat(I, x1)\nx3 = hmirror(x2)\nO = vconcat(x2, x3)"),
    // A copy of the grid in the place of each of its cells of one colour (of any other
    // colour; of its most / least common colour) on a black canvas of the grid's shape squared
    // (training: 007bbfb7, c3e719e8, cce03e0d).
    ("fractal_at", &[G, C], Type::Grid, concat!("x1 = ofcolor(I, c)\n", fractal!())),
    ("fractal_except", &[G, C], Type::Grid, concat!("x11 = ofcolor(I, c)\nx12 = asindices(I)\nx1 = difference(x12, x11)\n", fractal!())),
    ("fractal_most", &[G], Type::Grid, concat!("x11 = mostcolor(I)\nx1 = ofcolor(I, x11)\n", fractal!())),
    ("fractal_least", &[G], Type::Grid, concat!("x11 = leastcolor(I)\nx1 = ofcolor(I, x11)\n", fractal!())),
    // Background cells not connected to the border.
    ("enclosed", &[G], Type::Object, "x1 = mostcolor(I)\nx2 = objects(I, T, F, F)\nx3 = colorfilter(x2, x1)\nx4 = rbind(bordering, I)\nx5 = compose(flip, x4)\nO = mfilter(x3, x5)"),
    // The cells of colour c all eight of whose neighbours are of colour c too (the grid's edge
    // counts as another colour): the colour's area eroded by one cell. Training fills or
    // clears the inside of solid shapes so (bb43febb, 4347f46a, 50cb2852); on the background
    // colour it is the inside of the empty areas.
    ("interior", &[G, C], Type::Indices, "x1 = ofcolor(I, c)\nx2 = mapply(neighbors, x1)\nx3 = difference(x2, x1)\nx4 = mapply(neighbors, x3)\nO = difference(x1, x4)"),
    // Horizontal and vertical segments joining cells of one colour.
    ("lines_between", &[G, C], Type::Indices, "x1 = ofcolor(I, c)\nx2 = prapply(connect, x1, x1)\nx3 = fork(either, vline, hline)\nO = mfilter(x2, x3)"),
    // The same for every colour but the background at once, in that colour: the horizontal
    // segments first and the vertical ones over them, or the other way round (training:
    // 40853293, ded97339).
    ("join_across_then_down", &[G], Type::Grid, join!("hline", "vline")),
    ("join_down_then_across", &[G], Type::Grid, join!("vline", "hline")),
    // Runs of equal rows, then of equal columns, each kept once (training: 746b3537, 90c28cc7).
    ("dedupe_runs", &[G], Type::Grid, concat!(runs!("I", 0), "x21 = dmirror(x10)\n", runs!("x21", 10), "O = dmirror(x20)")),
    // Bridges: the background gap between two objects of one colour that face each other
    // across the rows they share, where no other object stands in it (training a699fb00,
    // ef135b50). Composition fills them in a colour. A variant across and down over the shared
    // rows and columns but the outermost ones gained no training task and cost eval-dev a
    // false positive, so it was left out.
    ("bridges_across", &[G], Type::Indices, BRIDGES_ACROSS),
    // Gravity: each cell but the background's falls to the right, left, bottom or top of its
    // row or column, keeping their order (training: 1e0a9b12, 3906de3d).
    ("gravity_right", &[G], Type::Grid, gravity!("identity", "x5", "x6")),
    ("gravity_left", &[G], Type::Grid, gravity!("identity", "x6", "x5")),
    ("gravity_down", &[G], Type::Grid, gravity!("dmirror", "x5", "x6")),
    ("gravity_up", &[G], Type::Grid, gravity!("dmirror", "x6", "x5")),
    // A container with one gap in its outline leaks: each object whose box misses exactly one
    // of its cells gives its inside (`delta`) and the ray from the gap outwards, away from the
    // inside cell next to it (training d4f3cd78: the box fills and the fill runs out through
    // the gap to the edge). Composition fills it in the colour the outputs show.
    ("leaks", &[G], Type::Indices, LEAKS),
    // A stamp: the largest object (multicoloured, diagonal connections) copied onto each cell
    // of colour c outside it, centred there (training 88a10436).
    ("stamp_centred", &[G, C], Type::Grid, STAMP_CENTRED),
    // Gravity against obstacles: the cells of the rarest colour alone slide right, left, down
    // or up until they meet the border or another cell (training 3906de3d: red bars rise into
    // the gap under the blue shape and stop against it). Not a colour parameter: one block per
    // colour and direction used up enumeration's combination cap (eval-dev 0692e18c lost its
    // answer), and the cells that move are the rarest colour in every such training task.
    ("slide_right", &[G], Type::Grid, slide!("RIGHT", "LEFT")),
    ("slide_left", &[G], Type::Grid, slide!("LEFT", "RIGHT")),
    ("slide_down", &[G], Type::Grid, slide!("DOWN", "UP")),
    ("slide_up", &[G], Type::Grid, slide!("UP", "DOWN")),
    // Gravity of whole objects: each single-coloured or multicoloured object falls one way as
    // a rigid body until it meets the border or an object that has stopped (training
    // 1e0a9b12: cells fall and stack on each other; here the falling bodies are objects).
    ("fall_right", &[G], Type::Grid, fall!("T", "RIGHT")),
    ("fall_left", &[G], Type::Grid, fall!("T", "LEFT")),
    ("fall_down", &[G], Type::Grid, fall!("T", "DOWN")),
    ("fall_up", &[G], Type::Grid, fall!("T", "UP")),
    ("fall_multi_right", &[G], Type::Grid, fall!("F", "RIGHT")),
    ("fall_multi_left", &[G], Type::Grid, fall!("F", "LEFT")),
    ("fall_multi_down", &[G], Type::Grid, fall!("F", "DOWN")),
    ("fall_multi_up", &[G], Type::Grid, fall!("F", "UP")),
    // Each cell of colour c takes the colour of the nearest cell of another colour but the
    // background's (training 2204b7a8: cells take the colour of the nearer border line).
    ("recolour_nearest", &[G, C], Type::Grid, NEAREST),
    // The same for whole objects of colour c: each takes the colour of the marker cell
    // nearest to any of its cells (training ddf7fa4f: boxes under coloured marks).
    ("recolour_nearest_objects", &[G, C], Type::Grid, NEAREST_OBJECTS),
    // The multicoloured pattern copied over each placeholder, an object of colour c, from its
    // top left corner (training e76a88a6: grey boxes take the pattern's colours; 321b1fc6); or its
    // mirror image, one block per mirror (as for symmetry completion).
    ("stamp", &[G, C], Type::Grid, stamp!("", "x3")),
    ("stamp_vmirror", &[G, C], Type::Grid, stamp!("x4 = vmirror(x3)\n", "x4")),
    ("stamp_hmirror", &[G, C], Type::Grid, stamp!("x4 = hmirror(x3)\n", "x4")),
    ("stamp_dmirror", &[G, C], Type::Grid, stamp!("x4 = dmirror(x3)\n", "x4")),
    ("stamp_cmirror", &[G, C], Type::Grid, stamp!("x4 = cmirror(x3)\n", "x4")),
    // Every object (one colour, diagonals joining) slides along its column until its top row
    // is the top row of colour c (training 1caeab9d: the objects line up with the blue one).
    // The same along rows (`leftmost`, `tojvec`) cost eval-dev a right answer: its values at
    // cost 1 pushed a cost-2 program of 0692e18c past the enumeration cap.
    ("align_tops_to", &[G, C], Type::Grid, ALIGN_TOPS),
    // Concentric layers in reverse colour order: the outermost layer's colour goes to the
    // innermost layer and so on, over the whole grid (training 85c4e7cd) or within each
    // object (multicoloured, background excluded), the same operation on several patterns.
    ("layers_reversed", &[G], Type::Grid, concat!("x0 = asobject(I)\nx1 = initset(x0)\n", layers_reversed!())),
    ("layers_reversed_objects", &[G], Type::Grid, concat!("x1 = objects(I, F, F, T)\n", layers_reversed!())),
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
    /// Fuel for one application, given one primitive call's: a block does several primitives'
    /// work, so it gets that once per 16 of its nodes (at least once). Measured: on a 30x30
    /// grid `repair_periodic` (over 40 nodes) spends about 250k, more than a call's 200k.
    pub fn fuel(&self, per_call: u64) -> u64 {
        per_call * (1 + self.program.nodes.len() as u64 / 16)
    }

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
#[path = "blocks_tests.rs"]
mod tests;
