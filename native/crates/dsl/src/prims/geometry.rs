//! Patch construction and relations: centres, relative positions, corners, lines, frontiers,
//! bounding boxes and outlines. Fast path on `Indices`/`Object` and int pairs; otherwise the
//! reference's expressions value by value (see `pyx`).

use std::rc::Rc;

use crate::budget::Ctx;
use crate::error::{type_err, DslResult};
use crate::order::{canon_eq, py_lt};
use crate::prims::pyx::{self, fast_patch, in_range, int, make_indices, unpack2, Corner};
use crate::py;
use crate::registry::Impl;
use crate::value::{rc_filled, Value};

pub const DEFS: &[Impl] = &[
    Impl { name: "center", f: center },
    Impl { name: "position", f: position },
    Impl { name: "index", f: index },
    Impl { name: "corners", f: corners },
    Impl { name: "connect", f: connect },
    Impl { name: "vfrontier", f: vfrontier },
    Impl { name: "hfrontier", f: hfrontier },
    Impl { name: "backdrop", f: backdrop },
    Impl { name: "delta", f: delta },
    Impl { name: "inbox", f: inbox },
    Impl { name: "outbox", f: outbox },
    Impl { name: "box", f: box_ },
    Impl { name: "shoot", f: shoot },
];

/// center of the patch
fn center(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0))?;
    pyx::center(ctx, &a[0])
}

/// `center(toindices(p))` (the same as `center(p)` for a fast patch).
fn center_of_indices(ctx: &mut Ctx, p: &Value) -> DslResult<Value> {
    if fast_patch(p).is_some() {
        return pyx::center(ctx, p);
    }
    let ix = pyx::toindices(p)?;
    pyx::center(ctx, &ix)
}

/// relative position between two patches
fn position(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    ctx.spend(a[0].len().unwrap_or(0) + a[1].len().unwrap_or(0))?;
    let (ia, ja) = unpack2(&center_of_indices(ctx, &a[0])?)?;
    let (ib, jb) = unpack2(&center_of_indices(ctx, &a[1])?)?;
    let sign = |x: &Value, y: &Value| -> DslResult<i64> { Ok(if py_lt(x, y)? { 1 } else { -1 }) };
    Ok(if canon_eq(&ia, &ib) {
        Value::Pair(0, sign(&ja, &jb)?)
    } else if canon_eq(&ja, &jb) {
        Value::Pair(sign(&ia, &ib)?, 0)
    } else if py_lt(&ia, &ib)? {
        Value::Pair(1, sign(&ja, &jb)?)
    } else if py_lt(&ib, &ia)? {
        Value::Pair(-1, sign(&ja, &jb)?)
    } else {
        Value::None
    })
}

/// color at location
fn index(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (grid, loc) = (&a[0], &a[1]);
    if let (Value::Grid(g), Value::Pair(i, j)) = (grid, loc) {
        let (i, j) = (*i, *j);
        return Ok(if i >= 0 && j >= 0 && (i as u64) < g.h as u64 && (j as u64) < g.w as u64 {
            Value::Int(g.get(i as usize, j as usize) as i64)
        } else {
            Value::None
        });
    }
    let (i, j) = unpack2(loc)?;
    let h = py::len(grid)?;
    let w = py::len(&py::index(grid, 0)?)?;
    if in_range(&i, h)?.is_none() || in_range(&j, w)?.is_none() {
        return Ok(Value::None);
    }
    pyx::getitem(&pyx::getitem(grid, &py::index(loc, 0)?)?, &py::index(loc, 1)?)
}

/// indices of corners
fn corners(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    ctx.spend(p.len().unwrap_or(0))?;
    if let Some((u, l, d, r)) = fast_patch(p).and_then(|f| f.bbox()) {
        return Ok(make_indices(vec![(u, l), (u, r), (d, l), (d, r)]));
    }
    let mut out = Vec::with_capacity(4);
    for c in [Corner::Ul, Corner::Ur, Corner::Ll, Corner::Lr] {
        out.push(pyx::corner(p, c)?);
    }
    Ok(Value::set(out))
}

/// `range(a, b)` (step 1 or -1) as a vector, within the container cap.
fn range(ctx: &mut Ctx, a: i64, b: i64, step: i64) -> DslResult<Vec<i64>> {
    let n = if step > 0 { b.saturating_sub(a) } else { a.saturating_sub(b) }.max(0);
    ctx.check_len(usize::try_from(n).unwrap_or(usize::MAX))?;
    Ok((0..n).map(|k| a + k * step).collect())
}

/// `connect` on int coordinates.
fn connect_ints(ctx: &mut Ctx, ai: i64, aj: i64, bi: i64, bj: i64) -> DslResult<Value> {
    let one = |x: i64| x.checked_add(1).ok_or(crate::error::DslError { kind: crate::error::ErrorKind::OutOfRange, msg: "integer overflow" });
    let (si, ei) = (ai.min(bi), one(ai.max(bi))?);
    let (sj, ej) = (aj.min(bj), one(aj.max(bj))?);
    let d = |x: i64, y: i64| x.checked_sub(y);
    let ix: Vec<(i64, i64)> = if ai == bi {
        range(ctx, sj, ej, 1)?.into_iter().map(|j| (ai, j)).collect()
    } else if aj == bj {
        range(ctx, si, ei, 1)?.into_iter().map(|i| (i, aj)).collect()
    } else if d(bi, ai).is_some() && d(bi, ai) == d(bj, aj) {
        range(ctx, si, ei, 1)?.into_iter().zip(range(ctx, sj, ej, 1)?).collect()
    } else if d(bi, ai).is_some() && d(bi, ai) == d(aj, bj) {
        range(ctx, si, ei, 1)?.into_iter().zip(range(ctx, ej - 1, sj.saturating_sub(1), -1)?).collect()
    } else {
        Vec::new()
    };
    Ok(make_indices(ix))
}

/// Python `min(a, b)` / `max(a, b)`.
fn min2(a: &Value, b: &Value) -> DslResult<Value> {
    Ok(if py_lt(b, a)? { b.clone() } else { a.clone() })
}
fn max2(a: &Value, b: &Value) -> DslResult<Value> {
    Ok(if py_lt(a, b)? { b.clone() } else { a.clone() })
}

/// The reference's `connect` on any values.
fn connect_v(ctx: &mut Ctx, a: &Value, b: &Value) -> DslResult<Value> {
    if let (Value::Pair(ai, aj), Value::Pair(bi, bj)) = (a, b) {
        return connect_ints(ctx, *ai, *aj, *bi, *bj);
    }
    let (ai, aj) = unpack2(a)?;
    let (bi, bj) = unpack2(b)?;
    let one = Value::Int(1);
    let si = min2(&ai, &bi)?;
    let ei = py::add(ctx, &max2(&ai, &bi)?, &one)?;
    let sj = min2(&aj, &bj)?;
    let ej = py::add(ctx, &max2(&aj, &bj)?, &one)?;
    let pair = |x: Value, y: Value| Value::tuple(vec![x, y]);
    let out: Vec<Value> = if canon_eq(&ai, &bi) {
        range(ctx, int(&sj)?, int(&ej)?, 1)?.into_iter().map(|j| pair(ai.clone(), Value::Int(j))).collect()
    } else if canon_eq(&aj, &bj) {
        range(ctx, int(&si)?, int(&ei)?, 1)?.into_iter().map(|i| pair(Value::Int(i), aj.clone())).collect()
    } else {
        let di = py::sub(ctx, &bi, &ai)?;
        let (si, ei) = (int(&si)?, int(&ei)?);
        let (sj, ej) = (int(&sj)?, int(&ej)?);
        if canon_eq(&di, &py::sub(ctx, &bj, &aj)?) {
            let js = range(ctx, sj, ej, 1)?;
            range(ctx, si, ei, 1)?.into_iter().zip(js).map(|(i, j)| Value::Pair(i, j)).collect()
        } else if canon_eq(&di, &py::sub(ctx, &aj, &bj)?) {
            let js = range(ctx, ej - 1, sj.saturating_sub(1), -1)?;
            range(ctx, si, ei, 1)?.into_iter().zip(js).map(|(i, j)| Value::Pair(i, j)).collect()
        } else {
            Vec::new()
        }
    };
    Ok(Value::set(out))
}

/// line between two points
fn connect(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    connect_v(ctx, &a[0], &a[1])
}

/// The 30 positions of a frontier through `location` (`axis` 0: vertical, fixed column).
fn frontier(loc: &Value, axis: i64) -> DslResult<Value> {
    if let Value::Pair(i, j) = loc {
        let fixed = if axis == 0 { *j } else { *i };
        return Ok(make_indices((0..30).map(|k| if axis == 0 { (k, fixed) } else { (fixed, k) }).collect()));
    }
    let fixed = py::index(loc, if axis == 0 { 1 } else { 0 })?;
    Ok(Value::set(
        (0..30)
            .map(|k| {
                let k = Value::Int(k);
                Value::tuple(if axis == 0 { vec![k, fixed.clone()] } else { vec![fixed.clone(), k] })
            })
            .collect(),
    ))
}

/// vertical frontier
fn vfrontier(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    frontier(&a[0], 0)
}

/// horizontal frontier
fn hfrontier(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    frontier(&a[0], 1)
}

/// Number of ints in `s..=e`.
fn span(s: i64, e: i64) -> usize {
    usize::try_from(e.saturating_sub(s).saturating_add(1)).unwrap_or(0)
}

/// All positions of the box `si..=ei` x `sj..=ej`.
fn rect(ctx: &mut Ctx, si: i64, sj: i64, ei: i64, ej: i64) -> DslResult<Vec<(i64, i64)>> {
    let (h, w) = (span(si, ei), span(sj, ej));
    ctx.check_len(h.saturating_mul(w))?;
    let mut out = Vec::with_capacity(h * w);
    for i in si..=ei {
        for j in sj..=ej {
            out.push((i, j));
        }
    }
    Ok(out)
}

/// The box `u..=d` x `l..=r` (non-empty) as sorted positions, when they fit in `i32`.
fn rect_fast(u: i64, l: i64, d: i64, r: i64) -> Option<Value> {
    let (u, l, d, r) = (i32::try_from(u).ok()?, i32::try_from(l).ok()?, i32::try_from(d).ok()?, i32::try_from(r).ok()?);
    let w = (r - l + 1) as usize;
    let mut ix = rc_filled(span(u as i64, d as i64) * w, (0, 0));
    // Offsets from the corner count the rows and columns (inclusive ranges iterate slowly).
    for (di, row) in Rc::get_mut(&mut ix).expect("not shared yet").chunks_exact_mut(w).enumerate() {
        for (dj, p) in row.iter_mut().enumerate() {
            *p = (u + di as i32, l + dj as i32);
        }
    }
    Some(Value::Indices(ix))
}

/// The outline of the box `u..=d` x `l..=r` (non-empty) as sorted positions, when they fit
/// in `i32`: the top row, the two sides of each row between, the bottom row.
fn outline_fast(u: i64, l: i64, d: i64, r: i64) -> Option<Value> {
    let (u, l, d, r) = (i32::try_from(u).ok()?, i32::try_from(l).ok()?, i32::try_from(d).ok()?, i32::try_from(r).ok()?);
    let mut ix = Vec::with_capacity(2 * (span(u as i64, d as i64) + span(l as i64, r as i64)));
    let w = (r as i64 - l as i64 + 1) as usize;
    ix.extend((0..w).map(|dj| (u, l + dj as i32)));
    for i in u.saturating_add(1)..d {
        ix.push((i, l));
        if r > l {
            ix.push((i, r));
        }
    }
    if d > u {
        ix.extend((0..w).map(|dj| (d, l + dj as i32)));
    }
    Some(Value::Indices(Rc::from(ix)))
}

/// The reference's `backdrop` on any value.
fn backdrop_v(ctx: &mut Ctx, p: &Value) -> DslResult<Value> {
    if py::len(p)? == 0 {
        return Ok(Value::empty_set());
    }
    if let Some((u, l, d, r)) = fast_patch(p).and_then(|f| f.bbox()) {
        ctx.check_len(span(u, d).saturating_mul(span(l, r)))?;
        if let Some(v) = rect_fast(u, l, d, r) {
            return Ok(v);
        }
        return Ok(make_indices(rect(ctx, u, l, d, r)?));
    }
    let ix = pyx::toindices(p)?;
    let (si, sj) = unpack2(&pyx::corner(&ix, Corner::Ul)?)?;
    let (ei, ej) = unpack2(&pyx::corner(p, Corner::Lr)?)?;
    let one = Value::Int(1);
    let (si, ei) = (int(&si)?, int(&py::add(ctx, &ei, &one)?)?);
    if si >= ei {
        return Ok(Value::empty_set());
    }
    let (sj, ej) = (int(&sj)?, int(&py::add(ctx, &ej, &one)?)?);
    Ok(make_indices(rect(ctx, si, sj, ei - 1, ej - 1)?))
}

/// indices in bounding box of patch
fn backdrop(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    backdrop_v(ctx, &a[0])
}

/// indices in bounding box but not part of patch
fn delta(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    if py::len(p)? == 0 {
        return Ok(Value::empty_set());
    }
    if let Some(f) = fast_patch(p) {
        if let Some((u, l, d, r)) = f.bbox() {
            let (h, w) = ((d - u + 1) as usize, (r - l + 1) as usize);
            ctx.check_len(h.saturating_mul(w))?;
            let mut inside = vec![false; h * w];
            f.for_each(|i, j| inside[(i - u) as usize * w + (j - l) as usize] = true);
            let mut out = Vec::new();
            for (k, _) in inside.iter().enumerate().filter(|(_, &x)| !x) {
                out.push((u + (k / w) as i64, l + (k % w) as i64));
            }
            return Ok(make_indices(out));
        }
    }
    let bd = backdrop_v(ctx, p)?;
    py::sub(ctx, &bd, &pyx::toindices(p)?)
}

/// The outline of the box with corners `(si, sj)` and `(ei, ej)`.
fn outline(ctx: &mut Ctx, si: i64, sj: i64, ei: i64, ej: i64) -> DslResult<Value> {
    let (h, w) = (span(si, ei), span(sj, ej));
    ctx.check_len(h.saturating_add(w).saturating_mul(2))?;
    if let Some(v) = outline_fast(si, sj, ei, ej) {
        return Ok(v);
    }
    let mut out = Vec::with_capacity(2 * (h + w));
    for i in si..=ei {
        out.push((i, sj));
        out.push((i, ej));
    }
    for j in sj..=ej {
        out.push((si, j));
        out.push((ei, j));
    }
    Ok(make_indices(out))
}

/// `inbox` (`k` = 1) and `outbox` (`k` = -1): the outline `k` cells inside the bounding box.
fn offset_box(ctx: &mut Ctx, p: &Value, k: i64) -> DslResult<Value> {
    let (ai, aj, bi, bj) = match fast_patch(p).and_then(|f| f.bbox()) {
        Some((u, l, d, r)) => (u + k, l + k, d - k, r - k),
        None => {
            let kk = Value::Int(k);
            let ai = int(&py::add(ctx, &pyx::extreme(p, 0, false)?, &kk)?)?;
            let aj = int(&py::add(ctx, &pyx::extreme(p, 1, false)?, &kk)?)?;
            let bi = int(&py::sub(ctx, &pyx::extreme(p, 0, true)?, &kk)?)?;
            let bj = int(&py::sub(ctx, &pyx::extreme(p, 1, true)?, &kk)?)?;
            (ai, aj, bi, bj)
        }
    };
    outline(ctx, ai.min(bi), aj.min(bj), ai.max(bi), aj.max(bj))
}

/// inbox for patch
fn inbox(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    offset_box(ctx, &a[0], 1)
}

/// outbox for patch
fn outbox(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    offset_box(ctx, &a[0], -1)
}

/// outline of patch
fn box_(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    if py::len(p)? == 0 {
        return Ok(p.clone());
    }
    if let Some((u, l, d, r)) = fast_patch(p).and_then(|f| f.bbox()) {
        return outline(ctx, u, l, d, r);
    }
    let (ai, aj) = unpack2(&pyx::corner(p, Corner::Ul)?)?;
    let (bi, bj) = unpack2(&pyx::corner(p, Corner::Lr)?)?;
    let (si, sj) = (min2(&ai, &bi)?, min2(&aj, &bj)?);
    let (ei, ej) = (max2(&ai, &bi)?, max2(&aj, &bj)?);
    // The bounds are kept as given (a bool stays a bool in the tuples); set unions keep the
    // first of equal elements, and so does `Value::set` (stable sort, first of each run).
    let one = Value::Int(1);
    let (ei1, ej1) = (int(&py::add(ctx, &ei, &one)?)?, int(&py::add(ctx, &ej, &one)?)?);
    let is = range(ctx, int(&si)?, ei1, 1)?;
    let js = range(ctx, int(&sj)?, ej1, 1)?;
    let pair = |x: Value, y: Value| Value::tuple(vec![x, y]);
    let mut out = Vec::with_capacity(2 * (is.len() + js.len()));
    out.extend(is.iter().map(|&i| pair(Value::Int(i), sj.clone())));
    out.extend(is.iter().map(|&i| pair(Value::Int(i), ej.clone())));
    out.extend(js.iter().map(|&j| pair(si.clone(), Value::Int(j))));
    out.extend(js.iter().map(|&j| pair(ei.clone(), Value::Int(j))));
    Ok(Value::set(out))
}

/// line from starting point and direction
fn shoot(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (start, dir) = (&a[0], &a[1]);
    if let (Value::Pair(i, j), Value::Pair(di, dj)) = (start, dir) {
        let end = |x: i64, d: i64| d.checked_mul(42).and_then(|d| x.checked_add(d));
        return match (end(*i, *di), end(*j, *dj)) {
            (Some(bi), Some(bj)) => connect_ints(ctx, *i, *j, bi, bj),
            _ => type_err("coordinate overflow"),
        };
    }
    let k = Value::Int(42);
    let b0 = py::mul(ctx, &k, &py::index(dir, 0)?)?;
    let b0 = py::add(ctx, &py::index(start, 0)?, &b0)?;
    let b1 = py::mul(ctx, &k, &py::index(dir, 1)?)?;
    let b1 = py::add(ctx, &py::index(start, 1)?, &b1)?;
    connect_v(ctx, start, &Value::tuple(vec![b0, b1]))
}
