//! Arithmetic on integers and on pairs ("Numerical"), with Python's operator semantics.

use crate::budget::Ctx;
use crate::error::DslResult;
use crate::py;
use crate::registry::Impl;
use crate::value::Value;

pub const DEFS: &[Impl] = &[
    Impl { name: "identity", f: identity },
    Impl { name: "add", f: add },
    Impl { name: "subtract", f: subtract },
    Impl { name: "multiply", f: multiply },
    Impl { name: "divide", f: divide },
    Impl { name: "invert", f: invert },
    Impl { name: "even", f: even },
    Impl { name: "double", f: double },
    Impl { name: "halve", f: halve },
    Impl { name: "flip", f: flip },
    Impl { name: "greater", f: greater },
    Impl { name: "increment", f: increment },
    Impl { name: "decrement", f: decrement },
    Impl { name: "crement", f: crement },
    Impl { name: "sign", f: sign },
    Impl { name: "positive", f: positive },
    Impl { name: "toivec", f: toivec },
    Impl { name: "tojvec", f: tojvec },
];

type BinOp = fn(&mut Ctx, &Value, &Value) -> DslResult<Value>;

/// The reference's four-way dispatch: int-int, tuple-tuple, int-tuple, else `(a[0] op b, a[1] op b)`.
fn numerical(ctx: &mut Ctx, a: &Value, b: &Value, op: BinOp) -> DslResult<Value> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        // Fast path for the overwhelmingly common case.
        return op(ctx, &Value::Int(*x), &Value::Int(*y));
    }
    let (a_int, b_int) = (a.as_int().is_some(), b.as_int().is_some());
    let (x, y) = if a_int && b_int {
        return op(ctx, a, b);
    } else if a.is_tuple() && b.is_tuple() {
        (op(ctx, &py::index(a, 0)?, &py::index(b, 0)?)?, op(ctx, &py::index(a, 1)?, &py::index(b, 1)?)?)
    } else if a_int && b.is_tuple() {
        (op(ctx, a, &py::index(b, 0)?)?, op(ctx, a, &py::index(b, 1)?)?)
    } else {
        (op(ctx, &py::index(a, 0)?, b)?, op(ctx, &py::index(a, 1)?, b)?)
    };
    Ok(Value::tuple(vec![x, y]))
}

/// Applies `op` to an int, or to both components of a pair (`(x[0] op, x[1] op)`).
fn unary(ctx: &mut Ctx, x: &Value, op: fn(&mut Ctx, &Value) -> DslResult<Value>) -> DslResult<Value> {
    if x.as_int().is_some() {
        return op(ctx, x);
    }
    let a = op(ctx, &py::index(x, 0)?)?;
    let b = op(ctx, &py::index(x, 1)?)?;
    Ok(Value::tuple(vec![a, b]))
}

/// identity function
fn identity(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(a[0].clone())
}

/// addition
fn add(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    numerical(ctx, &a[0], &a[1], py::add)
}

/// subtraction
fn subtract(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    numerical(ctx, &a[0], &a[1], py::sub)
}

/// multiplication
fn multiply(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    numerical(ctx, &a[0], &a[1], py::mul)
}

/// floor division
fn divide(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    numerical(ctx, &a[0], &a[1], |_, x, y| py::floordiv(x, y))
}

/// inversion with respect to addition
fn invert(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    unary(ctx, &a[0], |_, x| py::neg(x))
}

/// evenness
fn even(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let m = py::modulo(&a[0], &Value::Int(2))?;
    Ok(Value::Bool(m.as_int() == Some(0)))
}

/// scaling by two
fn double(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    unary(ctx, &a[0], |ctx, x| py::mul(ctx, x, &Value::Int(2)))
}

/// scaling by one half
fn halve(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    unary(ctx, &a[0], |_, x| py::floordiv(x, &Value::Int(2)))
}

/// logical not
fn flip(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::Bool(!a[0].truthy()))
}

/// greater
fn greater(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::Bool(crate::order::py_gt(&a[0], &a[1])?))
}

/// incrementing
fn increment(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    unary(ctx, &a[0], |ctx, x| py::add(ctx, x, &Value::Int(1)))
}

/// decrementing
fn decrement(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    unary(ctx, &a[0], |ctx, x| py::sub(ctx, x, &Value::Int(1)))
}

/// Python's `0 if x == 0 else ...` chain on one component, with `x > 0` a real comparison.
fn crement1(ctx: &mut Ctx, x: &Value) -> DslResult<Value> {
    if crate::order::canon_eq(x, &Value::Int(0)) {
        return Ok(Value::Int(0));
    }
    if crate::order::py_gt(x, &Value::Int(0))? {
        py::add(ctx, x, &Value::Int(1))
    } else {
        py::sub(ctx, x, &Value::Int(1))
    }
}

/// incrementing positive and decrementing negative
fn crement(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    unary(ctx, &a[0], crement1)
}

fn sign1(_: &mut Ctx, x: &Value) -> DslResult<Value> {
    if crate::order::canon_eq(x, &Value::Int(0)) {
        return Ok(Value::Int(0));
    }
    Ok(Value::Int(if crate::order::py_gt(x, &Value::Int(0))? { 1 } else { -1 }))
}

/// sign
fn sign(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    unary(ctx, &a[0], sign1)
}

/// positive
fn positive(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::Bool(crate::order::py_gt(&a[0], &Value::Int(0))?))
}

/// vector pointing vertically
fn toivec(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::tuple(vec![a[0].clone(), Value::Int(0)]))
}

/// vector pointing horizontally
fn tojvec(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::tuple(vec![Value::Int(0), a[0].clone()]))
}
