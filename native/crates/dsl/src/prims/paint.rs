//! Writing patches and objects onto grids: `fill`, `paint`, `underfill`, `underpaint`, `cover`
//! and `move`. Cells outside the grid are dropped, as in the reference. The fast path writes
//! straight into a copy of a `Grid`'s cells.

use crate::budget::Ctx;
use crate::error::{range_err, DslResult};
use crate::order::canon_eq;
use crate::prims::pyx::{self, fast_patch, grid_mostcolor, in_range, small, unpack2, Fast};
use crate::py;
use crate::registry::Impl;
use crate::value::{Grid, Value};

pub const DEFS: &[Impl] = &[
    Impl { name: "fill", f: fill },
    Impl { name: "paint", f: paint },
    Impl { name: "underfill", f: underfill },
    Impl { name: "underpaint", f: underpaint },
    Impl { name: "cover", f: cover },
    Impl { name: "move", f: move_ },
];

/// Positions of a patch as `toindices` yields them, without building values: a fast patch,
/// or a fast grid of width 2 (a tuple of pairs is its own `toindices`).
fn for_each_pos(patch: &Value, mut f: impl FnMut(i64, i64)) -> bool {
    if let Some(p) = fast_patch(patch) {
        p.for_each(f);
        return true;
    }
    if let Value::Grid(p) = patch {
        if p.w == 2 {
            p.cells.chunks_exact(2).for_each(|r| f(r[0] as i64, r[1] as i64));
            return true;
        }
    }
    false
}

/// Writes `c` at `(i, j)` when inside the grid (only over `bg` when given).
#[inline]
fn put(g: &mut Grid, i: i64, j: i64, c: i8, bg: Option<i8>) {
    if i >= 0 && j >= 0 && (i as usize) < g.h && (j as usize) < g.w {
        let k = i as usize * g.w + j as usize;
        if bg.is_none_or(|b| g.cells[k] == b) {
            g.cells[k] = c;
        }
    }
}

/// The reference's `fill` (`under`: `underfill`, only over the most common colour).
fn fill_v(ctx: &mut Ctx, grid: &Value, value: &Value, patch: &Value, under: bool) -> DslResult<Value> {
    if let (Value::Grid(g), Some(c)) = (grid, small(value)) {
        let mut out = (**g).clone();
        let bg = if under { Some(grid_mostcolor(g)) } else { None };
        if for_each_pos(patch, |i, j| put(&mut out, i, j, c, bg)) {
            ctx.spend(g.cells.len() + patch.len().unwrap_or(0))?;
            return Ok(Value::grid(out));
        }
    }
    let (h, w, mut rows) = pyx::grid_lists(grid)?;
    let bg = if under { Some(pyx::mostcolor(grid)?) } else { None };
    let ix = pyx::toindices(patch)?;
    let ix = py::iter(&ix)?;
    ctx.spend(h.saturating_mul(w) + ix.len())?;
    for e in &ix {
        let (i, j) = unpack2(e)?;
        if let Some(i) = in_range(&i, h)? {
            if let Some(j) = in_range(&j, w)? {
                set_cell(&mut rows, i, j, value, bg.as_ref())?;
            }
        }
    }
    Ok(pyx::rows_value(rows))
}

/// `g[i][j] = value` on the list-of-lists copy (`IndexError` on a short row).
fn set_cell(rows: &mut [Vec<Value>], i: usize, j: usize, value: &Value, bg: Option<&Value>) -> DslResult<()> {
    match rows.get_mut(i).and_then(|r| r.get_mut(j)) {
        Some(cell) => {
            if bg.is_none_or(|b| canon_eq(cell, b)) {
                *cell = value.clone();
            }
            Ok(())
        }
        None => range_err("list assignment index out of range"),
    }
}

/// The reference's `paint` (`under`: `underpaint`).
fn paint_v(ctx: &mut Ctx, grid: &Value, obj: &Value, under: bool) -> DslResult<Value> {
    if let (Value::Grid(g), Some(p)) = (grid, fast_patch(obj)) {
        let cells = match p {
            Fast::Obj(s) => Some(s),
            Fast::Empty => Some(&[][..]),
            Fast::Ix(_) => None,
        };
        if let Some(cells) = cells {
            let mut out = (**g).clone();
            let bg = if under { Some(grid_mostcolor(g)) } else { None };
            // A colour that does not fit a cell needs the generic route (checked as we go).
            let mut fits = true;
            for c in cells {
                let v = c.c as i8;
                fits &= v as i32 == c.c;
                put(&mut out, c.i as i64, c.j as i64, v, bg);
            }
            if fits {
                ctx.spend(g.cells.len() + cells.len())?;
                return Ok(Value::grid(out));
            }
        }
    }
    let (h, w, mut rows) = pyx::grid_lists(grid)?;
    let bg = if under { Some(pyx::mostcolor(grid)?) } else { None };
    let items = py::iter(obj)?;
    ctx.spend(h.saturating_mul(w) + items.len())?;
    for e in &items {
        let (value, ij) = unpack2(e)?;
        let (i, j) = unpack2(&ij)?;
        if let Some(i) = in_range(&i, h)? {
            if let Some(j) = in_range(&j, w)? {
                set_cell(&mut rows, i, j, &value, bg.as_ref())?;
            }
        }
    }
    Ok(pyx::rows_value(rows))
}

/// The reference's `cover`: fill with the most common colour.
fn cover_v(ctx: &mut Ctx, grid: &Value, patch: &Value) -> DslResult<Value> {
    if let Value::Grid(g) = grid {
        let bg = Value::Int(grid_mostcolor(g) as i64);
        if fast_patch(patch).is_some() {
            return fill_v(ctx, grid, &bg, patch, false);
        }
    }
    let bg = pyx::mostcolor(grid)?;
    let ix = pyx::toindices(patch)?;
    fill_v(ctx, grid, &bg, &ix, false)
}

/// fill value at indices
fn fill(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    fill_v(ctx, &a[0], &a[1], &a[2], false)
}

/// paint object to grid
fn paint(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    paint_v(ctx, &a[0], &a[1], false)
}

/// fill value at indices that are background
fn underfill(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    fill_v(ctx, &a[0], &a[1], &a[2], true)
}

/// paint object to grid where there is background
fn underpaint(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    paint_v(ctx, &a[0], &a[1], true)
}

/// remove object from grid
fn cover(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    cover_v(ctx, &a[0], &a[1])
}

/// move object on grid
fn move_(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (grid, obj, offset) = (&a[0], &a[1], &a[2]);
    if let (Value::Grid(g), Value::Object(cells), Value::Pair(di, dj)) = (grid, obj, offset) {
        if cells.iter().all(|c| i8::try_from(c.c).is_ok()) {
            ctx.spend(g.cells.len() + cells.len())?;
            let bg = grid_mostcolor(g);
            let mut out = (**g).clone();
            for c in cells.iter() {
                put(&mut out, c.i as i64, c.j as i64, bg, None);
            }
            // Shifting keeps the canonical order of the cells, so paint in the same order.
            for c in cells.iter() {
                put(&mut out, (c.i as i64).saturating_add(*di), (c.j as i64).saturating_add(*dj), c.c as i8, None);
            }
            return Ok(Value::grid(out));
        }
    }
    let covered = cover_v(ctx, grid, obj)?;
    let shifted = pyx::shift(ctx, obj, offset)?;
    paint_v(ctx, &covered, &shifted, false)
}
