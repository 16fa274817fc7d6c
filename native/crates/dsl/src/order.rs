//! Equality and the canonical total order (see shared/golden/arc-dsl/README.md, "Canonical set
//! order"), plus Python's own `<` for the comparisons primitives make themselves.

use std::cmp::Ordering;

use crate::error::{type_err, DslResult};
use crate::value::Value;

fn rank(v: &Value) -> u8 {
    match v {
        Value::Bool(_) | Value::Int(_) => 0,
        Value::Pair(..) | Value::Tuple(_) | Value::Grid(_) => 1,
        Value::Set(_) | Value::Indices(_) | Value::Object(_) => 2,
        Value::None => 3,
        Value::Func(_) => 4,
    }
}

/// The canonical total order: numbers < tuples < frozensets < None < functions.
pub fn canon_cmp(a: &Value, b: &Value) -> Ordering {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x.cmp(y),
        (Pair(a0, a1), Pair(b0, b1)) => (a0, a1).cmp(&(b0, b1)),
        (Grid(x), Grid(y)) => {
            if x.w == y.w {
                x.cells.cmp(&y.cells)
            } else {
                for k in 0..x.h.min(y.h) {
                    let o = x.row(k).cmp(y.row(k));
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                x.h.cmp(&y.h)
            }
        }
        (Indices(x), Indices(y)) => x.as_ref().cmp(y.as_ref()),
        (Object(x), Object(y)) => x.as_ref().cmp(y.as_ref()),
        (Tuple(x), Tuple(y)) | (Set(x), Set(y)) => slice_cmp(x, y),
        (Func(x), Func(y)) => x.name().cmp(y.name()).then_with(|| slice_cmp(&x.args, &y.args)),
        (None, None) => Ordering::Equal,
        _ => {
            let (ra, rb) = (rank(a), rank(b));
            if ra != rb {
                return ra.cmp(&rb);
            }
            match ra {
                0 => a.as_int().unwrap().cmp(&b.as_int().unwrap()),
                1 | 2 => elem_cmp(a, b),
                _ => Ordering::Equal,
            }
        }
    }
}

fn slice_cmp(x: &[Value], y: &[Value]) -> Ordering {
    for (p, q) in x.iter().zip(y.iter()) {
        let o = canon_cmp(p, q);
        if o != Ordering::Equal {
            return o;
        }
    }
    x.len().cmp(&y.len())
}

/// Lexicographic comparison through the generic element view (mixed representations).
fn elem_cmp(a: &Value, b: &Value) -> Ordering {
    let (na, nb) = (a.len().unwrap_or(0), b.len().unwrap_or(0));
    for k in 0..na.min(nb) {
        let o = canon_cmp(&a.elem(k).unwrap(), &b.elem(k).unwrap());
        if o != Ordering::Equal {
            return o;
        }
    }
    na.cmp(&nb)
}

/// Python `==` on DSL values (`True == 1`; closures equal when built the same way).
pub fn canon_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Pair(a0, a1), Pair(b0, b1)) => a0 == b0 && a1 == b1,
        (Grid(x), Grid(y)) => x == y,
        (Indices(x), Indices(y)) => x == y,
        (Object(x), Object(y)) => x == y,
        _ => {
            if a.len() != b.len() && rank(a) == rank(b) && rank(a) != 0 {
                return false;
            }
            canon_cmp(a, b) == Ordering::Equal
        }
    }
}

/// Python's `a < b` as the primitives see it: numbers by value, tuples lexicographically,
/// frozensets by proper subset; anything else is a `TypeError`.
pub fn py_lt(a: &Value, b: &Value) -> DslResult<bool> {
    match (rank(a), rank(b)) {
        (0, 0) => Ok(a.as_int().unwrap() < b.as_int().unwrap()),
        (1, 1) => {
            if let (Value::Pair(a0, a1), Value::Pair(b0, b1)) = (a, b) {
                return Ok((a0, a1) < (b0, b1));
            }
            let (na, nb) = (a.len().unwrap(), b.len().unwrap());
            for k in 0..na.min(nb) {
                let (x, y) = (a.elem(k).unwrap(), b.elem(k).unwrap());
                if !canon_eq(&x, &y) {
                    return py_lt(&x, &y);
                }
            }
            Ok(na < nb)
        }
        (2, 2) => Ok(a.len() < b.len() && is_subset(a, b)),
        _ => type_err("'<' not supported between these types"),
    }
}

/// Python's `a > b`.
pub fn py_gt(a: &Value, b: &Value) -> DslResult<bool> {
    py_lt(b, a)
}

/// Every element of set `a` is in set `b` (both sorted canonically).
pub fn is_subset(a: &Value, b: &Value) -> bool {
    let (na, nb) = (a.len().unwrap_or(0), b.len().unwrap_or(0));
    let mut k = 0;
    for x in 0..na {
        let e = a.elem(x).unwrap();
        loop {
            if k >= nb {
                return false;
            }
            match canon_cmp(&b.elem(k).unwrap(), &e) {
                Ordering::Less => k += 1,
                Ordering::Equal => {
                    k += 1;
                    break;
                }
                Ordering::Greater => return false,
            }
        }
    }
    true
}

/// Python `x in container` (tuples by scan, sets by binary search).
pub fn contains(container: &Value, x: &Value) -> DslResult<bool> {
    match container {
        Value::Indices(s) => {
            if let Value::Pair(i, j) = x {
                return Ok(s.binary_search(&(*i as i32, *j as i32)).is_ok() && i32::try_from(*i).is_ok() && i32::try_from(*j).is_ok());
            }
            Ok(false)
        }
        Value::Set(s) => Ok(s.binary_search_by(|e| canon_cmp(e, x)).is_ok()),
        Value::Object(_) => {
            let n = container.len().unwrap();
            let (mut lo, mut hi) = (0, n);
            while lo < hi {
                let mid = (lo + hi) / 2;
                match canon_cmp(&container.elem(mid).unwrap(), x) {
                    Ordering::Less => lo = mid + 1,
                    Ordering::Greater => hi = mid,
                    Ordering::Equal => return Ok(true),
                }
            }
            Ok(false)
        }
        Value::Pair(..) | Value::Tuple(_) | Value::Grid(_) => {
            let n = container.len().unwrap();
            Ok((0..n).any(|k| canon_eq(&container.elem(k).unwrap(), x)))
        }
        _ => type_err("argument is not a container"),
    }
}
