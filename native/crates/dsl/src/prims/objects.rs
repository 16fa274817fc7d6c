//! Segmenting a grid into objects: connected components (`objects`) and colour classes
//! (`partition`, `fgpartition`).
//!
//! The reference's `objects` grows each object breadth-first from an unvisited seed, adding a
//! candidate when it has the seed's colour (univalued) or is not the background, and never
//! revisits a cell already in an object. Both tests are equivalence relations on cells, so the
//! result is exactly the set of connected components of the non-background cells under "same
//! colour" (univalued) or "both non-background"; it is computed here by a flood fill over the
//! flat grid with a label per cell.

use std::cell::RefCell;
use std::rc::Rc;

use crate::budget::Ctx;
use crate::error::DslResult;
use crate::order::canon_eq;
use crate::py;
use crate::registry::PrimDef;
use crate::value::{Cell, Grid, Value};

use super::grids::{common_color, palette_v};

pub const DEFS: &[PrimDef] = &[
    PrimDef { name: "objects", arity: 4, f: objects },
    PrimDef { name: "partition", arity: 1, f: partition },
    PrimDef { name: "fgpartition", arity: 1, f: fgpartition },
];

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

/// Reusable buffers for `objects` on grids (it is the hottest primitive).
#[derive(Default)]
struct Scratch {
    cells: Vec<i8>,
    labels: Vec<u32>,
    stack: Vec<u32>,
    seq: Vec<(u32, Cell)>,
    slot: Vec<u32>,
    sizes: Vec<usize>,
    colors: Vec<i8>,
    rank: Vec<usize>,
    offs: Vec<usize>,
    all: Vec<Cell>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// objects occurring on the grid
fn objects(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let grid = &a[0];
    let (univalued, diagonal, without_bg) = (a[1].truthy(), a[2].truthy(), a[3].truthy());
    match grid {
        Value::Grid(g) => {
            ctx.spend(g.cells.len())?;
            let bg = if without_bg { super::colors::most(&g.cells) } else { None };
            Ok(SCRATCH.with(|s| match s.try_borrow_mut() {
                Ok(mut s) => objects_grid(&mut s, g, univalued, diagonal, bg),
                Err(_) => objects_grid(&mut Scratch::default(), g, univalued, diagonal, bg),
            }))
        }
        _ => objects_generic(ctx, grid, univalued, diagonal, without_bg),
    }
}

fn objects_grid(s: &mut Scratch, g: &Grid, univalued: bool, diagonal: bool, bg: Option<i8>) -> Value {
    let (h, w) = (g.h, g.w);
    let pw = w + 2;
    pad(h, w, &g.cells, bg, &mut s.cells, &mut s.labels);
    let count = flood(&s.cells, &mut s.labels, pw, univalued, diagonal, &mut s.stack) as usize;
    if univalued {
        return build_univalued(s, g, count);
    }
    // Cells in (colour, i, j) order, by a stable counting sort of the row-major cells.
    let mut starts = [0usize; 257];
    for &c in &g.cells {
        starts[(c as i16 + 128) as usize + 1] += 1;
    }
    for b in 1..257 {
        starts[b] += starts[b - 1];
    }
    s.seq.clear();
    s.seq.resize(g.cells.len(), (0, Cell { c: 0, i: 0, j: 0 }));
    for i in 0..h {
        for (j, &c) in g.row(i).iter().enumerate() {
            let b = (c as i16 + 128) as usize;
            s.seq[starts[b]] = (((i + 1) * pw + j + 1) as u32, Cell { c: c as i32, i: i as i32, j: j as i32 });
            starts[b] += 1;
        }
    }
    // Objects numbered by their smallest cell, which orders them canonically (they are
    // disjoint, so their smallest cells differ); each object's cells come out sorted.
    s.slot.clear();
    s.slot.resize(count + 1, u32::MAX);
    s.sizes.clear();
    for &(p, _) in &s.seq {
        let l = s.labels[p as usize];
        if l == BLOCK {
            continue;
        }
        let k = &mut s.slot[l as usize];
        if *k == u32::MAX {
            *k = s.sizes.len() as u32;
            s.sizes.push(0);
        }
        s.sizes[*k as usize] += 1;
    }
    // Sizes become start offsets, then end offsets as the cells are placed.
    let mut total = 0;
    for z in s.sizes.iter_mut() {
        let n = *z;
        *z = total;
        total += n;
    }
    s.all.clear();
    s.all.resize(total, Cell { c: 0, i: 0, j: 0 });
    for &(p, cell) in &s.seq {
        let l = s.labels[p as usize];
        if l == BLOCK {
            continue;
        }
        let z = &mut s.sizes[s.slot[l as usize] as usize];
        s.all[*z] = cell;
        *z += 1;
    }
    let mut objs = Vec::with_capacity(s.sizes.len());
    let mut from = 0;
    for &to in &s.sizes {
        // Non-empty, sorted and duplicate-free: exactly what `Value::object` would build.
        objs.push(Value::Object(Rc::from(&s.all[from..to])));
        from = to;
    }
    if s.labels.len() > 1 << 16 {
        *s = Scratch::default();
    }
    Value::set_sorted(objs)
}

/// The objects of a labelled grid whose objects each have one colour: row-major order sorts
/// each object's cells, and a stable counting sort of the objects (numbered in row-major order
/// of their first cell) by colour sorts them canonically.
fn build_univalued(s: &mut Scratch, g: &Grid, count: usize) -> Value {
    let (h, w, pw) = (g.h, g.w, g.w + 2);
    s.slot.clear();
    s.slot.resize(count + 1, u32::MAX);
    s.sizes.clear();
    s.colors.clear();
    for i in 0..h {
        let at = (i + 1) * pw + 1;
        for (&l, &c) in s.labels[at..at + w].iter().zip(g.row(i)) {
            if l == BLOCK {
                continue;
            }
            let k = &mut s.slot[l as usize];
            if *k == u32::MAX {
                *k = s.sizes.len() as u32;
                s.sizes.push(0);
                s.colors.push(c);
            }
            s.sizes[*k as usize] += 1;
        }
    }
    let m = s.sizes.len();
    let mut starts = [0usize; 257];
    for &c in &s.colors {
        starts[(c as i16 + 128) as usize + 1] += 1;
    }
    for b in 1..257 {
        starts[b] += starts[b - 1];
    }
    s.rank.clear();
    s.rank.extend(s.colors.iter().map(|&c| {
        let b = (c as i16 + 128) as usize;
        starts[b] += 1;
        starts[b] - 1
    }));
    // Start offset of each object in rank order; each becomes its end offset once filled.
    s.offs.clear();
    s.offs.resize(m, 0);
    for o in 0..m {
        s.offs[s.rank[o]] = s.sizes[o];
    }
    let mut total = 0;
    for z in s.offs.iter_mut() {
        let n = *z;
        *z = total;
        total += n;
    }
    s.all.clear();
    s.all.resize(total, Cell { c: 0, i: 0, j: 0 });
    for i in 0..h {
        let at = (i + 1) * pw + 1;
        for (j, (&l, &c)) in s.labels[at..at + w].iter().zip(g.row(i)).enumerate() {
            if l == BLOCK {
                continue;
            }
            let z = &mut s.offs[s.rank[s.slot[l as usize] as usize]];
            s.all[*z] = Cell { c: c as i32, i: i as i32, j: j as i32 };
            *z += 1;
        }
    }
    let mut objs = Vec::with_capacity(m);
    let mut from = 0;
    for &to in &s.offs {
        // Non-empty, sorted and duplicate-free: exactly what `Value::object` would build.
        objs.push(Value::Object(Rc::from(&s.all[from..to])));
        from = to;
    }
    if s.labels.len() > 1 << 16 {
        *s = Scratch::default();
    }
    Value::set_sorted(objs)
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

/// The reference's partition: one object per colour of `colors`, of the cells equal to it
/// (`skip`: a colour known to be left out, so its cells need not be sorted).
fn partition_by(ctx: &mut Ctx, grid: &Value, colors: Vec<Value>, skip: Option<i8>) -> DslResult<Value> {
    if let Value::Grid(g) = grid {
        ctx.spend(g.cells.len())?;
        let mut all = vec![Cell::default(); g.cells.len()];
        let mut objs = Vec::with_capacity(colors.len());
        let mut from = 0;
        for (c, k) in super::colors::sorted_cells_into(g, skip, &mut all) {
            // `colors` comes from the grid's palette, so each written colour is one of them.
            if colors.iter().any(|v| v.as_int() == Some(c as i64)) {
                objs.push(Value::Object(Rc::from(&all[from..from + k])));
            }
            from += k;
        }
        // Objects of distinct colours sort by their colour, the order they were made in.
        return Ok(Value::set_sorted(objs));
    }
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
    let colors = py::iter(&palette_v(&a[0])?)?;
    partition_by(ctx, &a[0], colors, None)
}

/// each cell with the same value part of the same object without background
fn fgpartition(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let palette = py::iter(&palette_v(&a[0])?)?;
    let bg = common_color(ctx, &a[0], true)?;
    let colors = palette.into_iter().filter(|c| !canon_eq(c, &bg)).collect();
    let skip = bg.as_int().and_then(|c| i8::try_from(c).ok());
    partition_by(ctx, &a[0], colors, skip)
}
