//! Grid transforms: rotations, mirrors (of grids and of patches), halves, crops, splits,
//! concatenation and compression. A `Grid` argument takes a flat fast path; anything else
//! follows the reference's Python expression step by step (see `pyx`).

use crate::budget::Ctx;
use crate::error::DslResult;
use crate::order::canon_eq;
use crate::prims::gridops;
use crate::prims::pyx::{self, fast_patch, int, reversed, rows_value, slice, slice_range, sub_grid, unpack2, Corner, Fast};
use crate::py;
use crate::registry::Impl;
use crate::value::{Grid, Value};

pub const DEFS: &[Impl] = &[
    Impl { name: "crop", f: crop },
    Impl { name: "rot90", f: rot90 },
    Impl { name: "rot180", f: rot180 },
    Impl { name: "rot270", f: rot270 },
    Impl { name: "hmirror", f: hmirror },
    Impl { name: "vmirror", f: vmirror },
    Impl { name: "dmirror", f: dmirror },
    Impl { name: "cmirror", f: cmirror },
    Impl { name: "hconcat", f: hconcat },
    Impl { name: "vconcat", f: vconcat },
    Impl { name: "subgrid", f: subgrid },
    Impl { name: "hsplit", f: hsplit },
    Impl { name: "vsplit", f: vsplit },
    Impl { name: "trim", f: trim },
    Impl { name: "tophalf", f: tophalf },
    Impl { name: "bottomhalf", f: bottomhalf },
    Impl { name: "lefthalf", f: lefthalf },
    Impl { name: "righthalf", f: righthalf },
    Impl { name: "compress", f: compress },
];

/// `tuple(r[s1:s1+d1] for r in grid[s0:s0+d0])` on a fast grid.
pub(crate) fn crop_fast(g: &Grid, s0: i64, s1: i64, d0: i64, d1: i64) -> Value {
    let (r0, r1) = slice_range(g.h, Some(s0), Some(s0.saturating_add(d0)));
    let (c0, c1) = slice_range(g.w, Some(s1), Some(s1.saturating_add(d1)));
    if r0 == r1 {
        return Value::empty_tuple();
    }
    sub_grid(g, r0, r1, c0, c1)
}

/// The reference's `crop` on any values.
pub(crate) fn crop_v(ctx: &mut Ctx, grid: &Value, start: &Value, dims: &Value) -> DslResult<Value> {
    if let (Value::Grid(g), Value::Pair(s0, s1), Value::Pair(d0, d1)) = (grid, start, dims) {
        ctx.spend(g.h)?;
        return Ok(crop_fast(g, *s0, *s1, *d0, *d1));
    }
    let s0 = py::index(start, 0)?;
    let e0 = py::add(ctx, &s0, &py::index(dims, 0)?)?;
    let rows = pyx::slice_v(grid, &s0, &e0)?;
    let mut out = Vec::new();
    for r in py::iter(&rows)? {
        let s1 = py::index(start, 1)?;
        let e1 = py::add(ctx, &s1, &py::index(dims, 1)?)?;
        out.push(pyx::slice_v(&r, &s1, &e1)?);
    }
    Ok(Value::tuple(out))
}

/// subgrid specified by start and dimension
fn crop(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    crop_v(ctx, &a[0], &a[1], &a[2])
}

pub(crate) fn rot90_v(grid: &Value) -> DslResult<Value> {
    if let Value::Grid(g) = grid {
        return Ok(Value::grid(gridops::transpose(g, true, false)));
    }
    let rows = reversed(grid)?;
    Ok(rows_value(pyx::zip_star(&py::iter(&rows)?)?))
}

pub(crate) fn rot270_v(grid: &Value) -> DslResult<Value> {
    if let Value::Grid(g) = grid {
        return Ok(Value::grid(gridops::transpose(g, false, true)));
    }
    let rows = reversed(grid)?;
    let mut cols = pyx::zip_star(&py::iter(&rows)?)?;
    for c in cols.iter_mut() {
        c.reverse();
    }
    cols.reverse();
    Ok(rows_value(cols))
}

/// quarter clockwise rotation
fn rot90(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    rot90_v(&a[0])
}

/// half rotation
fn rot180(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    if let Value::Grid(g) = &a[0] {
        let mut cells = g.cells.clone();
        cells.reverse();
        return Ok(Value::grid(Grid::new(g.h, g.w, cells)));
    }
    let rows = reversed(&a[0])?;
    let out = py::iter(&rows)?.iter().map(reversed).collect::<DslResult<Vec<_>>>()?;
    Ok(Value::tuple(out))
}

/// quarter anticlockwise rotation
fn rot270(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    rot270_v(&a[0])
}

#[derive(Clone, Copy)]
enum Mirror {
    H,
    V,
    D,
}

/// Mirrors a (non-tuple) patch with the reference's formulas.
fn mirror_patch(ctx: &mut Ctx, p: &Value, m: Mirror) -> DslResult<Value> {
    if let Some(f) = fast_patch(p) {
        if let Some((u, l, d, r)) = f.bbox() {
            ctx.spend(f.len())?;
            let map = |i: i64, j: i64| match m {
                Mirror::H => (u + d - i, j),
                Mirror::V => (i, l + r - j),
                Mirror::D => (j - l + u, i - u + l),
            };
            return Ok(match f {
                Fast::Ix(s) => pyx::make_indices(s.iter().map(|&(i, j)| map(i as i64, j as i64)).collect()),
                Fast::Obj(s) => pyx::make_object(
                    s.iter()
                        .map(|c| {
                            let (i, j) = map(c.i as i64, c.j as i64);
                            (c.c as i64, i, j)
                        })
                        .collect(),
                ),
                Fast::Empty => unreachable!("an empty patch has no bounding box"),
            });
        }
    }
    let (a, b) = match m {
        Mirror::H => {
            let ul = py::index(&pyx::corner(p, Corner::Ul)?, 0)?;
            let lr = py::index(&pyx::corner(p, Corner::Lr)?, 0)?;
            (py::add(ctx, &ul, &lr)?, Value::None)
        }
        Mirror::V => {
            let ul = py::index(&pyx::corner(p, Corner::Ul)?, 1)?;
            let lr = py::index(&pyx::corner(p, Corner::Lr)?, 1)?;
            (py::add(ctx, &ul, &lr)?, Value::None)
        }
        Mirror::D => unpack2(&pyx::corner(p, Corner::Ul)?)?,
    };
    let map = |ctx: &mut Ctx, i: Value, j: Value| -> DslResult<Value> {
        Ok(match m {
            Mirror::H => Value::tuple(vec![py::sub(ctx, &a, &i)?, j]),
            Mirror::V => Value::tuple(vec![i, py::sub(ctx, &a, &j)?]),
            Mirror::D => {
                let x = py::sub(ctx, &j, &b)?;
                let y = py::sub(ctx, &i, &a)?;
                Value::tuple(vec![py::add(ctx, &x, &a)?, py::add(ctx, &y, &b)?])
            }
        })
    };
    let cells = pyx::first_is_cell(p)?;
    let mut out = Vec::new();
    for e in py::iter(p)? {
        if cells {
            let (v, ij) = unpack2(&e)?;
            let (i, j) = unpack2(&ij)?;
            out.push(Value::tuple(vec![v, map(ctx, i, j)?]));
        } else {
            let (i, j) = unpack2(&e)?;
            out.push(map(ctx, i, j)?);
        }
    }
    Ok(Value::set(out))
}

/// mirroring along horizontal
fn hmirror(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    if !p.is_tuple() {
        return mirror_patch(ctx, p, Mirror::H);
    }
    ctx.spend(p.len().unwrap())?;
    if let Value::Grid(g) = p {
        return Ok(Value::grid(gridops::flip_rows(g)));
    }
    reversed(p)
}

/// mirroring along vertical
fn vmirror(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    if !p.is_tuple() {
        return mirror_patch(ctx, p, Mirror::V);
    }
    ctx.spend(p.len().unwrap())?;
    if let Value::Grid(g) = p {
        return Ok(Value::grid(gridops::flip_cols(g)));
    }
    Ok(Value::tuple(py::iter(p)?.iter().map(reversed).collect::<DslResult<Vec<_>>>()?))
}

/// mirroring along diagonal
fn dmirror(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    if !p.is_tuple() {
        return mirror_patch(ctx, p, Mirror::D);
    }
    ctx.spend(p.len().unwrap())?;
    dmirror_grid(p)
}

/// `tuple(zip(*grid))`.
pub(crate) fn dmirror_grid(p: &Value) -> DslResult<Value> {
    if let Value::Grid(g) = p {
        return Ok(Value::grid(gridops::transpose(g, false, false)));
    }
    Ok(rows_value(pyx::zip_star(&py::iter(p)?)?))
}

/// mirroring along counterdiagonal
fn cmirror(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    if !p.is_tuple() {
        let x = mirror_patch(ctx, p, Mirror::V)?;
        let x = mirror_patch(ctx, &x, Mirror::D)?;
        return mirror_patch(ctx, &x, Mirror::V);
    }
    ctx.spend(p.len().unwrap())?;
    if let Value::Grid(g) = p {
        return Ok(Value::grid(gridops::transpose(g, true, true)));
    }
    let rows = py::iter(&reversed(p)?)?.iter().map(reversed).collect::<DslResult<Vec<_>>>()?;
    Ok(rows_value(pyx::zip_star(&rows)?))
}

/// concatenate two grids horizontally
fn hconcat(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    if let (Value::Grid(x), Value::Grid(y)) = (&a[0], &a[1]) {
        let (h, w) = (x.h.min(y.h), x.w + y.w);
        ctx.check_grid(h, w)?;
        let mut cells = Vec::with_capacity(h * w);
        for i in 0..h {
            cells.extend_from_slice(x.row(i));
            cells.extend_from_slice(y.row(i));
        }
        return Ok(Value::grid(Grid::new(h, w, cells)));
    }
    let (xs, ys) = (py::iter(&a[0])?, py::iter(&a[1])?);
    let mut out = Vec::with_capacity(xs.len().min(ys.len()));
    for (x, y) in xs.iter().zip(ys.iter()) {
        out.push(py::add(ctx, x, y)?);
    }
    Ok(Value::tuple(out))
}

/// concatenate two grids vertically
fn vconcat(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    if let (Value::Grid(x), Value::Grid(y)) = (&a[0], &a[1]) {
        if x.w == y.w {
            ctx.check_grid(x.h + y.h, x.w)?;
            let mut cells = Vec::with_capacity(x.cells.len() + y.cells.len());
            cells.extend_from_slice(&x.cells);
            cells.extend_from_slice(&y.cells);
            return Ok(Value::grid(Grid::new(x.h + y.h, x.w, cells)));
        }
    }
    py::add(ctx, &a[0], &a[1])
}

/// smallest subgrid containing object
fn subgrid(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (patch, grid) = (&a[0], &a[1]);
    if let (Some(f), Value::Grid(g)) = (fast_patch(patch), grid) {
        if let Some((u, l, d, r)) = f.bbox() {
            ctx.spend(f.len() + g.h)?;
            return Ok(crop_fast(g, u, l, d - u + 1, r - l + 1));
        }
    }
    let start = pyx::corner(patch, Corner::Ul)?;
    let dims = Value::tuple(vec![pyx::height(ctx, patch)?, pyx::width(ctx, patch)?]);
    crop_v(ctx, grid, &start, &dims)
}

/// `hsplit`/`vsplit`: `n` crops along one axis, skipping one separator cell when it does not divide.
fn split(ctx: &mut Ctx, grid: &Value, n: &Value, vertical: bool) -> DslResult<Value> {
    let (h, w, offset, count) = if vertical {
        let len = py::len(grid)? as i64;
        let hh = py::floordiv(&Value::Int(len), n)?;
        let w = py::len(&py::index(grid, 0)?)? as i64;
        let off = py::modulo(&Value::Int(len), n)?;
        (int(&hh)?, w, !canon_eq(&off, &Value::Int(0)), n)
    } else {
        let h = py::len(grid)? as i64;
        let len = py::len(&py::index(grid, 0)?)? as i64;
        let ww = py::floordiv(&Value::Int(len), n)?;
        let off = py::modulo(&Value::Int(len), n)?;
        (h, int(&ww)?, !canon_eq(&off, &Value::Int(0)), n)
    };
    let count = pyx::range_len(count)?;
    ctx.check_len(count)?;
    let offset = offset as i64;
    let mut out = Vec::with_capacity(count);
    for i in 0..count as i64 {
        let s = if vertical { h * i + i * offset } else { w * i + i * offset };
        let (s0, s1) = if vertical { (s, 0) } else { (0, s) };
        out.push(match grid {
            Value::Grid(g) => {
                ctx.spend(g.h)?;
                crop_fast(g, s0, s1, h, w)
            }
            _ => crop_v(ctx, grid, &Value::Pair(s0, s1), &Value::Pair(h, w))?,
        });
    }
    Ok(Value::tuple(out))
}

/// split grid horizontally
fn hsplit(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    split(ctx, &a[0], &a[1], false)
}

/// split grid vertically
fn vsplit(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    split(ctx, &a[0], &a[1], true)
}

/// trim border of grid
fn trim(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    if let Value::Grid(g) = &a[0] {
        ctx.spend(g.h)?;
        let (r0, r1) = slice_range(g.h, Some(1), Some(-1));
        let (c0, c1) = slice_range(g.w, Some(1), Some(-1));
        return Ok(if r0 == r1 { Value::empty_tuple() } else { sub_grid(g, r0, r1, c0, c1) });
    }
    let rows = slice(&a[0], Some(1), Some(-1))?;
    let out = py::iter(&rows)?.iter().map(|r| slice(r, Some(1), Some(-1))).collect::<DslResult<Vec<_>>>()?;
    Ok(Value::tuple(out))
}

fn tophalf_v(grid: &Value) -> DslResult<Value> {
    let n = py::len(grid)? as i64;
    slice(grid, None, Some(n / 2))
}

fn bottomhalf_v(grid: &Value) -> DslResult<Value> {
    let n = py::len(grid)? as i64;
    slice(grid, Some(n / 2 + n % 2), None)
}

/// upper half of grid
fn tophalf(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    tophalf_v(&a[0])
}

/// lower half of grid
fn bottomhalf(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    bottomhalf_v(&a[0])
}

/// Columns `c0..c1` of a fast grid, `()` when there are none (what the rotations give).
fn columns(g: &Grid, c0: usize, c1: usize) -> Value {
    if c0 >= c1 {
        return Value::empty_tuple();
    }
    sub_grid(g, 0, g.h, c0, c1)
}

/// left half of grid
fn lefthalf(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    if let Value::Grid(g) = &a[0] {
        return Ok(columns(g, 0, g.w / 2));
    }
    rot270_v(&tophalf_v(&rot90_v(&a[0])?)?)
}

/// right half of grid
fn righthalf(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    if let Value::Grid(g) = &a[0] {
        return Ok(columns(g, g.w / 2 + g.w % 2, g.w));
    }
    rot270_v(&bottomhalf_v(&rot90_v(&a[0])?)?)
}

/// removes frontiers from grid
fn compress(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let grid = &a[0];
    if let Value::Grid(g) = grid {
        ctx.spend(g.cells.len())?;
        let rows = || g.cells.chunks_exact(g.w);
        // A column is kept when some row differs from the first row there.
        let first = g.row(0);
        let mut differs = vec![false; g.w];
        for row in rows().skip(1) {
            for ((d, &x), &y) in differs.iter_mut().zip(row).zip(first) {
                *d |= x != y;
            }
        }
        let keep_c: Vec<usize> = (0..g.w).filter(|&j| differs[j]).collect();
        let mut cells = Vec::with_capacity(g.cells.len());
        let mut h = 0;
        for row in rows().filter(|r| r.iter().any(|&c| c != r[0])) {
            h += 1;
            if keep_c.len() == g.w {
                cells.extend_from_slice(row);
            } else {
                cells.extend(keep_c.iter().map(|&j| row[j]));
            }
        }
        return Ok(Value::grid(Grid::new(h, keep_c.len(), cells)));
    }
    let rows = py::iter(grid)?;
    let mut ri = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if pyx::n_distinct(&py::iter(r)?) == 1 {
            ri.push(i);
        }
    }
    let mirrored = if grid.is_tuple() { dmirror_grid(grid)? } else { mirror_patch(ctx, grid, Mirror::D)? };
    let mut ci = Vec::new();
    for (j, c) in py::iter(&mirrored)?.iter().enumerate() {
        if pyx::n_distinct(&py::iter(c)?) == 1 {
            ci.push(j);
        }
    }
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if ri.contains(&i) {
            continue;
        }
        let items = py::iter(r)?;
        out.push(Value::tuple(items.into_iter().enumerate().filter(|(j, _)| !ci.contains(j)).map(|(_, v)| v).collect()));
    }
    Ok(Value::tuple(out))
}
