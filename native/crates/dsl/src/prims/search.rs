//! Searching grids and patches: `occurrences`, `frontiers`, `gravitate` and the periodicities.
//! Fast paths on `Grid`/`Object`/`Indices` without per-cell values; otherwise the reference's
//! loops value by value (see `pyx`).

use std::collections::HashSet;

use crate::budget::Ctx;
use crate::error::{empty_err, DslResult};
use crate::order::{canon_eq, is_subset, py_lt};
use crate::prims::pyx::{self, fast_patch, in_range, int, n_distinct, unpack2, Fast};
use crate::prims::transforms::dmirror_grid;
use crate::py;
use crate::registry::Impl;
use crate::value::{Cell, Grid, Value};

pub const DEFS: &[Impl] = &[
    Impl { name: "gravitate", f: gravitate },
    Impl { name: "occurrences", f: occurrences },
    Impl { name: "frontiers", f: frontiers },
    Impl { name: "hperiod", f: hperiod },
    Impl { name: "vperiod", f: vperiod },
];

/// `toindices(p)` as int positions; fails where `manhattan` would on them.
fn int_positions(p: &Value) -> DslResult<Vec<(i64, i64)>> {
    let mut out = Vec::new();
    if let Some(f) = fast_patch(p) {
        f.for_each(|i, j| out.push((i, j)));
        return Ok(out);
    }
    for e in py::iter(&pyx::toindices(p)?)? {
        let (i, j) = unpack2(&e)?;
        out.push((int(&i)?, int(&j)?));
    }
    Ok(out)
}

/// A set of positions: a bitmap over their bounding box, or a hash set when that is too large.
enum PosSet {
    Dense { u: i64, l: i64, h: i64, w: i64, bits: Vec<bool> },
    Sparse(HashSet<(i64, i64)>),
}

impl PosSet {
    fn new(ps: &[(i64, i64)]) -> PosSet {
        let (u, l, d, r) = ps.iter().fold((i64::MAX, i64::MAX, i64::MIN, i64::MIN), |(u, l, d, r), &(i, j)| (u.min(i), l.min(j), d.max(i), r.max(j)));
        let (h, w) = (d.saturating_sub(u).saturating_add(1), r.saturating_sub(l).saturating_add(1));
        if h > 0 && w > 0 && h.saturating_mul(w) <= 1 << 16 {
            let mut bits = vec![false; (h * w) as usize];
            for &(i, j) in ps {
                bits[((i - u) * w + (j - l)) as usize] = true;
            }
            PosSet::Dense { u, l, h, w, bits }
        } else {
            PosSet::Sparse(ps.iter().copied().collect())
        }
    }
    #[inline]
    fn has(&self, i: i64, j: i64) -> bool {
        match self {
            PosSet::Dense { u, l, h, w, bits } => {
                let (a, b) = (i.wrapping_sub(*u), j.wrapping_sub(*l));
                a >= 0 && b >= 0 && a < *h && b < *w && bits[(a * w + b) as usize]
            }
            PosSet::Sparse(s) => s.contains(&(i, j)),
        }
    }
}

/// direction to move source until adjacent to destination
fn gravitate(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (src, dst) = (&a[0], &a[1]);
    let (si, sj) = unpack2(&pyx::center(ctx, src)?)?;
    let (di, dj) = unpack2(&pyx::center(ctx, dst)?)?;
    // vmatching and adjacent read both patches' positions; adjacent needs them to be ints
    // and non-empty, and it is always evaluated at least once.
    let ps = int_positions(src)?;
    let pd = int_positions(dst)?;
    if ps.is_empty() || pd.is_empty() {
        return empty_err("min() arg is an empty sequence");
    }
    let cols: HashSet<i64> = pd.iter().map(|p| p.1).collect();
    let (i, j) =
        if ps.iter().any(|p| cols.contains(&p.1)) { (if py_lt(&si, &di)? { 1 } else { -1 }, 0) } else { (0, if py_lt(&sj, &dj)? { 1 } else { -1 }) };
    let dest = PosSet::new(&pd);
    // manhattan == 1: no shared cell, and some cell of the source 4-adjacent to the destination.
    let adjacent = |oi: i64, oj: i64| {
        let mut touch = false;
        for &(a, b) in &ps {
            let (a, b) = (a.wrapping_add(oi), b.wrapping_add(oj));
            if dest.has(a, b) {
                return false;
            }
            touch = touch
                || dest.has(a.wrapping_sub(1), b)
                || dest.has(a.wrapping_add(1), b)
                || dest.has(a, b.wrapping_sub(1))
                || dest.has(a, b.wrapping_add(1));
        }
        touch
    };
    let (mut gi, mut gj) = (i, j);
    let mut c = 0;
    while c < 42 && !adjacent(gi - i, gj - j) {
        ctx.spend(ps.len())?;
        c += 1;
        gi += i;
        gj += j;
    }
    Ok(Value::Pair(gi - i, gj - j))
}

/// Per row, how many cells from each one rightwards share its colour, for the last grid asked
/// about (`occurrences` is often mapped over many objects on one grid).
#[derive(Default)]
struct Runs {
    w: usize,
    cells: Vec<i8>,
    run: Vec<u32>,
}

thread_local! {
    static RUNS: std::cell::RefCell<Runs> = std::cell::RefCell::new(Runs::default());
}

/// Runs `f` on the run lengths of `g`'s rows (computed unless the last grid was the same).
fn with_runs<R>(g: &Grid, f: impl FnOnce(&[u32]) -> R) -> R {
    let compute = |r: &mut Runs| {
        r.w = g.w;
        r.cells.clone_from(&g.cells);
        r.run.clear();
        r.run.resize(g.cells.len(), 1);
        for (run, cells) in r.run.chunks_exact_mut(g.w).zip(g.cells.chunks_exact(g.w)) {
            for j in (0..g.w.saturating_sub(1)).rev() {
                if cells[j] == cells[j + 1] {
                    run[j] = run[j + 1] + 1;
                }
            }
        }
    };
    RUNS.with(|r| match r.try_borrow_mut() {
        Ok(mut r) => {
            if r.w != g.w || r.cells != g.cells {
                compute(&mut r);
            }
            f(&r.run)
        }
        Err(_) => {
            let mut r = Runs::default();
            compute(&mut r);
            f(&r.run)
        }
    })
}

/// `occurrences` of an object (or the empty patch) on a fast grid.
fn occurrences_grid(ctx: &mut Ctx, g: &Grid, cells: &[Cell]) -> DslResult<Value> {
    let (u, l, d, r) = Fast::Obj(cells).bbox().unwrap_or((0, 0, -1, -1));
    let (h2, w2) = (g.h as i64 - (d - u + 1) + 1, g.w as i64 - (r - l + 1) + 1);
    // The object as horizontal runs of one colour (offset, colour, length): a run matches
    // where the grid has that colour for at least that many cells rightwards, so solid shapes
    // cost one check per row instead of one per cell.
    let mut by_pos: Vec<(i64, i64, i32)> = cells.iter().map(|c| (c.i as i64 - u, c.j as i64 - l, c.c)).collect();
    by_pos.sort_unstable();
    let mut rows: Vec<(i64, i64, i32, usize)> = Vec::new(); // (row, start col, colour, len)
    for &(i, j, c) in &by_pos {
        match rows.last_mut() {
            Some((ri, rj, rc, n)) if *ri == i && *rc == c && *rj + *n as i64 == j => *n += 1,
            _ => rows.push((i, j, c, 1)),
        }
    }
    let mut segs: Vec<(usize, i32, usize)> = rows.iter().map(|&(i, j, c, n)| (i as usize * g.w + j as usize, c, n)).collect();
    // Runs of the corner's colour (often the background, so matching almost anywhere) are
    // checked last: the others reject most positions sooner.
    let corner = g.cells[0] as i32;
    segs.sort_by_key(|&(_, c, _)| c == corner);
    with_runs(g, |run| {
        let mut out = Vec::new();
        for i in 0..h2.max(0) as usize {
            ctx.spend(w2.max(0) as usize * (1 + segs.len()))?;
            for j in 0..w2.max(0) as usize {
                let base = i * g.w + j;
                if segs.iter().all(|&(k, c, n)| g.cells[base + k] as i32 == c && run[base + k] as usize >= n) {
                    out.push((i as i32, j as i32));
                }
            }
        }
        Ok(Value::indices_sorted(out))
    })
}

/// locations of occurrences of object in grid
fn occurrences(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (grid, obj) = (&a[0], &a[1]);
    if let (Value::Grid(g), Some(f)) = (grid, fast_patch(obj)) {
        let cells: &[Cell] = match f {
            Fast::Obj(s) => s,
            Fast::Empty => &[],
            Fast::Ix(_) => &[][..],
        };
        if !matches!(f, Fast::Ix(_)) {
            return occurrences_grid(ctx, g, cells);
        }
    }
    let normed = pyx::normalize(ctx, obj)?;
    let h = py::len(grid)?;
    let w = py::len(&py::index(grid, 0)?)?;
    let oh = pyx::height(ctx, obj)?;
    let ow = pyx::width(ctx, obj)?;
    let one = Value::Int(1);
    let h2 = py::sub(ctx, &Value::Int(h as i64), &oh)?;
    let h2 = int(&py::add(ctx, &h2, &one)?)?;
    let w2 = py::sub(ctx, &Value::Int(w as i64), &ow)?;
    let w2 = int(&py::add(ctx, &w2, &one)?)?;
    let mut out = Vec::new();
    for i in 0..h2.max(0) {
        for j in 0..w2.max(0) {
            let shifted = pyx::shift(ctx, &normed, &Value::Pair(i, j))?;
            let mut occurs = true;
            for e in py::iter(&shifted)? {
                let (v, ab) = unpack2(&e)?;
                let (x, y) = unpack2(&ab)?;
                let inside = match in_range(&x, h)? {
                    Some(x) => in_range(&y, w)?.map(|y| (x, y)),
                    None => None,
                };
                let hit = match inside {
                    Some((x, y)) => canon_eq(&py::index(&py::index(grid, x as i64)?, y as i64)?, &v),
                    None => false,
                };
                if !hit {
                    occurs = false;
                    break;
                }
            }
            if occurs {
                out.push((i, j));
            }
        }
    }
    Ok(pyx::make_indices(out))
}

/// set of frontiers
fn frontiers(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let grid = &a[0];
    if let Value::Grid(g) = grid {
        ctx.spend(g.cells.len())?;
        let mut objs = Vec::new();
        for i in 0..g.h {
            let row = g.row(i);
            if row.iter().all(|&c| c == row[0]) {
                objs.push(Value::object((0..g.w).map(|j| Cell { c: row[j] as i32, i: i as i32, j: j as i32 }).collect()));
            }
        }
        for j in 0..g.w {
            if (0..g.h).all(|i| g.get(i, j) == g.get(0, j)) {
                objs.push(Value::object((0..g.h).map(|i| Cell { c: g.get(i, j) as i32, i: i as i32, j: j as i32 }).collect()));
            }
        }
        return Ok(Value::set(objs));
    }
    let h = py::len(grid)?;
    let w = py::len(&py::index(grid, 0)?)?;
    ctx.spend(h.saturating_mul(w))?;
    let rows = py::iter(grid)?;
    let mut ri = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if n_distinct(&py::iter(r)?) == 1 {
            ri.push(i);
        }
    }
    let mut ci = Vec::new();
    for (j, c) in py::iter(&dmirror_grid(grid)?)?.iter().enumerate() {
        if n_distinct(&py::iter(c)?) == 1 {
            ci.push(j);
        }
    }
    let cell = |i: usize, j: usize| -> DslResult<Value> {
        let v = py::index(&py::index(grid, i as i64)?, j as i64)?;
        Ok(Value::tuple(vec![v, Value::Pair(i as i64, j as i64)]))
    };
    let mut objs = Vec::new();
    for &i in &ri {
        objs.push(Value::set((0..w).map(|j| cell(i, j)).collect::<DslResult<Vec<_>>>()?));
    }
    for &j in &ci {
        objs.push(Value::set((0..h).map(|i| cell(i, j)).collect::<DslResult<Vec<_>>>()?));
    }
    Ok(Value::set(objs))
}

/// `hperiod` (axis 1) / `vperiod` (axis 0).
fn period(ctx: &mut Ctx, obj: &Value, axis: usize) -> DslResult<Value> {
    if let Some(Fast::Obj(cells)) = fast_patch(obj) {
        let (u, l, d, r) = fast_patch(obj).and_then(|f| f.bbox()).unwrap_or_default();
        let norm: Vec<Cell> = cells.iter().map(|c| Cell { c: c.c, i: c.i - u as i32, j: c.j - l as i32 }).collect();
        let n = if axis == 1 { r - l + 1 } else { d - u + 1 } as i32;
        for p in 1..n {
            ctx.spend(norm.len())?;
            let fits = norm.iter().all(|c| {
                let q = if axis == 1 { Cell { j: c.j - p, ..*c } } else { Cell { i: c.i - p, ..*c } };
                (if axis == 1 { q.j } else { q.i }) < 0 || norm.binary_search(&q).is_ok()
            });
            if fits {
                return Ok(Value::Int(p as i64));
            }
        }
        return Ok(Value::Int(n as i64));
    }
    let normalized = pyx::normalize(ctx, obj)?;
    let n = if axis == 1 { pyx::width(ctx, &normalized)? } else { pyx::height(ctx, &normalized)? };
    for p in 1..int(&n)? {
        let dir = if axis == 1 { Value::Pair(0, -p) } else { Value::Pair(-p, 0) };
        let offsetted = pyx::shift(ctx, &normalized, &dir)?;
        let mut pruned = Vec::new();
        for e in py::iter(&offsetted)? {
            let (c, ij) = unpack2(&e)?;
            let (i, j) = unpack2(&ij)?;
            let k = if axis == 1 { &j } else { &i };
            if !py_lt(k, &Value::Int(0))? {
                pruned.push(Value::tuple(vec![c, Value::tuple(vec![i, j])]));
            }
        }
        let pruned = Value::set(pruned);
        let fits = if normalized.is_set() {
            is_subset(&pruned, &normalized)
        } else {
            let all = py::iter(&normalized)?;
            py::iter(&pruned)?.iter().all(|x| all.iter().any(|y| canon_eq(x, y)))
        };
        if fits {
            return Ok(Value::Int(p));
        }
    }
    Ok(n)
}

/// horizontal periodicity
fn hperiod(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    period(ctx, &a[0], 1)
}

/// vertical periodicity
fn vperiod(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    period(ctx, &a[0], 0)
}
