//! Segmenting a grid into objects: connected components (`objects`) and colour classes
//! (`partition`, `fgpartition`).
//!
//! The reference's `objects` grows each object breadth-first from an unvisited seed, adding a
//! candidate when it has the seed's colour (univalued) or is not the background, and never
//! revisits a cell already in an object. Both tests are equivalence relations on cells, so the
//! result is exactly the set of connected components of the non-background cells under "same
//! colour" (univalued) or "both non-background"; it is computed here by a flood fill over the
//! flat grid with a label per cell.

use std::rc::Rc;

use crate::budget::Ctx;
use crate::error::DslResult;
use crate::order::canon_eq;
use crate::py;
use crate::registry::Impl;
use crate::value::{Cell, Grid, Value};

use super::grids::{common_color, palette_v};

pub const DEFS: &[Impl] =
    &[Impl { name: "objects", f: objects }, Impl { name: "partition", f: partition }, Impl { name: "fgpartition", f: fgpartition }];

/// Label of the padding border and of background cells: never part of an object.
const BLOCK: u32 = u32::MAX;

/// Pads a `h x w` grid of cell classes with a one-cell border (`w + 2` wide) into `pcells`,
/// and sets `labels` to `BLOCK` on the border and on background cells, 0 elsewhere.
fn pad<T: Copy + Eq>(h: usize, w: usize, cells: &[T], bg: Option<T>, pcells: &mut Vec<T>, labels: &mut Vec<u32>) {
    let pw = w + 2;
    let fill = cells[0];
    pcells.clear();
    pcells.resize((h + 2) * pw, fill);
    labels.clear();
    labels.resize((h + 2) * pw, BLOCK);
    for i in 0..h {
        let at = (i + 1) * pw + 1;
        let row = &cells[i * w..(i + 1) * w];
        pcells[at..at + w].copy_from_slice(row);
        for (l, &c) in labels[at..at + w].iter_mut().zip(row) {
            *l = if Some(c) == bg { BLOCK } else { 0 };
        }
    }
}

/// Flood fill of a padded grid from every unlabelled cell in row-major order; returns the
/// number of objects. A neighbour joins when it is unlabelled (so not background) and, for
/// univalued objects, of the seed's colour. Inner cells' neighbours are inside the padding.
fn flood<T: Copy + Eq>(cells: &[T], labels: &mut [u32], pw: usize, univalued: bool, diagonal: bool, stack: &mut Vec<u32>) -> u32 {
    let pw = pw as isize;
    let direct = [-pw, pw, -1, 1];
    let all = [-pw, pw, -1, 1, -pw - 1, -pw + 1, pw - 1, pw + 1];
    match (univalued, diagonal) {
        (false, false) => flood_with::<T, false, 4>(cells, labels, direct, stack),
        (false, true) => flood_with::<T, false, 8>(cells, labels, all, stack),
        (true, false) => flood_with::<T, true, 4>(cells, labels, direct, stack),
        (true, true) => flood_with::<T, true, 8>(cells, labels, all, stack),
    }
}

fn flood_with<T: Copy + Eq, const UNI: bool, const N: usize>(cells: &[T], labels: &mut [u32], offs: [isize; N], stack: &mut Vec<u32>) -> u32 {
    stack.clear();
    let mut n = 0u32;
    for seed in 0..cells.len() {
        if labels[seed] != 0 {
            continue;
        }
        n += 1;
        labels[seed] = n;
        stack.push(seed as u32);
        let val = cells[seed];
        while let Some(p) = stack.pop() {
            for o in offs {
                let q = (p as usize).wrapping_add_signed(o);
                if labels[q] == 0 && (!UNI || cells[q] == val) {
                    labels[q] = n;
                    stack.push(q as u32);
                }
            }
        }
    }
    n
}

/// objects occurring on the grid
fn objects(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let grid = &a[0];
    let (univalued, diagonal, without_bg) = (a[1].truthy(), a[2].truthy(), a[3].truthy());
    match grid {
        // Padded indices must fit in 24 bits (a grid is at most 2^18 cells).
        Value::Grid(g) if (g.h + 2) * (g.w + 2) < 1 << 24 => {
            ctx.spend(g.cells.len())?;
            let bg = if without_bg { super::colors::most(&g.cells) } else { None };
            Ok(super::segment::objects_grid(g, univalued, diagonal, bg))
        }
        _ => objects_generic(ctx, grid, univalued, diagonal, without_bg),
    }
}

/// `objects` on any other value: reads every cell as the reference does, then labels classes.
fn objects_generic(ctx: &mut Ctx, grid: &Value, univalued: bool, diagonal: bool, without_bg: bool) -> DslResult<Value> {
    let bg = if without_bg { common_color(ctx, grid, true)? } else { Value::None };
    let h = py::len(grid)?;
    let w = py::len(&py::index(grid, 0)?)?;
    ctx.check_len(h.saturating_mul(w))?;
    let mut cells = Vec::with_capacity(h * w);
    for i in 0..h {
        let row = py::index(grid, i as i64)?;
        for j in 0..w {
            cells.push(py::index(&row, j as i64)?);
        }
    }
    // Equality classes of the cells (and of the background value, which may match none).
    let mut reps: Vec<Value> = Vec::new();
    let class = |v: &Value, reps: &mut Vec<Value>| -> u32 {
        match reps.iter().position(|r| canon_eq(r, v)) {
            Some(k) => k as u32,
            None => {
                reps.push(v.clone());
                reps.len() as u32 - 1
            }
        }
    };
    let ids: Vec<u32> = cells.iter().map(|v| class(v, &mut reps)).collect();
    ctx.spend(ids.len().saturating_mul(reps.len()))?;
    let bg_id = class(&bg, &mut reps);
    let mut objs = Vec::new();
    if w > 0 && h > 0 {
        let (mut pcells, mut labels, mut stack) = (Vec::new(), Vec::new(), Vec::new());
        pad(h, w, &ids, Some(bg_id), &mut pcells, &mut labels);
        let count = flood(&pcells, &mut labels, w + 2, univalued, diagonal, &mut stack) as usize;
        let mut groups: Vec<Vec<Value>> = vec![Vec::new(); count];
        for (k, v) in cells.iter().enumerate() {
            let l = labels[(k / w + 1) * (w + 2) + k % w + 1];
            if l != BLOCK {
                groups[l as usize - 1].push(Value::tuple(vec![v.clone(), Value::Pair((k / w) as i64, (k % w) as i64)]));
            }
        }
        objs = groups.into_iter().map(Value::set).collect();
    }
    Ok(Value::set(objs))
}

/// `partition` (`fgpartition` when `without_bg`) of a fast grid: one object per colour, each
/// colour's cells in order from one counting sort (objects of distinct colours sort by colour).
fn partition_grid(ctx: &mut Ctx, g: &Grid, without_bg: bool) -> DslResult<Value> {
    ctx.spend(g.cells.len())?;
    let counts = super::colors::counts(&g.cells);
    let skip = if without_bg { super::colors::most_of(&counts) } else { None };
    let objs = crate::value::with_cell_buf(|all| {
        all.resize(g.cells.len(), Cell::default());
        super::colors::sorted_cells_into(g, &counts, skip, all);
        let mut from = 0;
        let kept = counts.iter().filter(|&&(c, _)| Some(c) != skip);
        kept.map(|&(_, k)| {
            from += k;
            Value::Object(Rc::from(&all[from - k..from]))
        })
        .collect()
    });
    Ok(Value::set_sorted(objs))
}

/// The reference's partition: one object per colour of `colors`, of the cells equal to it.
fn partition_by(ctx: &mut Ctx, grid: &Value, colors: Vec<Value>) -> DslResult<Value> {
    let rows = py::iter(grid)?;
    let rows = rows.iter().map(py::iter).collect::<DslResult<Vec<_>>>()?;
    let total: usize = rows.iter().map(Vec::len).sum();
    ctx.spend(total.saturating_mul(colors.len()))?;
    let mut objs = Vec::with_capacity(colors.len());
    for value in &colors {
        let mut obj = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            for (j, v) in r.iter().enumerate() {
                if canon_eq(v, value) {
                    obj.push(Value::tuple(vec![v.clone(), Value::Pair(i as i64, j as i64)]));
                }
            }
        }
        objs.push(Value::set(obj));
    }
    Ok(Value::set(objs))
}

/// each cell with the same value part of the same object
fn partition(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    if let Value::Grid(g) = &a[0] {
        return partition_grid(ctx, g, false);
    }
    let colors = py::iter(&palette_v(&a[0])?)?;
    partition_by(ctx, &a[0], colors)
}

/// each cell with the same value part of the same object without background
fn fgpartition(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    if let Value::Grid(g) = &a[0] {
        return partition_grid(ctx, g, true);
    }
    let palette = py::iter(&palette_v(&a[0])?)?;
    let bg = common_color(ctx, &a[0], true)?;
    let colors = palette.into_iter().filter(|c| !canon_eq(c, &bg)).collect();
    partition_by(ctx, &a[0], colors)
}
