//! Containers, part one: comparison, set algebra, sorting and extremes ("max/min by key").
//! Part two (building, filtering, picking elements) is in `selection.rs`.

use crate::budget::Ctx;
use crate::error::{empty_err, range_err, type_err, DslResult};
use crate::order::{canon_cmp, canon_eq, contains, py_gt, py_lt};
use crate::py;
use crate::registry::Impl;
use crate::value::{Cell, Value};

pub const DEFS: &[Impl] = &[
    Impl { name: "equality", f: equality },
    Impl { name: "contained", f: contained },
    Impl { name: "combine", f: combine },
    Impl { name: "intersection", f: intersection },
    Impl { name: "difference", f: difference },
    Impl { name: "dedupe", f: dedupe },
    Impl { name: "order", f: order },
    Impl { name: "repeat", f: repeat },
    Impl { name: "size", f: size },
    Impl { name: "maximum", f: maximum },
    Impl { name: "minimum", f: minimum },
    Impl { name: "valmax", f: valmax },
    Impl { name: "valmin", f: valmin },
    Impl { name: "argmax", f: argmax },
    Impl { name: "argmin", f: argmin },
    Impl { name: "mostcommon", f: mostcommon },
    Impl { name: "leastcommon", f: leastcommon },
];

/// equality
fn equality(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::Bool(canon_eq(&a[0], &a[1])))
}

/// A `(c, (i, j))` value as an object cell, if it is one.
pub(crate) fn as_cell(v: &Value) -> Option<Cell> {
    match v {
        Value::Tuple(t) if t.len() == 2 => match (&t[0], &t[1]) {
            (Value::Int(c), Value::Pair(i, j)) => Some(Cell { c: i32::try_from(*c).ok()?, i: i32::try_from(*i).ok()?, j: i32::try_from(*j).ok()? }),
            _ => None,
        },
        _ => None,
    }
}

/// element of
fn contained(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    if let Value::Object(s) = &a[1] {
        if let Some(c) = as_cell(&a[0]) {
            return Ok(Value::Bool(s.binary_search(&c).is_ok()));
        }
    }
    Ok(Value::Bool(contains(&a[1], &a[0])?))
}

/// Union of two sorted, deduplicated slices (elements of `a` first on ties, as Python keeps them).
pub(crate) fn sorted_union<T: Ord + Copy>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => {
                out.push(a[x]);
                x += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[y]);
                y += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[x]);
                x += 1;
                y += 1;
            }
        }
    }
    out.extend_from_slice(&a[x..]);
    out.extend_from_slice(&b[y..]);
    out
}

/// Elements of sorted `a` that are (`keep_common`) or are not in sorted `b`.
pub(crate) fn sorted_filter<T: Ord + Copy>(a: &[T], b: &[T], keep_common: bool) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len());
    let mut y = 0;
    for &e in a {
        while y < b.len() && b[y] < e {
            y += 1;
        }
        let common = y < b.len() && b[y] == e;
        if common == keep_common {
            out.push(e);
        }
    }
    out
}

/// union
fn combine(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (x, y) = (&a[0], &a[1]);
    if !x.is_container() {
        return type_err("combine of a value that is not a container");
    }
    let (nx, ny) = (py::len(x)?, py::len(y)?);
    ctx.check_len(nx + ny)?;
    match (x, y) {
        (Value::Indices(p), Value::Indices(q)) => return Ok(Value::indices_sorted(sorted_union(p, q))),
        (Value::Object(p), Value::Object(q)) => return Ok(Value::object_sorted(sorted_union(p, q))),
        _ if x.is_set() && ny == 0 => return Ok(x.clone()),
        _ => {}
    }
    let mut items = py::iter(x)?;
    items.extend(py::iter(y)?);
    py::same_kind(x, items)
}

/// returns the intersection of two containers
fn intersection(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (x, y) = (&a[0], &a[1]);
    match (x, y) {
        (Value::Bool(p), Value::Bool(q)) => return Ok(Value::Bool(*p && *q)),
        (Value::Indices(p), Value::Indices(q)) => return Ok(Value::indices_sorted(sorted_filter(p, q, true))),
        (Value::Object(p), Value::Object(q)) => return Ok(Value::object_sorted(sorted_filter(p, q, true))),
        (Value::Indices(_), Value::Object(_)) | (Value::Object(_), Value::Indices(_)) => return Ok(Value::empty_set()),
        _ => {}
    }
    if let (Some(p), Some(q)) = (x.as_int(), y.as_int()) {
        return Ok(Value::Int(p & q));
    }
    if !(x.is_set() && y.is_set()) {
        return type_err("unsupported operand types for &");
    }
    // CPython iterates the smaller set (the right one on a tie) and keeps its elements.
    let (small, big) = if y.len() > x.len() { (x, y) } else { (y, x) };
    ctx.spend(small.len().unwrap_or(0))?;
    let mut keep = Vec::new();
    for e in py::iter(small)? {
        if contains(big, &e)? {
            keep.push(e);
        }
    }
    Ok(Value::set_sorted(keep))
}

/// set difference
fn difference(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (x, y) = (&a[0], &a[1]);
    match (x, y) {
        (Value::Indices(p), Value::Indices(q)) => return Ok(Value::indices_sorted(sorted_filter(p, q, false))),
        (Value::Object(p), Value::Object(q)) => return Ok(Value::object_sorted(sorted_filter(p, q, false))),
        (Value::Indices(_), Value::Object(_)) | (Value::Object(_), Value::Indices(_)) => return Ok(x.clone()),
        _ => {}
    }
    if !x.is_container() {
        return type_err("difference of a value that is not a container");
    }
    let items = py::iter(x)?;
    ctx.spend(items.len())?;
    let mut keep = Vec::with_capacity(items.len());
    for e in items {
        if !contains(y, &e)? {
            keep.push(e);
        }
    }
    if x.is_set() {
        Ok(Value::set_sorted(keep))
    } else {
        Ok(Value::tuple(keep))
    }
}

/// remove duplicates
fn dedupe(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let items = py::iter(&a[0])?;
    if items.is_empty() {
        return Ok(Value::empty_tuple());
    }
    if !a[0].is_tuple() {
        return type_err("'frozenset' object has no attribute 'index'");
    }
    ctx.spend(items.len())?;
    // Keep each element whose first occurrence it is: sort positions stably, mark run heads.
    let mut pos: Vec<usize> = (0..items.len()).collect();
    pos.sort_by(|&p, &q| canon_cmp(&items[p], &items[q]));
    let mut keep = vec![false; items.len()];
    for (k, &p) in pos.iter().enumerate() {
        keep[p] = k == 0 || !canon_eq(&items[pos[k - 1]], &items[p]);
    }
    let out = items.into_iter().zip(keep).filter(|(_, k)| *k).map(|(e, _)| e).collect();
    Ok(Value::tuple(out))
}

/// Python's `sorted` on precomputed keys (CPython 3.11's list.sort: a run, binary insertion,
/// then stable merges), returning the permutation. Comparisons use Python's `<`, so keys that
/// Python cannot compare are an error, and partial orders (sets) behave as CPython's do.
pub(crate) fn py_sort(ctx: &mut Ctx, keys: &[Value]) -> DslResult<Vec<usize>> {
    let n = keys.len();
    let mut perm: Vec<usize> = (0..n).collect();
    let lt = |ctx: &mut Ctx, p: usize, q: usize| -> DslResult<bool> {
        ctx.spend(1)?;
        py_lt(&keys[p], &keys[q])
    };
    let minrun = {
        let (mut m, mut r) = (n, 0);
        while m >= 64 {
            r |= m & 1;
            m >>= 1;
        }
        m + r
    };
    let mut runs = Vec::new();
    let mut lo = 0;
    while lo < n {
        // count_run: a non-descending run, or a strictly descending one (reversed).
        let mut k = lo + 1;
        if k < n {
            if lt(ctx, perm[k], perm[k - 1])? {
                k += 1;
                while k < n && lt(ctx, perm[k], perm[k - 1])? {
                    k += 1;
                }
                perm[lo..k].reverse();
            } else {
                k += 1;
                while k < n && !lt(ctx, perm[k], perm[k - 1])? {
                    k += 1;
                }
            }
        }
        let end = (lo + minrun).min(n).max(k);
        // binarysort: insert perm[k..end] into the sorted perm[lo..k].
        for s in k..end {
            let pivot = perm[s];
            let (mut l, mut r) = (lo, s);
            while l < r {
                let m = l + (r - l) / 2;
                if lt(ctx, pivot, perm[m])? {
                    r = m;
                } else {
                    l = m + 1;
                }
            }
            perm.copy_within(l..s, l + 1);
            perm[l] = pivot;
        }
        runs.push((lo, end));
        lo = end;
    }
    // Stable merges of adjacent runs (an element of the right run goes first only if smaller).
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len() / 2 + 1);
        for pair in runs.chunks(2) {
            if let [(a0, a1), (_, b1)] = *pair {
                let (left, right) = (perm[a0..a1].to_vec(), perm[a1..b1].to_vec());
                let (mut x, mut y, mut o) = (0, 0, a0);
                while x < left.len() && y < right.len() {
                    if lt(ctx, right[y], left[x])? {
                        perm[o] = right[y];
                        y += 1;
                    } else {
                        perm[o] = left[x];
                        x += 1;
                    }
                    o += 1;
                }
                for &p in left[x..].iter().chain(&right[y..]) {
                    perm[o] = p;
                    o += 1;
                }
                next.push((a0, b1));
            } else {
                next.push(pair[0]);
            }
        }
        runs = next;
    }
    Ok(perm)
}

/// The keys `f(e)` of a container's elements, called in iteration order.
fn keys_of(ctx: &mut Ctx, f: &Value, items: &[Value]) -> DslResult<Vec<Value>> {
    items.iter().map(|e| ctx.call(f, std::slice::from_ref(e))).collect()
}

/// order container by custom key
fn order(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let items = py::items(&a[0])?;
    let keys = keys_of(ctx, &a[1], &items)?;
    let perm = py_sort(ctx, &keys)?;
    Ok(Value::tuple(perm.into_iter().map(|p| items[p].clone()).collect()))
}

/// repetition of item within vector
fn repeat(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let Some(n) = a[1].as_int() else { return type_err("repeat count is not an integer") };
    let n = usize::try_from(n.max(0)).unwrap_or(usize::MAX);
    ctx.check_len(n)?;
    Ok(Value::tuple(vec![a[0].clone(); n]))
}

/// cardinality
fn size(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::Int(py::len(&a[0])? as i64))
}

/// Python's `max`/`min` over `keys`: the position of the first extreme key (`>`/`<` compares).
fn extreme(ctx: &mut Ctx, keys: &[Value], want_max: bool) -> DslResult<Option<usize>> {
    let Some(mut best) = (if keys.is_empty() { None } else { Some(0) }) else { return Ok(None) };
    ctx.spend(keys.len())?;
    for k in 1..keys.len() {
        let better = if want_max { py_gt(&keys[k], &keys[best])? } else { py_lt(&keys[k], &keys[best])? };
        if better {
            best = k;
        }
    }
    Ok(Some(best))
}

fn max_or_zero(ctx: &mut Ctx, container: &Value, want_max: bool) -> DslResult<Value> {
    let items = py::items(container)?;
    Ok(match extreme(ctx, &items, want_max)? {
        Some(k) => items[k].clone(),
        None => Value::Int(0),
    })
}

/// maximum
fn maximum(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    max_or_zero(ctx, &a[0], true)
}

/// minimum
fn minimum(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    max_or_zero(ctx, &a[0], false)
}

/// `max(container, key=f)` (or `min`), `None` when the container is empty.
fn arg_extreme(ctx: &mut Ctx, container: &Value, f: &Value, want_max: bool) -> DslResult<Option<Value>> {
    let items = py::items(container)?;
    let keys = keys_of(ctx, f, &items)?;
    Ok(extreme(ctx, &keys, want_max)?.map(|k| items[k].clone()))
}

/// `compfunc(max(container, key=compfunc, default=0))` (or `min`).
fn val_extreme(ctx: &mut Ctx, a: &[Value], want_max: bool) -> DslResult<Value> {
    let best = arg_extreme(ctx, &a[0], &a[1], want_max)?.unwrap_or(Value::Int(0));
    ctx.call(&a[1], &[best])
}

/// maximum by custom function
fn valmax(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    val_extreme(ctx, a, true)
}

/// minimum by custom function
fn valmin(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    val_extreme(ctx, a, false)
}

/// largest item by custom order
fn argmax(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    match arg_extreme(ctx, &a[0], &a[1], true)? {
        Some(v) => Ok(v),
        None => empty_err("max() arg is an empty sequence"),
    }
}

/// smallest item by custom order
fn argmin(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    match arg_extreme(ctx, &a[0], &a[1], false)? {
        Some(v) => Ok(v),
        None => empty_err("min() arg is an empty sequence"),
    }
}

/// `max(set(container), key=container.count)` (or `min`): distinct elements in canonical order,
/// each keyed by how often it occurs in the tuple.
fn common(ctx: &mut Ctx, container: &Value, want_max: bool) -> DslResult<Value> {
    let mut items = py::iter(container)?;
    if !container.is_tuple() {
        return type_err("'frozenset' object has no attribute 'count'");
    }
    ctx.spend(items.len())?;
    // A stable sort keeps the first of equal elements first, as `set()` keeps the first inserted.
    items.sort_by(canon_cmp);
    let mut distinct: Vec<Value> = Vec::new();
    let mut counts: Vec<Value> = Vec::new();
    for e in items {
        match distinct.last() {
            Some(d) if canon_eq(d, &e) => {
                if let Some(Value::Int(c)) = counts.last_mut() {
                    *c += 1;
                }
            }
            _ => {
                distinct.push(e);
                counts.push(Value::Int(1));
            }
        }
    }
    match extreme(ctx, &counts, want_max)? {
        Some(k) => Ok(distinct.swap_remove(k)),
        None => range_err("max() arg is an empty sequence"),
    }
}

/// most common item
fn mostcommon(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    common(ctx, &a[0], true)
}

/// least common item
fn leastcommon(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    common(ctx, &a[0], false)
}
