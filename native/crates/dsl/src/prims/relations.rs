//! Shape predicates and relations between patches: square, lines, matching rows/columns,
//! distances, bordering, centre of mass.

use crate::budget::Ctx;
use crate::error::{empty_err, type_err, DslResult};
use crate::order::canon_eq;
use crate::py;
use crate::registry::Impl;
use crate::value::Value;

use super::grids::{height_v, width_v};
use super::patches::{index_columns, index_pairs, leftmost_v, lowermost_v, positions, rightmost_v, uppermost_v};

pub const DEFS: &[Impl] = &[
    Impl { name: "square", f: square },
    Impl { name: "vline", f: vline },
    Impl { name: "hline", f: hline },
    Impl { name: "hmatching", f: hmatching },
    Impl { name: "vmatching", f: vmatching },
    Impl { name: "manhattan", f: manhattan },
    Impl { name: "adjacent", f: adjacent },
    Impl { name: "bordering", f: bordering },
    Impl { name: "centerofmass", f: centerofmass },
];

fn eq_int(v: &Value, n: usize) -> bool {
    canon_eq(v, &Value::Int(n as i64))
}

/// whether the piece forms a square
fn square(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    if p.is_tuple() {
        let n = py::len(p)?;
        return Ok(Value::Bool(n == py::len(&py::index(p, 0)?)?));
    }
    let (h, w) = (height_v(ctx, p)?, width_v(ctx, p)?);
    let area = py::mul(ctx, &h, &w)?;
    Ok(Value::Bool(eq_int(&area, py::len(p)?) && canon_eq(&h, &w)))
}

/// whether the piece forms a vertical line
fn vline(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    let h = height_v(ctx, p)?;
    if !eq_int(&h, py::len(p)?) {
        return Ok(Value::FALSE);
    }
    Ok(Value::Bool(eq_int(&width_v(ctx, p)?, 1)))
}

/// whether the piece forms a horizontal line
fn hline(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    let w = width_v(ctx, p)?;
    if !eq_int(&w, py::len(p)?) {
        return Ok(Value::FALSE);
    }
    Ok(Value::Bool(eq_int(&height_v(ctx, p)?, 1)))
}

/// Whether the patches share a row (`col == 0`) or a column (`col == 1`).
fn matching(ctx: &mut Ctx, a: &Value, b: &Value, col: usize) -> DslResult<Value> {
    ctx.spend(a.len().unwrap_or(0).saturating_add(b.len().unwrap_or(0)))?;
    if let (Some(pa), Some(pb)) = (positions(a), positions(b)) {
        let pick = |(i, j): (i64, i64)| if col == 0 { i } else { j };
        let mut xs: Vec<i64> = pa.map(pick).collect();
        xs.sort_unstable();
        xs.dedup();
        let mut pb = pb;
        return Ok(Value::Bool(pb.any(|p| xs.binary_search(&pick(p)).is_ok())));
    }
    let pick = |(i, j): (Value, Value)| if col == 0 { i } else { j };
    let xs: Vec<Value> = index_pairs(a)?.into_iter().map(pick).collect();
    let ys: Vec<Value> = index_pairs(b)?.into_iter().map(pick).collect();
    ctx.spend(xs.len().saturating_mul(ys.len()))?;
    Ok(Value::Bool(xs.iter().any(|x| ys.iter().any(|y| canon_eq(x, y)))))
}

/// whether there exists a row for which both patches have cells
fn hmatching(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    matching(ctx, &a[0], &a[1], 0)
}

/// whether there exists a column for which both patches have cells
fn vmatching(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    matching(ctx, &a[0], &a[1], 1)
}

/// Python `abs(x - y)` where the result must be an int.
fn abs_diff(ctx: &mut Ctx, x: &Value, y: &Value) -> DslResult<i64> {
    if let (Value::Int(x), Value::Int(y)) = (x, y) {
        if let Some(d) = x.checked_sub(*y).and_then(i64::checked_abs) {
            return Ok(d);
        }
    }
    match py::sub(ctx, x, y)?.as_int().map(i64::checked_abs) {
        Some(Some(d)) => Ok(d),
        Some(None) => crate::error::range_err("integer overflow"),
        None => type_err("bad operand type for abs()"),
    }
}

pub(crate) fn manhattan_v(ctx: &mut Ctx, a: &Value, b: &Value) -> DslResult<i64> {
    if let (Some(pa), Some(pb)) = (positions(a), positions(b)) {
        ctx.spend(a.len().unwrap_or(0).saturating_mul(b.len().unwrap_or(0)))?;
        let mut best = i64::MAX;
        for (ai, aj) in pa {
            for (bi, bj) in pb.clone() {
                best = best.min((ai - bi).abs() + (aj - bj).abs());
            }
        }
        return Ok(best);
    }
    let pa = index_pairs(a)?;
    if pa.is_empty() {
        return empty_err("min() arg is an empty sequence");
    }
    let pb = index_pairs(b)?;
    ctx.spend(pa.len().saturating_mul(pb.len()))?;
    let mut best: Option<i64> = None;
    for (ai, aj) in &pa {
        for (bi, bj) in &pb {
            let d = abs_diff(ctx, ai, bi)?;
            let e = abs_diff(ctx, aj, bj)?;
            let Some(s) = d.checked_add(e) else { return crate::error::range_err("integer overflow") };
            best = Some(best.map_or(s, |b| b.min(s)));
        }
    }
    match best {
        Some(s) => Ok(s),
        None => empty_err("min() arg is an empty sequence"),
    }
}

/// closest manhattan distance between two patches
fn manhattan(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::Int(manhattan_v(ctx, &a[0], &a[1])?))
}

/// whether two patches are adjacent
fn adjacent(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    Ok(Value::Bool(manhattan_v(ctx, &a[0], &a[1])? == 1))
}

/// whether a patch is adjacent to a grid border
fn bordering(_: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (patch, grid) = (&a[0], &a[1]);
    let zero = Value::Int(0);
    if canon_eq(&uppermost_v(patch)?, &zero) || canon_eq(&leftmost_v(patch)?, &zero) {
        return Ok(Value::TRUE);
    }
    let low = lowermost_v(patch)?;
    let h = py::len(grid)? as i64;
    if canon_eq(&low, &Value::Int(h - 1)) {
        return Ok(Value::TRUE);
    }
    let right = rightmost_v(patch)?;
    let w = py::len(&py::index(grid, 0)?)? as i64;
    Ok(Value::Bool(canon_eq(&right, &Value::Int(w - 1))))
}

/// center of mass
fn centerofmass(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let p = &a[0];
    ctx.spend(p.len().unwrap_or(0))?;
    let n = p.len().unwrap_or(0) as i64;
    match p {
        Value::Indices(s) => {
            let (si, sj) = s.iter().fold((0i64, 0i64), |(x, y), &(i, j)| (x + i as i64, y + j as i64));
            return Ok(Value::Pair(si.div_euclid(n), sj.div_euclid(n)));
        }
        Value::Object(s) => {
            let mut ix: Vec<(i32, i32)> = s.iter().map(|c| (c.i, c.j)).collect();
            ix.sort_unstable();
            ix.dedup();
            let (si, sj) = ix.iter().fold((0i64, 0i64), |(x, y), &(i, j)| (x + i as i64, y + j as i64));
            return Ok(Value::Pair(si.div_euclid(n), sj.div_euclid(n)));
        }
        _ => {}
    }
    let cols = index_columns(p)?;
    let mut out = Vec::with_capacity(cols.len());
    for col in cols {
        let mut sum = Value::Int(0);
        for x in &col {
            sum = py::add(ctx, &sum, x)?;
        }
        out.push(py::floordiv(&sum, &Value::Int(py::len(p)? as i64))?);
    }
    Ok(Value::tuple(out))
}
