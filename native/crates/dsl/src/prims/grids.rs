//! Grid and colour properties of elements (grids or objects) and pieces (grids or patches).
//!
//! The reference dispatches on `isinstance(x, tuple)` (a grid) versus anything else (a set of
//! `(value, index)` cells); both branches are followed generically, with fast paths for `Grid`,
//! `Object` and `Indices`.

use crate::budget::Ctx;
use crate::error::{type_err, DslResult};
use crate::order::{canon_eq, py_gt};
use crate::py;
use crate::registry::Impl;
use std::rc::Rc;

use crate::value::{with_cell_buf, Cell, Value};

use super::colors;
use super::patches::{first_of, index_pairs, leftmost_v, lowermost_v, positions, rightmost_v, unpack2, uppermost_v};

pub const DEFS: &[Impl] = &[
    Impl { name: "mostcolor", f: mostcolor },
    Impl { name: "leastcolor", f: leastcolor },
    Impl { name: "height", f: height },
    Impl { name: "width", f: width },
    Impl { name: "shape", f: shape },
    Impl { name: "portrait", f: portrait },
    Impl { name: "colorcount", f: colorcount },
    Impl { name: "colorfilter", f: colorfilter },
    Impl { name: "sizefilter", f: sizefilter },
    Impl { name: "asindices", f: asindices },
    Impl { name: "ofcolor", f: ofcolor },
    Impl { name: "palette", f: palette },
    Impl { name: "numcolors", f: numcolors },
    Impl { name: "color", f: color },
    Impl { name: "toobject", f: toobject },
    Impl { name: "asobject", f: asobject },
];

/// Distinct colours of a fast element with their counts, ascending: a grid's cells, an object's
/// cell colours, or (as the reference's `for v, _ in element` reads them) an index set's rows.
pub(crate) fn color_counts(e: &Value) -> Option<Vec<(i64, usize)>> {
    match e {
        Value::Grid(g) => Some(colors::counts(&g.cells).into_iter().map(|(c, k)| (c as i64, k)).collect()),
        Value::Object(s) => Some(small_counts(s.iter().map(|c| c.c))),
        Value::Indices(s) => Some(small_counts(s.iter().map(|&(i, _)| i))),
        _ => None,
    }
}

/// Distinct values with their counts, ascending: a table when they span a small range, else a sort.
fn small_counts(vals: impl Iterator<Item = i32> + Clone) -> Vec<(i64, usize)> {
    let (lo, hi) = vals.clone().fold((i32::MAX, i32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if (hi as i64 - lo as i64) < 64 {
        let mut n = [0usize; 64];
        vals.for_each(|v| n[(v - lo) as usize] += 1);
        return (0..64).filter(|&k| n[k] > 0).map(|k| (lo as i64 + k as i64, n[k])).collect();
    }
    let mut vals: Vec<i32> = vals.collect();
    vals.sort_unstable();
    let mut out: Vec<(i64, usize)> = Vec::new();
    for v in vals {
        match out.last_mut() {
            Some((c, k)) if *c == v as i64 => *k += 1,
            _ => out.push((v as i64, 1)),
        }
    }
    out
}

/// The reference's `values` list: `[v for r in element for v in r]` for a tuple, else
/// `[v for v, _ in element]`.
fn color_values(e: &Value) -> DslResult<Vec<Value>> {
    let mut out = Vec::new();
    if e.is_tuple() {
        for r in py::iter(e)? {
            out.extend(py::iter(&r)?);
        }
    } else {
        for x in py::iter(e)? {
            out.push(unpack2(&x)?.0);
        }
    }
    Ok(out)
}

/// `max(set(values), key=values.count)` (or `min`): ties go to the canonically smallest colour.
pub(crate) fn common_color(ctx: &mut Ctx, e: &Value, most: bool) -> DslResult<Value> {
    let better = |k: usize, best: usize| if most { k > best } else { k < best };
    if let Some(counts) = color_counts(e) {
        let mut best: Option<(i64, usize)> = None;
        for (c, k) in counts {
            if best.is_none_or(|(_, b)| better(k, b)) {
                best = Some((c, k));
            }
        }
        return match best {
            Some((c, _)) => Ok(Value::Int(c)),
            None => crate::error::empty_err("empty element"),
        };
    }
    let values = color_values(e)?;
    let distinct = match Value::set(values.clone()) {
        s if s.len() == Some(0) => return crate::error::empty_err("arg is an empty sequence"),
        s => py::iter(&s)?,
    };
    ctx.spend(values.len().saturating_mul(distinct.len()))?;
    let mut best: Option<(Value, usize)> = None;
    for d in distinct {
        let k = values.iter().filter(|v| canon_eq(v, &d)).count();
        if best.as_ref().is_none_or(|(_, b)| better(k, *b)) {
            best = Some((d, k));
        }
    }
    match best {
        Some((d, _)) => Ok(d),
        None => crate::error::empty_err("arg is an empty sequence"),
    }
}

/// most common color
fn mostcolor(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    common_color(ctx, &a[0], true)
}

/// least common color
fn leastcolor(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    common_color(ctx, &a[0], false)
}

/// `max - min + 1` of a fast patch's rows (`col == 0`) or columns.
fn span(p: &Value, col: usize) -> Option<i64> {
    let it = positions(p)?;
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for (i, j) in it {
        let x = if col == 0 { i } else { j };
        lo = lo.min(x);
        hi = hi.max(x);
    }
    Some(hi - lo + 1)
}

pub(crate) fn height_v(ctx: &mut Ctx, p: &Value) -> DslResult<Value> {
    if let Value::Grid(g) = p {
        return Ok(Value::Int(g.h as i64));
    }
    let n = py::len(p)?;
    if n == 0 || p.is_tuple() {
        return Ok(Value::Int(n as i64));
    }
    if let Some(h) = span(p, 0) {
        return Ok(Value::Int(h));
    }
    let (lo, up) = (lowermost_v(p)?, uppermost_v(p)?);
    let d = py::sub(ctx, &lo, &up)?;
    py::add(ctx, &d, &Value::Int(1))
}

pub(crate) fn width_v(ctx: &mut Ctx, p: &Value) -> DslResult<Value> {
    if let Value::Grid(g) = p {
        return Ok(Value::Int(g.w as i64));
    }
    if py::len(p)? == 0 {
        return Ok(Value::Int(0));
    }
    if p.is_tuple() {
        return Ok(Value::Int(py::len(&py::index(p, 0)?)? as i64));
    }
    if let Some(w) = span(p, 1) {
        return Ok(Value::Int(w));
    }
    let (r, l) = (rightmost_v(p)?, leftmost_v(p)?);
    let d = py::sub(ctx, &r, &l)?;
    py::add(ctx, &d, &Value::Int(1))
}

/// height of grid or patch
fn height(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    height_v(ctx, &a[0])
}

/// width of grid or patch
fn width(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    width_v(ctx, &a[0])
}

/// height and width of grid or patch
fn shape(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let h = height_v(ctx, &a[0])?;
    let w = width_v(ctx, &a[0])?;
    Ok(Value::tuple(vec![h, w]))
}

/// whether height is greater than width
fn portrait(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let h = height_v(ctx, &a[0])?;
    let w = width_v(ctx, &a[0])?;
    Ok(Value::Bool(py_gt(&h, &w)?))
}

/// number of cells with color
fn colorcount(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (e, value) = (&a[0], &a[1]);
    ctx.spend(e.len().unwrap_or(0))?;
    match (e, value.as_int()) {
        (Value::Grid(g), Some(n)) => {
            let k = i8::try_from(n).map_or(0, |c| colors::count_eq(&g.cells, c));
            return Ok(Value::Int(k as i64));
        }
        (Value::Grid(_), None) => return Ok(Value::Int(0)),
        (Value::Object(s), Some(n)) => return Ok(Value::Int(s.iter().filter(|c| c.c as i64 == n).count() as i64)),
        (Value::Object(_), None) => return Ok(Value::Int(0)),
        _ => {}
    }
    let mut n = 0i64;
    if e.is_tuple() {
        for row in py::iter(e)? {
            if !row.is_tuple() {
                return type_err("row has no attribute 'count'");
            }
            n += py::iter(&row)?.iter().filter(|v| canon_eq(v, value)).count() as i64;
        }
    } else {
        for x in py::iter(e)? {
            n += canon_eq(&unpack2(&x)?.0, value) as i64;
        }
    }
    Ok(Value::Int(n))
}

/// The objects of a set of objects that satisfy `keep`, as a set (filtering keeps the order);
/// `None` if some element is not an object.
fn filter_objects(items: &Rc<[Value]>, keep: impl Fn(&[Cell]) -> bool) -> Option<Value> {
    let mut kept = Vec::new();
    for x in items.iter() {
        match x {
            Value::Object(o) if keep(o) => kept.push(x.clone()),
            Value::Object(_) => {}
            _ => return None,
        }
    }
    Some(match kept.len() {
        0 => Value::empty_set(),
        n if n == items.len() => Value::Set(items.clone()),
        _ => Value::Set(Rc::from(kept)),
    })
}

/// filter objects by color
fn colorfilter(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (objs, value) = (&a[0], &a[1]);
    if let Value::Set(items) = objs {
        let c = value.as_int();
        if let Some(keep) = filter_objects(items, |o| Some(o[0].c as i64) == c) {
            ctx.spend(items.len())?;
            return Ok(keep);
        }
    }
    let items = py::iter(objs)?;
    ctx.spend(items.len())?;
    let mut keep = Vec::new();
    for obj in items {
        let c = match &obj {
            Value::Object(s) => Value::Int(s[0].c as i64),
            _ => py::index(&first_of(&obj)?, 0)?,
        };
        if canon_eq(&c, value) {
            keep.push(obj);
        }
    }
    Ok(if objs.is_set() { Value::set_sorted(keep) } else { Value::set(keep) })
}

/// filter items by size
fn sizefilter(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (container, n) = (&a[0], &a[1]);
    if let Value::Set(items) = container {
        // `len(item) == n` holds only for an int (or bool) `n`; an item without a length raises.
        let n = n.as_int().and_then(|n| usize::try_from(n).ok());
        // A set of objects (the usual case) is filtered in one pass, without a dispatch per
        // element; anything else is counted first (an item without a length raises).
        if let Some(keep) = filter_objects(items, |o| Some(o.len()) == n) {
            ctx.spend(items.len())?;
            return Ok(keep);
        }
        let count: Option<usize> = items.iter().map(|x| x.len().map(|len| (Some(len) == n) as usize)).sum();
        if let Some(count) = count {
            ctx.spend(items.len())?;
            return Ok(Value::subset(items, count, false, |x| x.len() == n));
        }
    }
    let items = py::iter(container)?;
    ctx.spend(items.len())?;
    let mut keep = Vec::new();
    for item in items {
        if canon_eq(&Value::Int(py::len(&item)? as i64), n) {
            keep.push(item);
        }
    }
    Ok(if container.is_set() { Value::set_sorted(keep) } else { Value::set(keep) })
}

/// indices of all grid cells
fn asindices(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let g = &a[0];
    let h = py::len(g)?;
    if h == 0 {
        return Ok(Value::empty_set());
    }
    let w = py::len(&py::index(g, 0)?)?;
    ctx.check_len(h.saturating_mul(w))?;
    let mut ix = Vec::with_capacity(h * w);
    for i in 0..h {
        for j in 0..w {
            ix.push((i as i32, j as i32));
        }
    }
    Ok(Value::indices_sorted(ix))
}

/// indices of all grid cells with value
fn ofcolor(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (grid, value) = (&a[0], &a[1]);
    if let Value::Grid(g) = grid {
        ctx.spend(g.cells.len())?;
        let Some(n) = value.as_int() else { return Ok(Value::empty_set()) };
        let mut ix = Vec::new();
        for (k, &c) in g.cells.iter().enumerate() {
            if c as i64 == n {
                ix.push(((k / g.w) as i32, (k % g.w) as i32));
            }
        }
        return Ok(Value::indices_sorted(ix));
    }
    let mut ix = Vec::new();
    for (i, r) in py::iter(grid)?.iter().enumerate() {
        let row = py::iter(r)?;
        ctx.spend(row.len())?;
        for (j, v) in row.iter().enumerate() {
            if canon_eq(v, value) {
                ix.push((i as i32, j as i32));
            }
        }
    }
    Ok(Value::indices(ix))
}

pub(crate) fn palette_v(e: &Value) -> DslResult<Value> {
    if let Value::Grid(g) = e {
        // Ints, ascending and distinct: a frozenset as it stands (never empty for a grid).
        return Ok(Value::Set(colors::distinct(&g.cells).to_vec().into_iter().map(|c| Value::Int(c as i64)).collect()));
    }
    if let Some(counts) = color_counts(e) {
        return Ok(Value::set_sorted(counts.into_iter().map(|(c, _)| Value::Int(c)).collect()));
    }
    Ok(Value::set(color_values(e)?))
}

/// colors occurring in object or grid
fn palette(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    palette_v(&a[0])
}

/// number of colors occurring in object or grid
fn numcolors(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    if let Value::Grid(g) = &a[0] {
        return Ok(Value::Int(colors::distinct(&g.cells).len() as i64));
    }
    if let Some(counts) = color_counts(&a[0]) {
        return Ok(Value::Int(counts.len() as i64));
    }
    Ok(Value::Int(py::len(&palette_v(&a[0])?)? as i64))
}

/// color of object
fn color(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    match &a[0] {
        Value::Object(s) => Ok(Value::Int(s[0].c as i64)),
        Value::Grid(g) => Ok(Value::Int(g.cells[0] as i64)),
        obj => py::index(&first_of(obj)?, 0),
    }
}

/// object from patch and grid
fn toobject(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (patch, grid) = (&a[0], &a[1]);
    if let (Value::Grid(g), Some(it)) = (grid, positions(patch)) {
        ctx.spend(patch.len().unwrap_or(0))?;
        let (h, w) = (g.h as i64, g.w as i64);
        let mut cells: Vec<Cell> = it
            .filter(|&(i, j)| 0 <= i && i < h && 0 <= j && j < w)
            .map(|(i, j)| Cell { c: g.get(i as usize, j as usize) as i32, i: i as i32, j: j as i32 })
            .collect();
        cells.sort_unstable();
        cells.dedup();
        return Ok(Value::object_sorted(cells));
    }
    let h = py::len(grid)? as i64;
    let w = py::len(&py::index(grid, 0)?)? as i64;
    let pairs = index_pairs(patch)?;
    ctx.spend(pairs.len())?;
    let mut out = Vec::new();
    for (i, j) in pairs {
        // `0 <= i < h and 0 <= j < w`, short-circuiting like Python.
        let Some(ii) = i.as_int() else { return type_err("'<=' not supported") };
        if !(0 <= ii && ii < h) {
            continue;
        }
        let Some(jj) = j.as_int() else { return type_err("'<=' not supported") };
        if !(0 <= jj && jj < w) {
            continue;
        }
        let v = py::index(&py::index(grid, ii)?, jj)?;
        out.push(Value::tuple(vec![v, Value::tuple(vec![i, j])]));
    }
    Ok(Value::set(out))
}

/// conversion of grid to object
fn asobject(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let grid = &a[0];
    if let Value::Grid(g) = grid {
        ctx.check_len(g.cells.len())?;
        return Ok(with_cell_buf(|all| {
            all.resize(g.cells.len(), Cell::default());
            colors::sorted_cells_into(g, &colors::counts(&g.cells), None, all);
            Value::Object(Rc::from(&all[..]))
        }));
    }
    let mut out = Vec::new();
    for (i, r) in py::iter(grid)?.iter().enumerate() {
        let row = py::iter(r)?;
        ctx.check_len(out.len() + row.len())?;
        for (j, v) in row.into_iter().enumerate() {
            out.push(Value::tuple(vec![v, Value::Pair(i as i64, j as i64)]));
        }
    }
    Ok(Value::set(out))
}
