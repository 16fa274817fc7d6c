//! Typed views of values for primitives: "this argument as a grid / as positions / as cells",
//! accepting every representation of the same Python value and failing like Python otherwise.

use std::rc::Rc;

use crate::error::{range_err, type_err, DslResult};
use crate::value::{Cell, Grid, Value};

/// A value as a grid (a tuple of equal-length rows of ints). `()` is the 0x0 grid and a tuple
/// of empty rows is `h x 0`; callers decide what Python does with those.
pub fn as_grid(v: &Value) -> DslResult<Rc<Grid>> {
    match v {
        Value::Grid(g) => Ok(g.clone()),
        Value::Tuple(rows) => {
            let w = match rows.first() {
                None => return Ok(Rc::new(Grid::new(0, 0, Vec::new()))),
                Some(r) => match r.len() {
                    Some(w) if r.is_tuple() => w,
                    _ => return type_err("grid rows must be tuples"),
                },
            };
            let mut cells = Vec::with_capacity(w * rows.len());
            for r in rows.iter() {
                if !r.is_tuple() || r.len() != Some(w) {
                    return type_err("grid rows must be tuples of one length");
                }
                for k in 0..w {
                    match r.elem(k).unwrap() {
                        Value::Int(n) => match i8::try_from(n) {
                            Ok(c) => cells.push(c),
                            Err(_) => return range_err("grid colour out of range"),
                        },
                        Value::Bool(b) => cells.push(b as i8),
                        _ => return type_err("grid cells must be integers"),
                    }
                }
            }
            Ok(Rc::new(Grid::new(rows.len(), w, cells)))
        }
        Value::Pair(..) => type_err("grid rows must be tuples"),
        _ => type_err("expected a grid"),
    }
}

/// Unpacks a value as `(i, j)` ints.
pub fn as_pair(v: &Value) -> DslResult<(i64, i64)> {
    match v {
        Value::Pair(a, b) => Ok((*a, *b)),
        _ if v.is_tuple() => {
            if v.len() != Some(2) {
                return range_err("expected 2 values to unpack");
            }
            match (v.elem(0).unwrap().as_int(), v.elem(1).unwrap().as_int()) {
                (Some(a), Some(b)) => Ok((a, b)),
                _ => type_err("expected a pair of integers"),
            }
        }
        _ => type_err("expected a pair of integers"),
    }
}

/// Python's `toindices(patch)` iterated as `(i, j)` pairs, in iteration order.
/// An object yields its cells' positions; a set or tuple of pairs yields itself.
pub fn patch_indices(v: &Value) -> DslResult<Vec<(i64, i64)>> {
    match v {
        Value::Indices(s) => Ok(s.iter().map(|&(i, j)| (i as i64, j as i64)).collect()),
        Value::Object(s) => {
            let mut out: Vec<(i64, i64)> = s.iter().map(|c| (c.i as i64, c.j as i64)).collect();
            // toindices builds a frozenset: positions in canonical order, no duplicates.
            out.sort_unstable();
            out.dedup();
            Ok(out)
        }
        _ => {
            let items = match v.elems() {
                Some(items) => items,
                None => return type_err("expected a patch"),
            };
            let Some(first) = items.first() else { return Ok(Vec::new()) };
            let second = crate::py::index(first, 1)?;
            if second.is_tuple() {
                let mut out = Vec::with_capacity(items.len());
                for e in &items {
                    if e.len() != Some(2) {
                        return range_err("expected (value, index) cells");
                    }
                    out.push(as_pair(&e.elem(1).unwrap())?);
                }
                out.sort_unstable();
                out.dedup();
                Ok(out)
            } else {
                items.iter().map(as_pair).collect()
            }
        }
    }
}

/// The cells of an object: `(c, (i, j))` elements, in iteration order.
pub fn object_cells(v: &Value) -> DslResult<Vec<Cell>> {
    match v {
        Value::Object(s) => Ok(s.to_vec()),
        _ => {
            let items = match v.elems() {
                Some(items) => items,
                None => return type_err("expected an object"),
            };
            let mut out = Vec::with_capacity(items.len());
            for e in &items {
                if !e.is_tuple() || e.len() != Some(2) {
                    return type_err("expected (value, (i, j)) cells");
                }
                let c = e.elem(0).unwrap().as_int();
                let (i, j) = as_pair(&e.elem(1).unwrap())?;
                match (c.and_then(|c| i32::try_from(c).ok()), i32::try_from(i), i32::try_from(j)) {
                    (Some(c), Ok(i), Ok(j)) => out.push(Cell { c, i, j }),
                    _ => return range_err("cell out of range"),
                }
            }
            Ok(out)
        }
    }
}

/// Is `v` an object (its first element's second item is a tuple), as the reference tests it?
pub fn looks_like_object(v: &Value) -> bool {
    match v {
        Value::Object(_) => true,
        Value::Indices(_) => false,
        _ => match v.elem(0) {
            Some(first) => crate::py::index(&first, 1).map(|x| x.is_tuple()).unwrap_or(false),
            None => false,
        },
    }
}
