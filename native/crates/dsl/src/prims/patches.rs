//! Patch geometry: corners, indices, recolouring, shifting, neighbourhoods and extremes.
//!
//! Also the Python helpers the shape primitives share (`a, b = x`, `min`/`max` with Python's
//! `<`, `next(iter(x))`, `toindices`), so weird arguments fail or succeed exactly as in the
//! reference, while `Indices` and `Object` patches take allocation-light fast paths.

use crate::budget::Ctx;
use crate::error::{empty_err, range_err, type_err, DslResult};
use crate::order::py_lt;
use crate::py;
use crate::registry::Impl;
use std::rc::Rc;

use crate::value::{rc_filled, Cell, Value};

pub const DEFS: &[Impl] = &[
    Impl { name: "ulcorner", f: ulcorner },
    Impl { name: "urcorner", f: urcorner },
    Impl { name: "llcorner", f: llcorner },
    Impl { name: "lrcorner", f: lrcorner },
    Impl { name: "toindices", f: toindices },
    Impl { name: "recolor", f: recolor },
    Impl { name: "shift", f: shift },
    Impl { name: "normalize", f: normalize },
    Impl { name: "dneighbors", f: dneighbors },
    Impl { name: "ineighbors", f: ineighbors },
    Impl { name: "neighbors", f: neighbors },
    Impl { name: "uppermost", f: uppermost },
    Impl { name: "lowermost", f: lowermost },
    Impl { name: "leftmost", f: leftmost },
    Impl { name: "rightmost", f: rightmost },
];

// ---------------------------------------------------------------------------------------------
// Python helpers shared by the grid, patch, relation and object primitives.

/// Element `k` of a container whose length was checked.
fn at(v: &Value, k: usize) -> DslResult<Value> {
    match v.elem(k) {
        Some(x) => Ok(x),
        None => range_err("index out of range"),
    }
}

/// Python `a, b = v`: any iterable of exactly two elements (a 2-element set unpacks too).
pub(crate) fn unpack2(v: &Value) -> DslResult<(Value, Value)> {
    match v {
        Value::Pair(a, b) => Ok((Value::Int(*a), Value::Int(*b))),
        _ => match v.len() {
            Some(2) => Ok((at(v, 0)?, at(v, 1)?)),
            Some(_) => range_err("wrong number of values to unpack"),
            None => type_err("cannot unpack non-iterable object"),
        },
    }
}

/// Python `next(iter(v))`: the first element in iteration order.
pub(crate) fn first_of(v: &Value) -> DslResult<Value> {
    match v.len() {
        None => type_err("object is not iterable"),
        Some(0) => empty_err("StopIteration"),
        Some(_) => at(v, 0),
    }
}

/// Python `min(values)`: compares with `<`, keeps the first of equal ones; empty raises.
pub(crate) fn py_min(vals: Vec<Value>) -> DslResult<Value> {
    let mut it = vals.into_iter();
    let Some(mut cur) = it.next() else { return empty_err("min() arg is an empty sequence") };
    for x in it {
        if py_lt(&x, &cur)? {
            cur = x;
        }
    }
    Ok(cur)
}

/// Python `max(values)`: compares with `>`, keeps the first of equal ones; empty raises.
pub(crate) fn py_max(vals: Vec<Value>) -> DslResult<Value> {
    let mut it = vals.into_iter();
    let Some(mut cur) = it.next() else { return empty_err("max() arg is an empty sequence") };
    for x in it {
        if py_lt(&cur, &x)? {
            cur = x;
        }
    }
    Ok(cur)
}

/// The positions of a patch in a fast shape (an object may repeat a position).
#[derive(Clone)]
pub(crate) enum Positions<'a> {
    Ix(std::slice::Iter<'a, (i32, i32)>),
    Cells(std::slice::Iter<'a, Cell>),
}

impl Iterator for Positions<'_> {
    type Item = (i64, i64);
    #[inline]
    fn next(&mut self) -> Option<(i64, i64)> {
        match self {
            Positions::Ix(it) => it.next().map(|&(i, j)| (i as i64, j as i64)),
            Positions::Cells(it) => it.next().map(|c| (c.i as i64, c.j as i64)),
        }
    }
}

/// `toindices(p)` iterated, for `Indices` and `Object` (never empty); `None` for other shapes.
pub(crate) fn positions(p: &Value) -> Option<Positions<'_>> {
    match p {
        Value::Indices(s) => Some(Positions::Ix(s.iter())),
        Value::Object(s) => Some(Positions::Cells(s.iter())),
        _ => None,
    }
}

/// The positions of an object's cells, as a frozenset.
pub(crate) fn object_indices(cells: &[Cell]) -> Value {
    // Cells sorted by (c, i, j) with a single colour have strictly increasing positions.
    if cells.first().map(|c| c.c) == cells.last().map(|c| c.c) && !cells.is_empty() {
        return Value::Indices(cells.iter().map(|c| (c.i, c.j)).collect());
    }
    Value::indices(cells.iter().map(|c| (c.i, c.j)).collect())
}

/// Python `toindices(patch)` as a value.
pub(crate) fn toindices_value(p: &Value) -> DslResult<Value> {
    match p {
        Value::Indices(_) => Ok(p.clone()),
        Value::Object(c) => Ok(object_indices(c)),
        _ => {
            if py::len(p)? == 0 {
                return Ok(Value::empty_set());
            }
            if !py::index(&first_of(p)?, 1)?.is_tuple() {
                return Ok(p.clone());
            }
            let items = py::iter(p)?;
            let mut out = Vec::with_capacity(items.len());
            for e in &items {
                out.push(unpack2(e)?.1);
            }
            Ok(Value::set(out))
        }
    }
}

/// `for i, j in toindices(patch)`, generically: the unpacked pairs.
pub(crate) fn index_pairs(p: &Value) -> DslResult<Vec<(Value, Value)>> {
    let t = toindices_value(p)?;
    py::iter(&t)?.iter().map(unpack2).collect()
}

/// `zip(*toindices(patch))`: the columns of the patch's indices.
pub(crate) fn index_columns(p: &Value) -> DslResult<Vec<Vec<Value>>> {
    let t = toindices_value(p)?;
    let rows = py::iter(&t)?.iter().map(py::iter).collect::<DslResult<Vec<_>>>()?;
    let n = rows.iter().map(Vec::len).min().unwrap_or(0);
    Ok((0..n).map(|k| rows.iter().map(|r| r[k].clone()).collect()).collect())
}

/// `min`/`max` of the row (`col == 0`) or column (`col == 1`) of each index of a patch.
pub(crate) fn extreme(p: &Value, col: usize, max: bool) -> DslResult<Value> {
    if let Some(it) = positions(p) {
        let vals = it.map(|(i, j)| if col == 0 { i } else { j });
        let r = if max { vals.max() } else { vals.min() };
        return match r {
            Some(x) => Ok(Value::Int(x)),
            None => empty_err("empty patch"),
        };
    }
    let vals = index_pairs(p)?.into_iter().map(|(i, j)| if col == 0 { i } else { j }).collect();
    if max {
        py_max(vals)
    } else {
        py_min(vals)
    }
}

pub(crate) fn uppermost_v(p: &Value) -> DslResult<Value> {
    extreme(p, 0, false)
}
pub(crate) fn lowermost_v(p: &Value) -> DslResult<Value> {
    extreme(p, 0, true)
}
pub(crate) fn leftmost_v(p: &Value) -> DslResult<Value> {
    extreme(p, 1, false)
}
pub(crate) fn rightmost_v(p: &Value) -> DslResult<Value> {
    extreme(p, 1, true)
}

// ---------------------------------------------------------------------------------------------

/// A corner: per column of `zip(*toindices(patch))`, `Some(true)` takes the max, `Some(false)`
/// the min, `None` raises (the reference's `{0: min, 1: max}[k]` lookup fails past column 1).
fn corner(p: &Value, pick: fn(usize) -> Option<bool>) -> DslResult<Value> {
    if let Some(it) = positions(p) {
        let (mut lo, mut hi) = ((i64::MAX, i64::MAX), (i64::MIN, i64::MIN));
        for (i, j) in it {
            lo = (lo.0.min(i), lo.1.min(j));
            hi = (hi.0.max(i), hi.1.max(j));
        }
        let i = if pick(0) == Some(true) { hi.0 } else { lo.0 };
        let j = if pick(1) == Some(true) { hi.1 } else { lo.1 };
        return Ok(Value::Pair(i, j));
    }
    let cols = index_columns(p)?;
    let mut out = Vec::with_capacity(cols.len());
    for (k, col) in cols.into_iter().enumerate() {
        out.push(match pick(k) {
            Some(true) => py_max(col)?,
            Some(false) => py_min(col)?,
            None => return range_err("KeyError"),
        });
    }
    Ok(Value::tuple(out))
}

/// index of upper left corner
fn ulcorner(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    corner(&a[0], |_| Some(false))
}

/// index of upper right corner
fn urcorner(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    corner(&a[0], |k| [Some(false), Some(true)].get(k).copied().flatten())
}

/// index of lower left corner
fn llcorner(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    corner(&a[0], |k| [Some(true), Some(false)].get(k).copied().flatten())
}

/// index of lower right corner
fn lrcorner(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    corner(&a[0], |_| Some(true))
}

/// indices of object cells
fn toindices(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    toindices_value(&a[0])
}

/// recolor patch
fn recolor(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (value, patch) = (&a[0], &a[1]);
    ctx.spend(patch.len().unwrap_or(0))?;
    if let (Value::Int(c), Some(it)) = (value, positions(patch)) {
        if let Ok(c) = i32::try_from(*c) {
            let mut cells: Vec<Cell> = it.map(|(i, j)| Cell { c, i: i as i32, j: j as i32 }).collect();
            cells.sort_unstable();
            cells.dedup();
            return Ok(Value::object_sorted(cells));
        }
    }
    let t = toindices_value(patch)?;
    let items = py::iter(&t)?;
    Ok(Value::set(items.into_iter().map(|ix| Value::tuple(vec![value.clone(), ix])).collect()))
}

/// `shift` for a fast patch by int offsets; `None` when a position leaves the `i32` range.
/// Shifting keeps the canonical order, so the result is built in one pass, unsorted.
pub(crate) fn shift_fast(p: &Value, di: i64, dj: i64) -> Option<Value> {
    let (di, dj) = (i32::try_from(di).ok()?, i32::try_from(dj).ok()?);
    if (di, dj) == (0, 0) && matches!(p, Value::Indices(_) | Value::Object(_)) {
        return Some(p.clone());
    }
    Some(match p {
        Value::Indices(s) => Value::Indices(shifted(s, |&(i, j)| {
            let ((i, a), (j, b)) = (i.overflowing_add(di), j.overflowing_add(dj));
            ((i, j), a | b)
        })?),
        Value::Object(s) => Value::Object(shifted(s, |c| {
            let ((i, a), (j, b)) = (c.i.overflowing_add(di), c.j.overflowing_add(dj));
            (Cell { c: c.c, i, j }, a | b)
        })?),
        _ => return None,
    })
}

/// `f` (an element and whether it overflowed) of each element, in one allocation; `None` if
/// any overflowed. A plain loop keeps the overflow flag in a register.
fn shifted<T: Copy + Default>(s: &[T], f: impl Fn(&T) -> (T, bool)) -> Option<Rc<[T]>> {
    let mut out = rc_filled(s.len(), T::default());
    let mut over = false;
    for (o, x) in Rc::get_mut(&mut out).expect("not shared yet").iter_mut().zip(s) {
        let (y, v) = f(x);
        *o = y;
        over |= v;
    }
    (!over).then_some(out)
}

/// `normalize` of a fast patch: shifted so its upper-left corner is the origin.
pub(crate) fn normalize_fast(p: &Value) -> Option<Value> {
    let (u, l, _, _) = super::pyx::fast_patch(p)?.bbox()?;
    shift_fast(p, -u, -l)
}

pub(crate) fn shift_value(ctx: &mut Ctx, patch: &Value, directions: &Value) -> DslResult<Value> {
    let n = py::len(patch)?;
    if n == 0 {
        return Ok(patch.clone());
    }
    ctx.spend(n)?;
    if let Value::Pair(di, dj) = directions {
        if let Some(v) = shift_fast(patch, *di, *dj) {
            return Ok(v);
        }
    }
    let (di, dj) = unpack2(directions)?;
    let items = py::iter(patch)?;
    let mut out = Vec::with_capacity(items.len());
    if py::index(&first_of(patch)?, 1)?.is_tuple() {
        for e in &items {
            let (value, ix) = unpack2(e)?;
            let (i, j) = unpack2(&ix)?;
            let moved = Value::tuple(vec![py::add(ctx, &i, &di)?, py::add(ctx, &j, &dj)?]);
            out.push(Value::tuple(vec![value, moved]));
        }
    } else {
        for e in &items {
            let (i, j) = unpack2(e)?;
            out.push(Value::tuple(vec![py::add(ctx, &i, &di)?, py::add(ctx, &j, &dj)?]));
        }
    }
    Ok(Value::set(out))
}

/// shift patch
fn shift(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    shift_value(ctx, &a[0], &a[1])
}

/// moves upper left corner to origin
fn normalize(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    if py::len(p)? == 0 {
        return Ok(p.clone());
    }
    if let Some(v) = normalize_fast(p) {
        ctx.spend(p.len().unwrap_or(0))?;
        return Ok(v);
    }
    let (top, left) = (uppermost_v(p)?, leftmost_v(p)?);
    let d = Value::tuple(vec![py::neg(&top)?, py::neg(&left)?]);
    shift_value(ctx, p, &d)
}

const DIRECT: &[(i64, i64)] = &[(-1, 0), (1, 0), (0, -1), (0, 1)];
const DIAGONAL: &[(i64, i64)] = &[(-1, -1), (-1, 1), (1, -1), (1, 1)];
const ALL: &[(i64, i64)] = &[(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)];

/// The positions `loc + d` for each offset, as the reference builds them (`loc[0] - 1`, ...).
fn around(ctx: &mut Ctx, loc: &Value, offsets: &[(i64, i64)]) -> DslResult<Value> {
    if let Value::Pair(i, j) = loc {
        let fits = |x: i64| i32::try_from(x).is_ok();
        let ok = offsets.iter().all(|&(di, dj)| fits(i.saturating_add(di)) && fits(j.saturating_add(dj)));
        if ok {
            let ix = offsets.iter().map(|&(di, dj)| ((i + di) as i32, (j + dj) as i32)).collect();
            return Ok(Value::indices(ix));
        }
    }
    let (a, b) = (py::index(loc, 0)?, py::index(loc, 1)?);
    let mut out = Vec::with_capacity(offsets.len());
    for &(di, dj) in offsets {
        let x = if di == 0 { a.clone() } else { py::add(ctx, &a, &Value::Int(di))? };
        let y = if dj == 0 { b.clone() } else { py::add(ctx, &b, &Value::Int(dj))? };
        out.push(Value::tuple(vec![x, y]));
    }
    Ok(Value::set(out))
}

/// directly adjacent indices
fn dneighbors(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    around(ctx, &a[0], DIRECT)
}

/// diagonally adjacent indices
fn ineighbors(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    around(ctx, &a[0], DIAGONAL)
}

/// adjacent indices
fn neighbors(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    around(ctx, &a[0], ALL)
}

/// row index of uppermost occupied cell
fn uppermost(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    uppermost_v(&a[0])
}

/// row index of lowermost occupied cell
fn lowermost(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    lowermost_v(&a[0])
}

/// column index of leftmost occupied cell
fn leftmost(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    leftmost_v(&a[0])
}

/// column index of rightmost occupied cell
fn rightmost(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    rightmost_v(&a[0])
}
