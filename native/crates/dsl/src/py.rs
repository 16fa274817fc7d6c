//! Python's operators on DSL values, for primitives that rely on them generically
//! (`add` on two tuples concatenates, `multiply` of an int and a tuple repeats it, ...).

use crate::budget::Ctx;
use crate::error::{range_err, type_err, zero_div_err, DslError, DslResult, ErrorKind};
use crate::value::Value;

fn overflow() -> DslError {
    DslError { kind: ErrorKind::OutOfRange, msg: "integer overflow" }
}

/// Python `a + b`.
pub fn add(ctx: &mut Ctx, a: &Value, b: &Value) -> DslResult<Value> {
    if let (Some(x), Some(y)) = (a.as_int(), b.as_int()) {
        return x.checked_add(y).map(Value::Int).ok_or_else(overflow);
    }
    if a.is_tuple() && b.is_tuple() {
        let (na, nb) = (a.len().unwrap(), b.len().unwrap());
        ctx.check_len(na + nb)?;
        let mut v = a.elems().unwrap();
        v.extend(b.elems().unwrap());
        return Ok(Value::tuple(v));
    }
    type_err("unsupported operand types for +")
}

/// Python `a - b`.
pub fn sub(ctx: &mut Ctx, a: &Value, b: &Value) -> DslResult<Value> {
    if let (Some(x), Some(y)) = (a.as_int(), b.as_int()) {
        return x.checked_sub(y).map(Value::Int).ok_or_else(overflow);
    }
    if a.is_set() && b.is_set() {
        ctx.spend(a.len().unwrap())?;
        let keep: Vec<Value> = a.elems().unwrap().into_iter().filter(|e| !crate::order::contains(b, e).unwrap_or(false)).collect();
        return Ok(Value::set_sorted(keep));
    }
    type_err("unsupported operand types for -")
}

/// Python `a * b` (an int times a tuple repeats the tuple).
pub fn mul(ctx: &mut Ctx, a: &Value, b: &Value) -> DslResult<Value> {
    if let (Some(x), Some(y)) = (a.as_int(), b.as_int()) {
        return x.checked_mul(y).map(Value::Int).ok_or_else(overflow);
    }
    let (n, t) = match (a.as_int(), b.as_int()) {
        (Some(n), None) if b.is_tuple() => (n, b),
        (None, Some(n)) if a.is_tuple() => (n, a),
        _ => return type_err("unsupported operand types for *"),
    };
    let len = t.len().unwrap();
    // Repeating an empty tuple any number of times is empty (and must not loop n times).
    let n = if len == 0 { 0 } else { n.max(0) as usize };
    ctx.check_len(n.saturating_mul(len))?;
    let items = t.elems().unwrap();
    let mut v = Vec::with_capacity(n * len);
    for _ in 0..n {
        v.extend(items.iter().cloned());
    }
    Ok(Value::tuple(v))
}

/// Python `a // b` on ints (floor division).
pub fn floordiv(a: &Value, b: &Value) -> DslResult<Value> {
    match (a.as_int(), b.as_int()) {
        (Some(_), Some(0)) => zero_div_err(),
        (Some(x), Some(y)) => {
            let q = x.checked_div(y).ok_or_else(overflow)?;
            Ok(Value::Int(if (x % y != 0) && ((x < 0) != (y < 0)) { q - 1 } else { q }))
        }
        _ => type_err("unsupported operand types for //"),
    }
}

/// Python `a % b` on ints (result has the sign of `b`).
pub fn modulo(a: &Value, b: &Value) -> DslResult<Value> {
    match (a.as_int(), b.as_int()) {
        (Some(_), Some(0)) => zero_div_err(),
        (Some(x), Some(y)) => {
            let r = x.checked_rem(y).unwrap_or(0);
            Ok(Value::Int(if r != 0 && ((r < 0) != (y < 0)) { r + y } else { r }))
        }
        _ => type_err("unsupported operand types for %"),
    }
}

/// Python unary `-x`.
pub fn neg(a: &Value) -> DslResult<Value> {
    match a.as_int() {
        Some(x) => x.checked_neg().map(Value::Int).ok_or_else(overflow),
        None => type_err("bad operand type for unary -"),
    }
}

/// Python `x[k]` for a tuple (negative `k` counts from the end); sets are not subscriptable.
pub fn index(x: &Value, k: i64) -> DslResult<Value> {
    if !x.is_tuple() {
        return type_err("object is not subscriptable");
    }
    let n = x.len().unwrap() as i64;
    let k = if k < 0 { k + n } else { k };
    if k < 0 || k >= n {
        return range_err("tuple index out of range");
    }
    Ok(x.elem(k as usize).unwrap())
}

/// Python `len(x)`.
pub fn len(x: &Value) -> DslResult<usize> {
    match x.len() {
        Some(n) => Ok(n),
        None => type_err("object has no len()"),
    }
}

/// The elements of an iterable in iteration order, borrowed when the value holds them as
/// values already (a generic tuple or set), built otherwise.
pub fn items(x: &Value) -> DslResult<std::borrow::Cow<'_, [Value]>> {
    match x {
        Value::Tuple(t) | Value::Set(t) => Ok(std::borrow::Cow::Borrowed(&t[..])),
        _ => iter(x).map(std::borrow::Cow::Owned),
    }
}

/// The elements of an iterable (tuple or set) in iteration order.
pub fn iter(x: &Value) -> DslResult<Vec<Value>> {
    match x.elems() {
        Some(v) => Ok(v),
        None => type_err("object is not iterable"),
    }
}

/// Python `x[0], x[1]` unpacking of a 2-element value into ints where the primitive needs ints.
pub fn int_of(x: &Value) -> DslResult<i64> {
    match x.as_int() {
        Some(n) => Ok(n),
        None => type_err("expected an integer"),
    }
}

/// Rebuilds a container of the same kind as `like` (Python's `type(container)(...)`).
pub fn same_kind(like: &Value, items: Vec<Value>) -> DslResult<Value> {
    if like.is_tuple() {
        Ok(Value::tuple(items))
    } else if like.is_set() {
        Ok(Value::set(items))
    } else {
        type_err("not a container type")
    }
}
