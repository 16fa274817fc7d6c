//! Python emulation shared by the grid-transform and geometry primitives: slicing, unpacking,
//! `zip(*x)`, `min`/`max`, and the reference's patch helpers (`toindices`, corners, extremes,
//! `shift`, `height`/`width`, `mostcolor`) exactly as `dsl.py` computes them, so that primitives
//! built on them fail where the reference fails. Each helper takes a fast route for
//! `Indices`/`Object`/`Grid` values and an element-by-element route otherwise.

use std::cmp::Ordering;

use crate::budget::Ctx;
use crate::error::{empty_err, range_err, type_err, DslResult};
use crate::order::{canon_cmp, canon_eq};
use crate::py;
use crate::value::{Cell, Grid, Value};

/// A patch in a fast representation: positions, cells, or the empty frozenset.
#[derive(Clone, Copy)]
pub(crate) enum Fast<'a> {
    Ix(&'a [(i32, i32)]),
    Obj(&'a [Cell]),
    Empty,
}

/// The fast view of a patch, `None` if it needs the generic route.
pub(crate) fn fast_patch(v: &Value) -> Option<Fast<'_>> {
    match v {
        Value::Indices(s) => Some(Fast::Ix(s)),
        Value::Object(s) => Some(Fast::Obj(s)),
        Value::Set(s) if s.is_empty() => Some(Fast::Empty),
        _ => None,
    }
}

impl<'a> Fast<'a> {
    /// Visits every position (an object's positions may repeat).
    #[inline]
    pub(crate) fn for_each(&self, mut f: impl FnMut(i64, i64)) {
        match self {
            Fast::Ix(s) => s.iter().for_each(|&(i, j)| f(i as i64, j as i64)),
            Fast::Obj(s) => s.iter().for_each(|c| f(c.i as i64, c.j as i64)),
            Fast::Empty => {}
        }
    }
    /// `(uppermost, leftmost, lowermost, rightmost)`, `None` when empty.
    pub(crate) fn bbox(&self) -> Option<(i64, i64, i64, i64)> {
        let b = match self {
            Fast::Ix(s) => bbox_of(s.iter().map(|&(i, j)| (i, j)))?,
            Fast::Obj(s) => bbox_of(s.iter().map(|c| (c.i, c.j)))?,
            Fast::Empty => return None,
        };
        Some((b.0 as i64, b.1 as i64, b.2 as i64, b.3 as i64))
    }
    pub(crate) fn len(&self) -> usize {
        match self {
            Fast::Ix(s) => s.len(),
            Fast::Obj(s) => s.len(),
            Fast::Empty => 0,
        }
    }
}

/// `(uppermost, leftmost, lowermost, rightmost)` of positions, `None` when there are none.
#[inline]
pub(crate) fn bbox_of(it: impl Iterator<Item = (i32, i32)>) -> Option<(i32, i32, i32, i32)> {
    let b = it.fold((i32::MAX, i32::MAX, i32::MIN, i32::MIN), |(u, l, d, r), (i, j)| (u.min(i), l.min(j), d.max(i), r.max(j)));
    (b.0 <= b.2).then_some(b)
}

/// A colour that fits a fast grid cell (a plain int, not a bool).
#[inline]
pub(crate) fn small(v: &Value) -> Option<i8> {
    match v {
        Value::Int(n) => i8::try_from(*n).ok(),
        _ => None,
    }
}

/// Python `int` operand (bools count), else `TypeError`.
#[inline]
pub(crate) fn int(v: &Value) -> DslResult<i64> {
    py::int_of(v)
}

/// `a, b = v`: any iterable of exactly two elements.
pub(crate) fn unpack2(v: &Value) -> DslResult<(Value, Value)> {
    super::patches::unpack2(v)
}

/// `x[k]` with `k` a value (must be an int).
pub(crate) fn getitem(x: &Value, k: &Value) -> DslResult<Value> {
    if !x.is_tuple() {
        return type_err("object is not subscriptable");
    }
    py::index(x, int(k)?)
}

/// Python's slice bounds for `x[start:stop]` on a sequence of length `n`.
pub(crate) fn slice_range(n: usize, start: Option<i64>, stop: Option<i64>) -> (usize, usize) {
    let n = n as i64;
    let adj = |x: i64| if x < 0 { (x + n).max(0) } else { x.min(n) };
    let s = start.map(adj).unwrap_or(0);
    let e = stop.map(adj).unwrap_or(n);
    (s as usize, e.max(s) as usize)
}

/// Rows `r0..r1` and columns `c0..c1` of a grid (already clamped), as a Python value.
pub(crate) fn sub_grid(g: &Grid, r0: usize, r1: usize, c0: usize, c1: usize) -> Value {
    let (h, w) = (r1 - r0, c1 - c0);
    let mut cells = vec![0i8; h * w];
    for (dst, i) in cells.chunks_exact_mut(w.max(1)).zip(r0..r1) {
        super::gridops::copy_row(dst, &g.row(i)[c0..c1]);
    }
    Value::grid(Grid::new(h, w, cells))
}

/// `x[start:stop]` on a tuple.
pub(crate) fn slice(x: &Value, start: Option<i64>, stop: Option<i64>) -> DslResult<Value> {
    if !x.is_tuple() {
        return type_err("object is not subscriptable");
    }
    let (s, e) = slice_range(x.len().unwrap(), start, stop);
    if let Value::Grid(g) = x {
        return Ok(sub_grid(g, s, e, 0, g.w));
    }
    Ok(Value::tuple((s..e).map(|k| x.elem(k).unwrap()).collect()))
}

/// `x[start:stop]` with the bounds given as values (ints or bools).
pub(crate) fn slice_v(x: &Value, start: &Value, stop: &Value) -> DslResult<Value> {
    if !x.is_tuple() {
        return type_err("object is not subscriptable");
    }
    slice(x, Some(int(start)?), Some(int(stop)?))
}

/// `x[::-1]` on a tuple.
pub(crate) fn reversed(x: &Value) -> DslResult<Value> {
    if !x.is_tuple() {
        return type_err("object is not subscriptable");
    }
    let mut items = x.elems().unwrap();
    items.reverse();
    Ok(Value::tuple(items))
}

/// `zip(*rows)`: the columns, as many as the shortest row has elements.
pub(crate) fn zip_star(rows: &[Value]) -> DslResult<Vec<Vec<Value>>> {
    let rows = rows.iter().map(py::iter).collect::<DslResult<Vec<_>>>()?;
    let n = rows.iter().map(Vec::len).min().unwrap_or(0);
    Ok((0..n).map(|k| rows.iter().map(|r| r[k].clone()).collect()).collect())
}

/// Python `min(items)`: the first smallest under `<`; empty is a `ValueError`.
pub(crate) fn min_of(items: &[Value]) -> DslResult<Value> {
    super::patches::py_min(items.to_vec())
}

/// Python `max(items)`: the first largest under `>`.
pub(crate) fn max_of(items: &[Value]) -> DslResult<Value> {
    super::patches::py_max(items.to_vec())
}

/// `0 <= x < n`, with Python's errors for a non-number `x`; the index when it holds.
pub(crate) fn in_range(x: &Value, n: usize) -> DslResult<Option<usize>> {
    let x = match x {
        Value::Int(x) => *x,
        Value::Bool(b) => *b as i64,
        _ => return type_err("'<=' not supported"),
    };
    Ok(if x >= 0 && (x as u64) < n as u64 { Some(x as usize) } else { None })
}

/// Number of distinct elements (`len(set(items))`).
pub(crate) fn n_distinct(items: &[Value]) -> usize {
    let mut v: Vec<&Value> = items.iter().collect();
    v.sort_by(|a, b| canon_cmp(a, b));
    v.dedup_by(|a, b| canon_eq(a, b));
    v.len()
}

/// `isinstance(next(iter(patch))[1], tuple)` for a non-empty container.
pub(crate) fn first_is_cell(v: &Value) -> DslResult<bool> {
    match v {
        Value::Object(_) => Ok(true),
        Value::Indices(_) => Ok(false),
        _ => match v.elem(0) {
            Some(first) => Ok(py::index(&first, 1)?.is_tuple()),
            None => type_err("object is not iterable"),
        },
    }
}

/// The reference's `toindices`.
pub(crate) fn toindices(v: &Value) -> DslResult<Value> {
    super::patches::toindices_value(v)
}

/// Which function a corner applies to each coordinate column.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Corner {
    Ul,
    Ur,
    Ll,
    Lr,
}

/// `ulcorner`/`urcorner`/`llcorner`/`lrcorner` of any patch.
pub(crate) fn corner(v: &Value, which: Corner) -> DslResult<Value> {
    if let Some(f) = fast_patch(v) {
        return Ok(match f.bbox() {
            None => Value::empty_tuple(),
            Some((u, l, d, r)) => match which {
                Corner::Ul => Value::Pair(u, l),
                Corner::Ur => Value::Pair(u, r),
                Corner::Ll => Value::Pair(d, l),
                Corner::Lr => Value::Pair(d, r),
            },
        });
    }
    let cols = zip_star(&py::iter(&toindices(v)?)?)?;
    let mut out = Vec::with_capacity(cols.len());
    for (k, col) in cols.iter().enumerate() {
        let use_max = match (which, k) {
            (Corner::Ul, _) => false,
            (Corner::Lr, _) => true,
            (Corner::Ur, 0) | (Corner::Ll, 1) => false,
            (Corner::Ur, 1) | (Corner::Ll, 0) => true,
            _ => return range_err("KeyError in corner lookup"),
        };
        out.push(if use_max { max_of(col)? } else { min_of(col)? });
    }
    Ok(Value::tuple(out))
}

/// `uppermost` (axis 0, min), `lowermost` (0, max), `leftmost` (1, min), `rightmost` (1, max).
pub(crate) fn extreme(v: &Value, axis: usize, max: bool) -> DslResult<Value> {
    super::patches::extreme(v, axis, max)
}

/// The reference's `height` of a grid or patch.
pub(crate) fn height(ctx: &mut Ctx, v: &Value) -> DslResult<Value> {
    super::grids::height_v(ctx, v)
}

/// The reference's `width` of a grid or patch.
pub(crate) fn width(ctx: &mut Ctx, v: &Value) -> DslResult<Value> {
    super::grids::width_v(ctx, v)
}

/// The reference's `shift`.
pub(crate) fn shift(ctx: &mut Ctx, v: &Value, dir: &Value) -> DslResult<Value> {
    super::patches::shift_value(ctx, v, dir)
}

/// The reference's `normalize`.
pub(crate) fn normalize(ctx: &mut Ctx, v: &Value) -> DslResult<Value> {
    if py::len(v)? == 0 {
        return Ok(v.clone());
    }
    if let Some(out) = super::patches::normalize_fast(v) {
        ctx.spend(v.len().unwrap_or(0))?;
        return Ok(out);
    }
    let di = py::neg(&extreme(v, 0, false)?)?;
    let dj = py::neg(&extreme(v, 1, false)?)?;
    shift(ctx, v, &Value::tuple(vec![di, dj]))
}

/// The reference's `center`: `(uppermost + height // 2, leftmost + width // 2)`.
pub(crate) fn center(ctx: &mut Ctx, v: &Value) -> DslResult<Value> {
    if let Some(f) = fast_patch(v) {
        return match f.bbox() {
            None => empty_err("min() arg is an empty sequence"),
            Some((u, l, d, r)) => Ok(Value::Pair(u + (d - u + 1).div_euclid(2), l + (r - l + 1).div_euclid(2))),
        };
    }
    let two = Value::Int(2);
    let u = extreme(v, 0, false)?;
    let h = py::floordiv(&height(ctx, v)?, &two)?;
    let a = py::add(ctx, &u, &h)?;
    let l = extreme(v, 1, false)?;
    let w = py::floordiv(&width(ctx, v)?, &two)?;
    let b = py::add(ctx, &l, &w)?;
    Ok(Value::tuple(vec![a, b]))
}

/// Most common colour of a fast grid (ties: the smallest colour).
pub(crate) fn grid_mostcolor(g: &Grid) -> i8 {
    super::colors::most(&g.cells).unwrap_or(0)
}

/// The reference's `mostcolor` of a grid or object.
pub(crate) fn mostcolor(v: &Value) -> DslResult<Value> {
    if let Value::Grid(g) = v {
        return Ok(Value::Int(grid_mostcolor(g) as i64));
    }
    let mut values = Vec::new();
    if v.is_tuple() {
        for r in py::iter(v)? {
            values.extend(py::iter(&r)?);
        }
    } else {
        for e in py::iter(v)? {
            values.push(unpack2(&e)?.0);
        }
    }
    if values.is_empty() {
        return empty_err("max() arg is an empty sequence");
    }
    values.sort_by(canon_cmp); // stable: the first occurrence of equal values leads its run
    let (mut best, mut best_n) = (0, 0);
    let mut k = 0;
    while k < values.len() {
        let mut e = k + 1;
        while e < values.len() && canon_cmp(&values[k], &values[e]) == Ordering::Equal {
            e += 1;
        }
        if e - k > best_n {
            best = k;
            best_n = e - k;
        }
        k = e;
    }
    Ok(values.swap_remove(best))
}

/// Positions as a frozenset (fast shape when they fit).
pub(crate) fn make_indices(ix: Vec<(i64, i64)>) -> Value {
    let fit: Option<Vec<(i32, i32)>> = ix.iter().map(|&(i, j)| Some((i32::try_from(i).ok()?, i32::try_from(j).ok()?))).collect();
    match fit {
        Some(v) => Value::indices(v),
        None => Value::set(ix.into_iter().map(|(i, j)| Value::Pair(i, j)).collect()),
    }
}

/// Cells `(c, i, j)` as a frozenset object (fast shape when they fit).
pub(crate) fn make_object(cells: Vec<(i64, i64, i64)>) -> Value {
    let fit: Option<Vec<Cell>> =
        cells.iter().map(|&(c, i, j)| Some(Cell { c: i32::try_from(c).ok()?, i: i32::try_from(i).ok()?, j: i32::try_from(j).ok()? })).collect();
    match fit {
        Some(v) => Value::object(v),
        None => Value::set(cells.into_iter().map(|(c, i, j)| Value::tuple(vec![Value::Int(c), Value::Pair(i, j)])).collect()),
    }
}

/// A tuple of row tuples.
pub(crate) fn rows_value(rows: Vec<Vec<Value>>) -> Value {
    Value::tuple(rows.into_iter().map(Value::tuple).collect())
}

/// `list(list(row) for row in grid)`, with `h, w = len(grid), len(grid[0])` checked first.
pub(crate) fn grid_lists(grid: &Value) -> DslResult<(usize, usize, Vec<Vec<Value>>)> {
    let h = py::len(grid)?;
    let w = py::len(&py::index(grid, 0)?)?;
    let rows = py::iter(grid)?.iter().map(py::iter).collect::<DslResult<Vec<_>>>()?;
    Ok((h, w, rows))
}

/// `range(n)` length for an int operand (negative is empty); `TypeError` otherwise.
pub(crate) fn range_len(n: &Value) -> DslResult<usize> {
    Ok(int(n)?.max(0) as usize)
}
