"""batt seed solvers: original arc-dsl programs for ARC-AGI-1 training tasks.

Each solve_<taskid>(I) maps an input grid to its output grid using only the
primitives of the ARC DSL (dsl.py) and the constants of constants.py.
"""
from dsl import *
from constants import *


def solve_007bbfb7(I):
    # fractal: every coloured cell of the input holds a copy of the input
    x1 = hconcat(I, I)
    x2 = hconcat(x1, I)
    x3 = vconcat(x2, x2)
    x4 = vconcat(x3, x2)
    x5 = upscale(I, THREE)
    O = cellwise(x5, x4, ZERO)
    return O


def solve_00d62c1b(I):
    # fill background regions that do not touch the border with yellow
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, ZERO)
    x3 = rbind(bordering, I)
    x4 = compose(flip, x3)
    x5 = mfilter(x2, x4)
    O = fill(I, FOUR, x5)
    return O


def solve_0520fde7(I):
    # logical and of the two halves
    x1 = lefthalf(I)
    x2 = righthalf(I)
    x3 = cellwise(x1, x2, ZERO)
    O = replace(x3, ONE, TWO)
    return O


def solve_08ed6ac7(I):
    # rank the bars by height: tallest 1, then 2, 3, 4
    x1 = objects(I, T, F, T)
    x2 = order(x1, size)
    x3 = interval(FOUR, ZERO, NEG_ONE)
    x4 = mpapply(recolor, x3, x2)
    O = paint(I, x4)
    return O


def solve_0ca9ddb6(I):
    # red cells get yellow diagonal neighbours, blue cells orange orthogonal ones
    x1 = ofcolor(I, TWO)
    x2 = mapply(ineighbors, x1)
    x3 = underfill(I, FOUR, x2)
    x4 = ofcolor(I, ONE)
    x5 = mapply(dneighbors, x4)
    O = underfill(x3, SEVEN, x5)
    return O


def solve_0d3d703e(I):
    # fixed colour permutation
    x1 = switch(I, THREE, FOUR)
    x2 = switch(x1, ONE, FIVE)
    x3 = switch(x2, TWO, SIX)
    O = switch(x3, EIGHT, NINE)
    return O


def solve_178fcbfb(I):
    # red cells extend to columns; blue and green cells to rows on top
    x1 = ofcolor(I, TWO)
    x2 = mapply(vfrontier, x1)
    x3 = fill(I, TWO, x2)
    x4 = ofcolor(I, ONE)
    x5 = mapply(hfrontier, x4)
    x6 = fill(x3, ONE, x5)
    x7 = ofcolor(I, THREE)
    x8 = mapply(hfrontier, x7)
    O = fill(x6, THREE, x8)
    return O


def solve_1b2d62fb(I):
    # logical nor of the two halves
    x1 = lefthalf(I)
    x2 = righthalf(I)
    x3 = ofcolor(x1, ZERO)
    x4 = ofcolor(x2, ZERO)
    x5 = intersection(x3, x4)
    x6 = shape(x1)
    x7 = canvas(ZERO, x6)
    O = fill(x7, EIGHT, x5)
    return O


def solve_1cf80156(I):
    # crop the single object
    x1 = objects(I, F, T, T)
    x2 = first(x1)
    O = subgrid(x2, I)
    return O


def solve_1e0a9b12(I):
    # gravity: coloured cells fall to the bottom of their column
    x1 = dmirror(I)
    x2 = matcher(identity, ZERO)
    x3 = compose(flip, x2)
    x4 = rbind(order, x3)
    x5 = apply(x4, x1)
    O = dmirror(x5)
    return O


def solve_23b5c85d(I):
    # crop the smallest rectangle
    x1 = objects(I, T, F, T)
    x2 = argmin(x1, size)
    O = subgrid(x2, I)
    return O


def solve_25d8a9c8(I):
    # uniform rows become grey, the rest black
    x1 = frontiers(I)
    x2 = sfilter(x1, hline)
    x3 = merge(x2)
    x4 = shape(I)
    x5 = canvas(ZERO, x4)
    O = fill(x5, FIVE, x3)
    return O


def solve_25ff71a9(I):
    # move everything one row down
    x1 = objects(I, F, T, T)
    x2 = merge(x1)
    O = move(I, x2, DOWN)
    return O


def solve_28bf18c6(I):
    # crop the object and show it twice side by side
    x1 = objects(I, T, T, T)
    x2 = first(x1)
    x3 = subgrid(x2, I)
    O = hconcat(x3, x3)
    return O


def solve_3aa6fb7a(I):
    # complete each L tromino's bounding square with a blue cell
    x1 = objects(I, T, F, T)
    x2 = mapply(delta, x1)
    O = fill(I, ONE, x2)
    return O


def solve_3af2c5a8(I):
    # four-way mirror tiling
    x1 = vmirror(I)
    x2 = hconcat(I, x1)
    x3 = hmirror(x2)
    O = vconcat(x2, x3)
    return O


def solve_3bd67248(I):
    # diagonal red line and yellow bottom row
    x1 = height(I)
    x2 = decrement(x1)
    x3 = astuple(x2, ZERO)
    x4 = hfrontier(x3)
    x5 = underfill(I, FOUR, x4)
    x6 = decrement(x2)
    x7 = astuple(x6, ONE)
    x8 = shoot(x7, UP_RIGHT)
    O = fill(x5, TWO, x8)
    return O


def solve_3c9b0459(I):
    O = rot180(I)
    return O


def solve_40853293(I):
    # connect equal-coloured pairs; vertical lines cross over horizontal ones
    x1 = fgpartition(I)
    x2 = fork(connect, ulcorner, lrcorner)
    x3 = fork(recolor, color, x2)
    x4 = apply(x3, x1)
    x5 = sfilter(x4, hline)
    x6 = sfilter(x4, vline)
    x7 = merge(x5)
    x8 = merge(x6)
    x9 = paint(I, x7)
    O = paint(x9, x8)
    return O


def solve_4258a5f9(I):
    # surround every grey cell with a blue ring
    x1 = ofcolor(I, FIVE)
    x2 = mapply(neighbors, x1)
    O = underfill(I, ONE, x2)
    return O


def solve_445eab21(I):
    # colour of the frame enclosing the largest area, as a 2x2 square
    x1 = objects(I, T, F, T)
    x2 = compose(size, backdrop)
    x3 = argmax(x1, x2)
    x4 = color(x3)
    O = canvas(x4, TWO_BY_TWO)
    return O


def solve_44f52bb0(I):
    # blue if left-right symmetric, orange otherwise
    x1 = vmirror(I)
    x2 = equality(x1, I)
    x3 = branch(x2, ONE, SEVEN)
    O = canvas(x3, UNITY)
    return O


def solve_46442a0e(I):
    # 2x2 arrangement of the four rotations
    x1 = rot90(I)
    x2 = rot180(I)
    x3 = rot270(I)
    x4 = hconcat(I, x1)
    x5 = hconcat(x3, x2)
    O = vconcat(x4, x5)
    return O


def solve_4c4377d9(I):
    x1 = hmirror(I)
    O = vconcat(x1, I)
    return O


def solve_5582e5ca(I):
    x1 = mostcolor(I)
    x2 = shape(I)
    O = canvas(x1, x2)
    return O


def solve_5614dbcf(I):
    # remove the grey noise and shrink the 3x3 blocks
    x1 = replace(I, FIVE, ZERO)
    O = downscale(x1, THREE)
    return O


def solve_5bd6f4ac(I):
    # the top-right 3x3 corner
    x1 = tojvec(SIX)
    O = crop(I, x1, THREE_BY_THREE)
    return O


def solve_67385a82(I):
    # green objects bigger than one cell turn cyan
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, THREE)
    x3 = rbind(greater, ONE)
    x4 = compose(x3, size)
    x5 = mfilter(x2, x4)
    O = fill(I, EIGHT, x5)
    return O


def solve_67a3c6ac(I):
    O = vmirror(I)
    return O


def solve_68b16354(I):
    O = hmirror(I)
    return O


def solve_6e82a1ae(I):
    # recolour each object by its size: colour = 5 - size
    x1 = objects(I, T, F, T)
    x2 = lbind(subtract, FIVE)
    x3 = compose(x2, size)
    x4 = fork(recolor, x3, identity)
    x5 = mapply(x4, x1)
    O = paint(I, x5)
    return O


def solve_6f8cd79b(I):
    # draw a frame along the border
    x1 = asindices(I)
    x2 = box(x1)
    O = fill(I, EIGHT, x2)
    return O


def solve_7468f01a(I):
    # crop the foreground and mirror it left-right
    x1 = ofcolor(I, ZERO)
    x2 = asindices(I)
    x3 = difference(x2, x1)
    x4 = subgrid(x3, I)
    O = vmirror(x4)
    return O


def solve_74dd1130(I):
    O = dmirror(I)
    return O


def solve_810b9b61(I):
    # closed rectangular loops turn green
    x1 = objects(I, T, F, T)
    x2 = fork(equality, toindices, box)
    x3 = compose(size, delta)
    x4 = compose(positive, x3)
    x5 = fork(both, x2, x4)
    x6 = mfilter(x1, x5)
    O = fill(I, THREE, x6)
    return O


def solve_9172f3a0(I):
    O = upscale(I, THREE)
    return O


def solve_9565186b(I):
    # everything but the dominant colour turns grey
    x1 = mostcolor(I)
    x2 = shape(I)
    x3 = canvas(x1, x2)
    O = cellwise(I, x3, FIVE)
    return O


def solve_963e52fc(I):
    # continue the horizontal pattern over twice the width
    x1 = asobject(I)
    x2 = hperiod(x1)
    x3 = shape(I)
    x4 = multiply(x3, RIGHT)
    x5 = add(x3, x4)
    x6 = canvas(ZERO, x5)
    x7 = width(I)
    x8 = double(x7)
    x9 = interval(ZERO, x8, x2)
    x10 = apply(tojvec, x9)
    x11 = lbind(shift, x1)
    x12 = mapply(x11, x10)
    O = paint(x6, x12)
    return O


def solve_a416b8f3(I):
    O = hconcat(I, I)
    return O


def solve_a699fb00(I):
    # fill the gap between horizontally spaced blue cells
    x1 = ofcolor(I, ONE)
    x2 = shift(x1, RIGHT)
    x3 = shift(x1, LEFT)
    x4 = intersection(x2, x3)
    O = underfill(I, TWO, x4)
    return O


def solve_a740d043(I):
    # crop the foreground on blue and blank the blue
    x1 = fgpartition(I)
    x2 = merge(x1)
    x3 = subgrid(x2, I)
    O = replace(x3, ONE, ZERO)
    return O


def solve_a79310a0(I):
    # drop the shape one row and paint it red
    x1 = ofcolor(I, EIGHT)
    x2 = shift(x1, DOWN)
    x3 = shape(I)
    x4 = canvas(ZERO, x3)
    O = fill(x4, TWO, x2)
    return O


def solve_aabf363d(I):
    # recolour the shape with the colour of the lone marker, drop the marker
    x1 = leastcolor(I)
    x2 = fgpartition(I)
    x3 = argmax(x2, size)
    x4 = recolor(x1, x3)
    x5 = replace(I, x1, ZERO)
    O = paint(x5, x4)
    return O


def solve_aedd82e4(I):
    # isolated red cells turn blue
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, TWO)
    x3 = sizefilter(x2, ONE)
    x4 = merge(x3)
    O = fill(I, ONE, x4)
    return O


def solve_b91ae062(I):
    # upscale by the number of foreground colours
    x1 = palette(I)
    x2 = remove(ZERO, x1)
    x3 = size(x2)
    O = upscale(I, x3)
    return O


def solve_bb43febb(I):
    # fill the interior of every grey rectangle with red
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, FIVE)
    x3 = compose(backdrop, inbox)
    x4 = mapply(x3, x2)
    O = fill(I, TWO, x4)
    return O


def solve_be94b721(I):
    # crop the largest object
    x1 = objects(I, T, F, T)
    x2 = argmax(x1, size)
    O = subgrid(x2, I)
    return O


def solve_c0f76784(I):
    # colour holes by their size: 1 -> magenta, 4 -> orange, 9 -> cyan
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, ZERO)
    x3 = sizefilter(x2, ONE)
    x4 = sizefilter(x2, FOUR)
    x5 = sizefilter(x2, NINE)
    x6 = merge(x3)
    x7 = merge(x4)
    x8 = merge(x5)
    x9 = fill(I, SIX, x6)
    x10 = fill(x9, SEVEN, x7)
    O = fill(x10, EIGHT, x8)
    return O


def solve_c8f0f002(I):
    O = replace(I, SEVEN, FIVE)
    return O


def solve_c9e6f938(I):
    x1 = vmirror(I)
    O = hconcat(I, x1)
    return O


def solve_d037b0a7(I):
    # every coloured cell drips downwards
    x1 = objects(I, T, F, T)
    x2 = rbind(shoot, DOWN)
    x3 = compose(x2, center)
    x4 = fork(recolor, color, x3)
    x5 = mapply(x4, x1)
    O = underpaint(I, x5)
    return O


def solve_d0f5fe59(I):
    # count the objects, draw an n-by-n diagonal
    x1 = objects(I, T, T, T)
    x2 = size(x1)
    x3 = astuple(x2, x2)
    x4 = canvas(ZERO, x3)
    x5 = decrement(x3)
    x6 = connect(ORIGIN, x5)
    O = fill(x4, EIGHT, x6)
    return O


def solve_d10ecb37(I):
    O = crop(I, ORIGIN, TWO_BY_TWO)
    return O


def solve_d23f8c26(I):
    # keep only the middle column
    x1 = width(I)
    x2 = halve(x1)
    x3 = tojvec(x2)
    x4 = vfrontier(x3)
    x5 = asindices(I)
    x6 = difference(x5, x4)
    O = fill(I, ZERO, x6)
    return O


def solve_d511f180(I):
    O = switch(I, FIVE, EIGHT)
    return O


def solve_d5d6de2d(I):
    # replace each hollow frame by its filled interior in green
    x1 = objects(I, T, F, T)
    x2 = mapply(delta, x1)
    x3 = replace(I, TWO, ZERO)
    O = fill(x3, THREE, x2)
    return O


def solve_d631b094(I):
    # count the coloured cells and lay them out in a row
    x1 = palette(I)
    x2 = other(x1, ZERO)
    x3 = colorcount(I, x2)
    x4 = astuple(ONE, x3)
    O = canvas(x2, x4)
    return O


def solve_ea32f347(I):
    # longest line blue, shortest red, the other yellow
    x1 = objects(I, T, F, T)
    x2 = argmax(x1, size)
    x3 = argmin(x1, size)
    x4 = replace(I, FIVE, FOUR)
    x5 = fill(x4, ONE, x2)
    O = fill(x5, TWO, x3)
    return O


def solve_ed36ccf7(I):
    O = rot270(I)
    return O


def solve_f25ffba3(I):
    # mirror the bottom half onto the top half
    x1 = bottomhalf(I)
    x2 = hmirror(x1)
    O = vconcat(x2, x1)
    return O


def solve_f76d97a5(I):
    # grey takes the other colour, the other colour becomes background
    x1 = palette(I)
    x2 = other(x1, FIVE)
    x3 = replace(I, x2, ZERO)
    O = replace(x3, FIVE, x2)
    return O
