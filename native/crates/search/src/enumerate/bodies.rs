//! The longer block bodies `blocks::DEFS` names: the stamp and leak blocks, recolouring by
//! the nearest marker, and the mask repairs (periodic, mirror-symmetric, every symmetry of the
//! square). Each is plain arc-dsl text, `c` the block's colour parameter; kept apart so that
//! blocks.rs holds the list and the machinery.

/// x3: the largest object (multicoloured, diagonal connections, background excluded),
/// normalised; x6: the cells of colour c outside it (the marks), each the place of a copy of x3
/// shifted by minus its centre.
pub(super) const STAMP_CENTRED: &str = "x1 = objects(I, F, T, T)\nx2 = argmax(x1, size)\nx3 = normalize(x2)\nx4 = ofcolor(I, c)\n\
x5 = toindices(x2)\nx6 = difference(x4, x5)\nx7 = center(x3)\nx8 = rbind(subtract, x7)\nx9 = lbind(shift, x3)\n\
x10 = compose(x9, x8)\nx11 = mapply(x10, x6)\nO = paint(I, x11)";

/// x5: the objects (one colour, 4-connected, background excluded) whose box misses one cell,
/// x6 that cell (the gap), x9 its neighbour inside the box, x10 the direction out of the box.
pub(super) const LEAKS: &str = "x1 = objects(I, T, F, T)\nx2 = fork(difference, box, toindices)\nx3 = compose(size, x2)\n\
x4 = matcher(x3, ONE)\nx5 = sfilter(x1, x4)\nx6 = compose(first, x2)\nx7 = compose(dneighbors, x6)\n\
x8 = fork(intersection, x7, delta)\nx9 = compose(first, x8)\nx10 = fork(subtract, x6, x9)\nx11 = fork(shoot, x6, x10)\n\
x12 = fork(combine, delta, x11)\nO = mapply(x12, x5)";

/// The other cells but the background's and c's, as (colour, cell): x9, with x1..x8 spent.
macro_rules! markers {
    () => {
        "x3 = mostcolor(I)\nx4 = asobject(I)\nx5 = matcher(first, c)\nx6 = matcher(first, x3)\nx7 = fork(either, x5, x6)\n\
x8 = compose(flip, x7)\nx9 = sfilter(x4, x8)\nx10 = compose(initset, last)\nx11 = rbind(compose, x10)\n\
x12 = lbind(lbind, manhattan)\nx14 = lbind(argmin, x9)\n"
    };
}

/// x1: the cells of colour c, each taking the colour of the first nearest marker cell
/// (`argmin`'s order on ties): x13 maps a cell to the distance of a marker cell from it.
pub(super) const NEAREST: &str = concat!(
    "x1 = ofcolor(I, c)\n",
    markers!(),
    "x2 = compose(x12, initset)\nx13 = compose(x11, x2)\nx15 = compose(x14, x13)\nx16 = compose(first, x15)\n\
x17 = fork(astuple, x16, identity)\nx18 = apply(x17, x1)\nO = paint(I, x18)"
);

/// x2: the objects of colour c, each taking the colour of the first marker cell nearest to it.
pub(super) const NEAREST_OBJECTS: &str = concat!(
    "x1 = objects(I, T, F, T)\nx2 = colorfilter(x1, c)\n",
    markers!(),
    "x13 = compose(x11, x12)\nx15 = compose(x14, x13)\nx16 = compose(first, x15)\nx17 = fork(recolor, x16, identity)\n\
x18 = mapply(x17, x2)\nO = paint(I, x18)"
);

/// The mask (x1: cells of colour c) and the visible cells x4 of I; x11 tells whether an object
/// agrees with x4 wherever their cells overlap, x6 counts the cells where it does.
macro_rules! masked {
    () => {
        "x1 = ofcolor(I, c)\nx2 = asobject(I)\nx3 = toobject(x1, I)\nx4 = difference(x2, x3)\n\
x5 = rbind(intersection, x4)\nx6 = compose(size, x5)\nx7 = toindices(x4)\nx8 = rbind(intersection, x7)\n\
x9 = compose(x8, toindices)\nx10 = compose(size, x9)\nx11 = fork(equality, x6, x10)\n"
    };
}

/// The visible cells shifted by multiples of the pattern's periods (the smallest shifts across
/// and down under which they agree with themselves), as x31.
macro_rules! periodic_fill {
    () => {
        "x12 = lbind(shift, x4)\nx13 = compose(x11, x12)\nx14 = width(I)\nx15 = increment(x14)\n\
x16 = interval(ONE, x15, ONE)\nx17 = apply(tojvec, x16)\nx18 = sfilter(x17, x13)\nx19 = first(x18)\n\
x20 = height(I)\nx21 = increment(x20)\nx22 = interval(ONE, x21, ONE)\nx23 = apply(toivec, x22)\n\
x24 = sfilter(x23, x13)\nx25 = first(x24)\nx26 = add(x19, x25)\nx27 = neighbors(ORIGIN)\n\
x28 = mapply(neighbors, x27)\nx29 = lbind(multiply, x26)\nx30 = apply(x29, x28)\nx31 = mapply(x12, x30)\n"
    };
}
pub(super) const PERIODIC: &str = concat!(masked!(), periodic_fill!(), "O = paint(I, x31)");
pub(super) const PERIODIC_CROP: &str = concat!(masked!(), periodic_fill!(), "x32 = paint(I, x31)\nO = subgrid(x1, x32)");

/// I painted over by their best mirrored copy for
/// each mirror in turn (x29, x38, x47, x56: nothing where no copy overlaps enough) as x60.
macro_rules! symmetric_fill {
    () => {
        "x12 = size(x4)\n\
x13 = shape(I)\nx14 = maximum(x13)\nx15 = halve(x14)\nx16 = invert(x15)\nx17 = interval(x16, x15, ONE)\nx61 = initset(x17)\nx62 = merge(x61)\nx63 = difference(x4, x4)\n\
x18 = compose(double, x6)\nx19 = rbind(greater, x12)\nx20 = compose(x19, x18)\n\
x21 = vmirror(x4)\nx22 = lbind(shift, x21)\nx23 = lbind(astuple, ZERO)\nx24 = apply(x23, x62)\n\
x25 = apply(x22, x24)\nx26 = sfilter(x25, x11)\nx27 = sfilter(x26, x20)\nx28 = insert(x63, x27)\nx29 = argmax(x28, x6)\n\
x30 = hmirror(x4)\nx31 = lbind(shift, x30)\nx32 = rbind(astuple, ZERO)\nx33 = apply(x32, x62)\n\
x34 = apply(x31, x33)\nx35 = sfilter(x34, x11)\nx36 = sfilter(x35, x20)\nx37 = insert(x63, x36)\nx38 = argmax(x37, x6)\n\
x39 = dmirror(x4)\nx40 = lbind(shift, x39)\nx41 = fork(astuple, identity, invert)\nx42 = apply(x41, x62)\n\
x43 = apply(x40, x42)\nx44 = sfilter(x43, x11)\nx45 = sfilter(x44, x20)\nx46 = insert(x63, x45)\nx47 = argmax(x46, x6)\n\
x48 = cmirror(x4)\nx49 = lbind(shift, x48)\nx50 = fork(astuple, identity, identity)\nx51 = apply(x50, x62)\n\
x52 = apply(x49, x51)\nx53 = sfilter(x52, x11)\nx54 = sfilter(x53, x20)\nx55 = insert(x63, x54)\nx56 = argmax(x55, x6)\n\
x57 = paint(I, x29)\nx58 = paint(x57, x38)\nx59 = paint(x58, x47)\nx60 = paint(x59, x56)\n"
    };
}
pub(super) const SYMMETRIC: &str = concat!(masked!(), symmetric_fill!(), "O = x60");
pub(super) const SYMMETRIC_CROP: &str = concat!(masked!(), symmetric_fill!(), "O = subgrid(x1, x60)");

/// Background cells (`complete_all`) or the cells of colour c (`repair_all`) take the colour of
/// the grid mirrored four ways and turned a quarter, each copy taken from the grid the one
/// before repaired (cells a copy leaves masked are filled by a later one).
pub(super) const ALL_COMPLETE: &str = "x1 = vmirror(I)\nx2 = asobject(x1)\nx3 = underpaint(I, x2)\n\
x4 = hmirror(x3)\nx5 = asobject(x4)\nx6 = underpaint(x3, x5)\nx7 = dmirror(x6)\nx8 = asobject(x7)\nx9 = underpaint(x6, x8)\n\
x10 = cmirror(x9)\nx11 = asobject(x10)\nx12 = underpaint(x9, x11)\nx13 = rot90(x12)\nx14 = asobject(x13)\nO = underpaint(x12, x14)";
pub(super) const ALL_REPAIR: &str = "x1 = vmirror(I)\nx2 = ofcolor(I, c)\nx3 = toobject(x2, x1)\nx4 = paint(I, x3)\n\
x5 = hmirror(x4)\nx6 = ofcolor(x4, c)\nx7 = toobject(x6, x5)\nx8 = paint(x4, x7)\n\
x9 = dmirror(x8)\nx10 = ofcolor(x8, c)\nx11 = toobject(x10, x9)\nx12 = paint(x8, x11)\n\
x13 = cmirror(x12)\nx14 = ofcolor(x12, c)\nx15 = toobject(x14, x13)\nx16 = paint(x12, x15)\n\
x17 = rot90(x16)\nx18 = ofcolor(x16, c)\nx19 = toobject(x18, x17)\nO = paint(x16, x19)";

/// Diagonal periodic repair. x10 / x13: the visible cells' (line, colour) for the lines
/// c + r (anti-diagonals) and c - r (diagonals); x29: the kinds of line each of one colour
/// (none, and the block fails at once: the common case, kept cheap); x48: the first candidate
/// (p, s) in order of p (`product` gives its pairs sorted; s = 1 anti-diagonals, -1
/// diagonals) under which the colour is a function of the line's index mod p (x43: the
/// candidate's (index mod p, colour) pairs, x44 their indices); x61: the masked cells with
/// their class, x68 each class's cells in its visible colour.
pub(super) const DIAGONAL: &str =
    "x1 = ofcolor(I, c)\nx2 = asobject(I)\nx3 = toobject(x1, I)\nx4 = difference(x2, x3)\nx5 = compose(invert, first)\n\
x6 = fork(add, last, first)\nx7 = fork(add, last, x5)\nx8 = compose(x6, last)\nx9 = fork(astuple, x8, first)\n\
x10 = apply(x9, x4)\nx11 = compose(x7, last)\nx12 = fork(astuple, x11, first)\nx13 = apply(x12, x4)\n\
x14 = height(I)\nx15 = width(I)\nx16 = add(x14, x15)\nx17 = interval(ONE, x16, ONE)\nx18 = initset(ONE)\n\
x19 = insert(NEG_ONE, x18)\nx20 = rbind(branch, x13)\nx21 = rbind(x20, x10)\nx22 = matcher(identity, ONE)\n\
x23 = compose(x21, x22)\nx24 = compose(size, x23)\nx25 = lbind(apply, first)\nx26 = compose(x25, x23)\n\
x27 = compose(size, x26)\nx28 = fork(equality, x24, x27)\nx29 = sfilter(x19, x28)\nx30 = product(x17, x29)\n\
x31 = matcher(last, ONE)\nx32 = compose(x21, x31)\nx33 = lbind(lbind, astuple)\nx34 = compose(x33, first)\n\
x35 = fork(apply, x34, x32)\nx36 = compose(first, last)\nx37 = fork(divide, x36, first)\nx38 = fork(multiply, first, x37)\n\
x39 = fork(subtract, x36, x38)\nx40 = compose(last, last)\nx41 = fork(astuple, x39, x40)\nx42 = lbind(apply, x41)\n\
x43 = compose(x42, x35)\nx44 = compose(x25, x43)\nx45 = compose(size, x43)\nx46 = compose(size, x44)\n\
x47 = fork(equality, x45, x46)\nx48 = extract(x30, x47)\nx49 = first(x48)\nx50 = last(x48)\nx51 = x43(x48)\n\
x52 = lbind(multiply, x50)\nx53 = compose(x52, first)\nx54 = fork(add, last, x53)\nx55 = rbind(divide, x49)\n\
x56 = lbind(multiply, x49)\nx57 = compose(x56, x55)\nx58 = compose(x57, x54)\nx59 = fork(subtract, x54, x58)\n\
x60 = fork(astuple, x59, identity)\nx61 = apply(x60, x1)\nx62 = lbind(matcher, first)\nx63 = compose(x62, first)\n\
x64 = lbind(sfilter, x61)\nx65 = compose(x64, x63)\nx66 = lbind(apply, last)\nx67 = compose(x66, x65)\n\
x68 = fork(recolor, last, x67)\nx69 = mapply(x68, x51)\nO = paint(I, x69)";
