//! Containers, part two: building containers, filtering them and picking elements
//! (part one, set algebra and extremes, is in `containers.rs`).

use crate::budget::Ctx;
use crate::error::{empty_err, range_err, type_err, DslResult};
use crate::order::canon_eq;
use crate::prims::containers::as_cell;
use crate::prims::higher::merge_value;
use crate::py;
use crate::registry::Impl;
use crate::value::{cell_value, Value};

pub const DEFS: &[Impl] = &[
    Impl { name: "initset", f: initset },
    Impl { name: "both", f: both },
    Impl { name: "either", f: either },
    Impl { name: "sfilter", f: sfilter },
    Impl { name: "mfilter", f: mfilter },
    Impl { name: "extract", f: extract },
    Impl { name: "totuple", f: totuple },
    Impl { name: "first", f: first },
    Impl { name: "last", f: last },
    Impl { name: "insert", f: insert },
    Impl { name: "remove", f: remove },
    Impl { name: "other", f: other },
    Impl { name: "interval", f: interval },
    Impl { name: "astuple", f: astuple },
    Impl { name: "product", f: product },
    Impl { name: "pair", f: pair },
    Impl { name: "branch", f: branch },
];

/// initialize container
fn initset(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::set(vec![a[0].clone()]))
}

/// logical and
fn both(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(if a[0].truthy() { a[1].clone() } else { a[0].clone() })
}

/// logical or
fn either(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(if a[0].truthy() { a[0].clone() } else { a[1].clone() })
}

/// `type(container)(e for e in container if keep(e))`, with fast paths for positions and cells.
pub(crate) fn filter_value(ctx: &mut Ctx, container: &Value, mut keep: impl FnMut(&mut Ctx, &Value) -> DslResult<bool>) -> DslResult<Value> {
    ctx.spend(container.len().unwrap_or(0))?;
    match container {
        Value::Indices(s) => {
            let mut out = Vec::with_capacity(s.len());
            for &(i, j) in s.iter() {
                if keep(ctx, &Value::Pair(i as i64, j as i64))? {
                    out.push((i, j));
                }
            }
            Ok(Value::indices_sorted(out))
        }
        Value::Object(s) => {
            let mut out = Vec::with_capacity(s.len());
            for &c in s.iter() {
                if keep(ctx, &cell_value(c))? {
                    out.push(c);
                }
            }
            Ok(Value::object_sorted(out))
        }
        _ => {
            if !container.is_container() {
                return type_err("argument is not iterable");
            }
            let mut out = Vec::new();
            for e in py::items(container)?.iter() {
                if keep(ctx, e)? {
                    out.push(e.clone());
                }
            }
            // A subset of a set's elements is still sorted and free of duplicates.
            Ok(if container.is_set() { Value::set_sorted(out) } else { Value::tuple(out) })
        }
    }
}

fn sfilter_value(ctx: &mut Ctx, container: &Value, condition: &Value) -> DslResult<Value> {
    filter_value(ctx, container, |ctx, e| Ok(ctx.call(condition, std::slice::from_ref(e))?.truthy()))
}

/// keep elements in container that satisfy condition
fn sfilter(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    sfilter_value(ctx, &a[0], &a[1])
}

/// filter and merge
fn mfilter(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let kept = sfilter_value(ctx, &a[0], &a[1])?;
    merge_value(ctx, &kept)
}

/// first element of container that satisfies condition
fn extract(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let items = py::items(&a[0])?;
    ctx.spend(items.len())?;
    for e in items.iter() {
        if ctx.call(&a[1], std::slice::from_ref(e))?.truthy() {
            return Ok(e.clone());
        }
    }
    empty_err("no element satisfies the condition")
}

/// conversion to tuple
fn totuple(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    if a[0].is_tuple() {
        return Ok(a[0].clone());
    }
    let items = py::iter(&a[0])?;
    ctx.spend(items.len())?;
    Ok(Value::tuple(items))
}

/// first item of container
fn first(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    match a[0].elem(0) {
        Some(v) => Ok(v),
        None if a[0].is_container() => empty_err("first of an empty container"),
        None => type_err("argument is not iterable"),
    }
}

/// last item of container
fn last(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let n = py::len(&a[0])?;
    match n.checked_sub(1).and_then(|k| a[0].elem(k)) {
        Some(v) => Ok(v),
        None => range_err("max() arg is an empty sequence"),
    }
}

/// insert item into container
fn insert(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (value, container) = (&a[0], &a[1]);
    if !container.is_set() {
        return type_err("container has no attribute 'union'");
    }
    ctx.check_len(container.len().unwrap_or(0) + 1)?;
    match (container, value) {
        (Value::Indices(s), Value::Pair(i, j)) => {
            if let (Ok(i), Ok(j)) = (i32::try_from(*i), i32::try_from(*j)) {
                if let Err(k) = s.binary_search(&(i, j)) {
                    let mut v = s.to_vec();
                    v.insert(k, (i, j));
                    return Ok(Value::indices_sorted(v));
                }
                return Ok(container.clone());
            }
        }
        (Value::Object(s), _) => {
            if let Some(c) = as_cell(value) {
                if let Err(k) = s.binary_search(&c) {
                    let mut v = s.to_vec();
                    v.insert(k, c);
                    return Ok(Value::object_sorted(v));
                }
                return Ok(container.clone());
            }
        }
        _ => {}
    }
    let mut items = py::iter(container)?;
    items.push(value.clone());
    Ok(Value::set(items))
}

fn remove_value(ctx: &mut Ctx, value: &Value, container: &Value) -> DslResult<Value> {
    if let (Value::Indices(s), Value::Pair(i, j)) = (container, value) {
        ctx.spend(s.len())?;
        let out: Vec<(i32, i32)> = s.iter().copied().filter(|&(p, q)| (p as i64, q as i64) != (*i, *j)).collect();
        return Ok(Value::indices_sorted(out));
    }
    if let (Value::Object(s), Some(c)) = (container, as_cell(value)) {
        ctx.spend(s.len())?;
        return Ok(Value::object_sorted(s.iter().copied().filter(|&d| d != c).collect()));
    }
    filter_value(ctx, container, |_, e| Ok(!canon_eq(e, value)))
}

/// remove item from container
fn remove(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    remove_value(ctx, &a[0], &a[1])
}

/// other value in the container
fn other(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let rest = remove_value(ctx, &a[1], &a[0])?;
    match rest.elem(0) {
        Some(v) => Ok(v),
        None => empty_err("no other value in the container"),
    }
}

/// range
fn interval(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (Some(start), Some(stop), Some(step)) = (a[0].as_int(), a[1].as_int(), a[2].as_int()) else {
        return type_err("range arguments must be integers");
    };
    if step == 0 {
        return range_err("range() arg 3 must not be zero");
    }
    let (s, e, d) = (start as i128, stop as i128, step as i128);
    let n = if d > 0 && s < e {
        (e - s - 1) / d + 1
    } else if d < 0 && s > e {
        (s - e - 1) / (-d) + 1
    } else {
        0
    };
    ctx.check_len(usize::try_from(n).unwrap_or(usize::MAX))?;
    Ok(Value::tuple((0..n).map(|k| Value::Int((s + k * d) as i64)).collect()))
}

/// constructs a tuple
fn astuple(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::tuple(vec![a[0].clone(), a[1].clone()]))
}

/// cartesian product
fn product(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    // `b` is iterated first (the outer loop); `a` only if `b` has elements.
    let bs = py::iter(&a[1])?;
    if bs.is_empty() {
        return Ok(Value::empty_set());
    }
    let as_ = py::iter(&a[0])?;
    ctx.check_len(as_.len().saturating_mul(bs.len()))?;
    let small = |v: &Value| match v {
        Value::Int(n) => i32::try_from(*n).ok(),
        _ => None,
    };
    let (ai, bi): (Option<Vec<i32>>, Option<Vec<i32>>) = (as_.iter().map(small).collect(), bs.iter().map(small).collect());
    if let (Some(ai), Some(bi)) = (ai, bi) {
        let ix = bi.iter().flat_map(|&j| ai.iter().map(move |&i| (i, j))).collect();
        return Ok(Value::indices(ix));
    }
    let mut out = Vec::with_capacity(as_.len() * bs.len());
    for j in &bs {
        for i in &as_ {
            out.push(Value::tuple(vec![i.clone(), j.clone()]));
        }
    }
    Ok(Value::set(out))
}

/// zipping of two tuples
fn pair(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (xs, ys) = (py::iter(&a[0])?, py::iter(&a[1])?);
    ctx.spend(xs.len().min(ys.len()))?;
    Ok(Value::tuple(xs.into_iter().zip(ys).map(|(x, y)| Value::tuple(vec![x, y])).collect()))
}

/// if else branching
fn branch(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(if a[0].truthy() { a[1].clone() } else { a[2].clone() })
}
