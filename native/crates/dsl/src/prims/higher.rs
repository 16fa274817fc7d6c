//! Higher-order primitives: closure builders and mapping a function over containers.

use crate::budget::Ctx;
use crate::error::DslResult;
use crate::func::{Builder, Func};
use crate::py;
use crate::registry::Impl;
use crate::value::Value;

pub const DEFS: &[Impl] = &[
    Impl { name: "merge", f: merge },
    Impl { name: "compose", f: compose },
    Impl { name: "chain", f: chain },
    Impl { name: "matcher", f: matcher },
    Impl { name: "rbind", f: rbind },
    Impl { name: "lbind", f: lbind },
    Impl { name: "power", f: power },
    Impl { name: "fork", f: fork },
    Impl { name: "apply", f: apply },
    Impl { name: "rapply", f: rapply },
    Impl { name: "mapply", f: mapply },
    Impl { name: "papply", f: papply },
    Impl { name: "mpapply", f: mpapply },
    Impl { name: "prapply", f: prapply },
];

/// merging
pub fn merge(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    merge_value(ctx, &a[0])
}

pub fn merge_value(ctx: &mut Ctx, containers: &Value) -> DslResult<Value> {
    if let Value::Set(outer) = containers {
        if outer.iter().all(|c| matches!(c, Value::Object(_))) {
            let total = outer.iter().map(|c| c.len().unwrap_or(0)).sum();
            ctx.spend(total)?;
            let mut cells = Vec::with_capacity(total);
            for c in outer.iter() {
                if let Value::Object(o) = c {
                    cells.extend(o.iter().copied());
                }
            }
            return Ok(Value::object(cells));
        }
        if outer.iter().all(|c| matches!(c, Value::Indices(_))) {
            let total = outer.iter().map(|c| c.len().unwrap_or(0)).sum();
            ctx.spend(total)?;
            let mut ix = Vec::with_capacity(total);
            for c in outer.iter() {
                if let Value::Indices(o) = c {
                    ix.extend(o.iter().copied());
                }
            }
            return Ok(Value::indices(ix));
        }
    }
    let outer = py::iter(containers)?;
    // Fast path: a set of objects/index sets merges into one set of cells/positions.
    if containers.is_set() {
        if outer.iter().all(|c| matches!(c, Value::Object(_))) {
            let mut cells = Vec::new();
            for c in &outer {
                if let Value::Object(o) = c {
                    ctx.spend(o.len())?;
                    cells.extend(o.iter().copied());
                }
            }
            return Ok(Value::object(cells));
        }
        if outer.iter().all(|c| matches!(c, Value::Indices(_))) {
            let mut ix = Vec::new();
            for c in &outer {
                if let Value::Indices(o) = c {
                    ctx.spend(o.len())?;
                    ix.extend_from_slice(o);
                }
            }
            return Ok(Value::indices(ix));
        }
    }
    let mut items = Vec::new();
    for c in &outer {
        let inner = py::iter(c)?;
        ctx.check_len(items.len() + inner.len())?;
        items.extend(inner);
    }
    py::same_kind(containers, items)
}

/// function composition
fn compose(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Func::build(Builder::Compose, a.to_vec())
}

/// function composition with three functions
fn chain(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Func::build(Builder::Chain, a.to_vec())
}

/// construction of equality function
fn matcher(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Func::build(Builder::Matcher, a.to_vec())
}

/// fix the rightmost argument
fn rbind(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Func::build(Builder::Rbind, a.to_vec())
}

/// fix the leftmost argument
fn lbind(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Func::build(Builder::Lbind, a.to_vec())
}

/// power of function
fn power(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Func::build(Builder::Power, a.to_vec())
}

/// creates a wrapper function
fn fork(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Func::build(Builder::Fork, a.to_vec())
}

/// apply function to each item in container
fn apply(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    apply_value(ctx, &a[0], &a[1])
}

fn apply_value(ctx: &mut Ctx, f: &Value, container: &Value) -> DslResult<Value> {
    let items = py::items(container)?;
    let mut out = Vec::with_capacity(items.len());
    for e in items.iter() {
        out.push(ctx.call(f, std::slice::from_ref(e))?);
    }
    py::same_kind(container, out)
}

/// apply each function in container to value
fn rapply(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let fs = py::items(&a[0])?;
    let mut out = Vec::with_capacity(fs.len());
    for f in fs.iter() {
        out.push(ctx.call(f, std::slice::from_ref(&a[1]))?);
    }
    py::same_kind(&a[0], out)
}

/// apply and merge
fn mapply(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let applied = apply_value(ctx, &a[0], &a[1])?;
    merge_value(ctx, &applied)
}

fn papply_value(ctx: &mut Ctx, f: &Value, a: &Value, b: &Value) -> DslResult<Value> {
    let (xs, ys) = (py::items(a)?, py::items(b)?);
    let mut out = Vec::with_capacity(xs.len().min(ys.len()));
    for (x, y) in xs.iter().zip(ys.iter()) {
        out.push(ctx.call(f, &[x.clone(), y.clone()])?);
    }
    Ok(Value::tuple(out))
}

/// apply function on two vectors
fn papply(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    papply_value(ctx, &a[0], &a[1], &a[2])
}

/// apply function on two vectors and merge
fn mpapply(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let applied = papply_value(ctx, &a[0], &a[1], &a[2])?;
    merge_value(ctx, &applied)
}

/// apply function on cartesian product
fn prapply(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (xs, ys) = (py::iter(&a[1])?, py::iter(&a[2])?);
    ctx.check_len(xs.len().saturating_mul(ys.len()))?;
    let mut out = Vec::with_capacity(xs.len() * ys.len());
    for y in &ys {
        for x in &xs {
            out.push(ctx.call(&a[0], &[x.clone(), y.clone()])?);
        }
    }
    Ok(Value::set(out))
}
