//! Body of the bridge block (`blocks::DEFS`): background gaps between two objects of one colour
//! that face each other across the rows they share. Kept apart from bodies.rs, which holds the
//! other long bodies, to keep each file short.

/// The pair machinery, for pairs ((a, a's cells shot one way), (b, b's cells shot back)):
/// x11 gives a pair's gap (the cells both shots reach, but a's and b's); x20 keeps the pairs of
/// two distinct objects of one colour, then x14 those whose gap holds no cell of any object (in
/// two steps, so that the gaps of the other pairs are never computed). A macro, so that a
/// variant down the columns could share it.
macro_rules! pairs {
    () => {
        concat!(
            "x1 = objects(I, T, F, T)\nx2 = merge(x1)\nx3 = toindices(x2)\nx4 = compose(first, first)\nx5 = compose(first, last)\n",
            "x6 = compose(last, first)\nx7 = compose(last, last)\nx8 = fork(intersection, x6, x7)\nx9 = fork(combine, x4, x5)\n",
            "x10 = compose(toindices, x9)\nx11 = fork(difference, x8, x10)\nx12 = rbind(intersection, x3)\n",
            "x13 = chain(size, x12, x11)\nx14 = matcher(x13, ZERO)\nx15 = compose(color, x4)\nx16 = compose(color, x5)\n",
            "x17 = fork(equality, x15, x16)\nx18 = fork(equality, x4, x5)\nx19 = compose(flip, x18)\nx20 = fork(both, x17, x19)\n",
        )
    };
}

/// The gaps between the pairs whose shots go right and back left, as x33: x25 and x30 pair each
/// object with the cells its shots reach, x31 every pair of them.
macro_rules! gaps_across {
    () => {
        "x21 = rbind(shoot, RIGHT)\nx22 = lbind(mapply, x21)\nx23 = compose(x22, toindices)\n\
x24 = fork(astuple, identity, x23)\nx25 = apply(x24, x1)\nx26 = rbind(shoot, LEFT)\nx27 = lbind(mapply, x26)\n\
x28 = compose(x27, toindices)\nx29 = fork(astuple, identity, x28)\nx30 = apply(x29, x1)\nx31 = product(x25, x30)\n\
x32 = sfilter(x31, x20)\nx34 = sfilter(x32, x14)\nx33 = mapply(x11, x34)\n"
    };
}

/// Across only, over the shared rows in full (training a699fb00: the cell between two 1s two
/// apart in a row; ef135b50: the gaps between red rectangles side by side, but not where
/// another rectangle stands in the gap).
pub(super) const BRIDGES_ACROSS: &str = concat!(pairs!(), gaps_across!(), "O = x33");
