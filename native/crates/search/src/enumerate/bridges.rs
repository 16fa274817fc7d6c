//! Body of the bridge block (`blocks::DEFS`): background gaps between two objects of one colour
//! that face each other across the rows they share. Kept apart from bodies.rs, which holds the
//! other long bodies, to keep each file short.

/// The pair machinery, for pairs ((a, a's cells shot one way), (b, b's cells shot back)):
/// x11 gives a pair's gap (the cells both shots reach, but a's and b's); x20 keeps the pairs of
/// two distinct objects of one colour, then x14 those whose gap holds no cell of any object (in
/// two steps, so that the gaps of the other pairs are never computed). Written as a
/// macro so that a variant (down the columns, say) can share it.
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

/// The gaps between the pairs whose shots go `$d` and back `$back`, as `$p`13.
macro_rules! gaps {
    ($p:literal, $d:literal, $back:literal) => {
        concat!(
            $p,
            "1 = rbind(shoot, ",
            $d,
            ")\n",
            $p,
            "2 = lbind(mapply, ",
            $p,
            "1)\n",
            $p,
            "3 = compose(",
            $p,
            "2, toindices)\n",
            $p,
            "4 = fork(astuple, identity, ",
            $p,
            "3)\n",
            $p,
            "5 = apply(",
            $p,
            "4, x1)\n",
            $p,
            "6 = rbind(shoot, ",
            $back,
            ")\n",
            $p,
            "7 = lbind(mapply, ",
            $p,
            "6)\n",
            $p,
            "8 = compose(",
            $p,
            "7, toindices)\n",
            $p,
            "9 = fork(astuple, identity, ",
            $p,
            "8)\n",
            $p,
            "10 = apply(",
            $p,
            "9, x1)\n",
            $p,
            "11 = product(",
            $p,
            "5, ",
            $p,
            "10)\n",
            $p,
            "14 = sfilter(",
            $p,
            "11, x20)\n",
            $p,
            "12 = sfilter(",
            $p,
            "14, x14)\n",
            $p,
            "13 = mapply(x11, ",
            $p,
            "12)\n"
        )
    };
}

/// Across only, over the shared rows in full (training a699fb00: the cell between two 1s two
/// apart in a row; ef135b50: the gaps between red rectangles side by side, but not where
/// another rectangle stands in the gap).
pub(super) const BRIDGES_ACROSS: &str = concat!(pairs!(), gaps!("h", "RIGHT", "LEFT"), "O = h13");
