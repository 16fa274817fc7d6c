//! Grid construction and cell-by-cell rewrites: upscaling, downscaling, `canvas`, `cellwise`,
//! `replace` and `switch`. Fast path on `Grid` with small-int colours; otherwise the reference's
//! loops, value by value.

use crate::budget::Ctx;
use crate::error::{type_err, zero_div_err, DslResult};
use crate::order::canon_eq;
use crate::prims::pyx::{self, range_len, small, unpack2, Corner, Fast};
use crate::py;
use crate::registry::Impl;
use crate::value::{Grid, Value};

pub const DEFS: &[Impl] = &[
    Impl { name: "hupscale", f: hupscale },
    Impl { name: "vupscale", f: vupscale },
    Impl { name: "upscale", f: upscale },
    Impl { name: "downscale", f: downscale },
    Impl { name: "cellwise", f: cellwise },
    Impl { name: "replace", f: replace },
    Impl { name: "switch", f: switch },
    Impl { name: "canvas", f: canvas },
];

/// Upscales a fast grid by `fi` rows and `fj` columns per cell.
fn scale_grid(ctx: &mut Ctx, g: &Grid, fi: usize, fj: usize) -> DslResult<Value> {
    let (h, w) = (g.h.saturating_mul(fi), g.w.saturating_mul(fj));
    ctx.check_grid(h, w)?;
    if h == 0 || w == 0 {
        return Ok(Value::grid(Grid::new(h, w, Vec::new())));
    }
    let mut cells = vec![0i8; h * w];
    for (src, dst) in g.cells.chunks_exact(g.w).zip(cells.chunks_exact_mut(w * fi)) {
        let (first, rest) = dst.split_at_mut(w);
        match fj {
            1 => first.copy_from_slice(src),
            2 => widen::<2>(src, first),
            3 => widen::<3>(src, first),
            _ => first.chunks_exact_mut(fj).zip(src).for_each(|(d, &c)| d.fill(c)),
        }
        for copy in rest.chunks_exact_mut(w) {
            copy.copy_from_slice(first);
        }
    }
    Ok(Value::grid(Grid::new(h, w, cells)))
}

/// Each cell of `src` written `F` times in a row into `dst`.
fn widen<const F: usize>(src: &[i8], dst: &mut [i8]) {
    for (d, &c) in dst.chunks_exact_mut(F).zip(src) {
        d.copy_from_slice(&[c; F]);
    }
}

/// `value` repeated `range(factor)` times, appended to `out`.
fn repeat_into(ctx: &mut Ctx, out: &mut Vec<Value>, value: &Value, factor: &Value) -> DslResult<()> {
    let n = range_len(factor)?;
    ctx.check_len(out.len().saturating_add(n))?;
    out.extend(std::iter::repeat_n(value, n).cloned());
    Ok(())
}

/// upscale grid horizontally
fn hupscale(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    if let (Value::Grid(g), Some(f)) = (&a[0], a[1].as_int()) {
        return scale_grid(ctx, g, 1, f.max(0) as usize);
    }
    let mut g = Vec::new();
    for row in py::iter(&a[0])? {
        let mut r = Vec::new();
        for v in py::iter(&row)? {
            repeat_into(ctx, &mut r, &v, &a[1])?;
        }
        g.push(Value::tuple(r));
    }
    Ok(Value::tuple(g))
}

/// upscale grid vertically
fn vupscale(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    if let (Value::Grid(g), Some(f)) = (&a[0], a[1].as_int()) {
        return scale_grid(ctx, g, f.max(0) as usize, 1);
    }
    let mut g = Vec::new();
    for row in py::iter(&a[0])? {
        repeat_into(ctx, &mut g, &row, &a[1])?;
    }
    Ok(Value::tuple(g))
}

/// upscale object or grid
fn upscale(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (e, factor) = (&a[0], &a[1]);
    if e.is_tuple() {
        if let (Value::Grid(g), Some(f)) = (e, factor.as_int()) {
            let f = f.max(0) as usize;
            return scale_grid(ctx, g, f, f);
        }
        let mut g = Vec::new();
        for row in py::iter(e)? {
            let mut r = Vec::new();
            for v in py::iter(&row)? {
                repeat_into(ctx, &mut r, &v, factor)?;
            }
            repeat_into(ctx, &mut g, &Value::tuple(r), factor)?;
        }
        return Ok(Value::tuple(g));
    }
    if py::len(e)? == 0 {
        return Ok(Value::empty_set());
    }
    if let (Some(Fast::Obj(cells)), Some(f)) = (pyx::fast_patch(e), factor.as_int()) {
        let f = f.max(0);
        let n = cells.len().saturating_mul((f as usize).saturating_mul(f as usize));
        ctx.check_len(n)?;
        let (u, l, _, _) = pyx::fast_patch(e).and_then(|p| p.bbox()).unwrap_or((0, 0, 0, 0));
        let mut out = Vec::with_capacity(n);
        for c in cells.iter() {
            let (i, j) = (c.i as i64 - u, c.j as i64 - l);
            for io in 0..f {
                for jo in 0..f {
                    out.push((c.c as i64, i * f + io + u, j * f + jo + l));
                }
            }
        }
        return Ok(pyx::make_object(out));
    }
    let (di_inv, dj_inv) = unpack2(&pyx::corner(e, Corner::Ul)?)?;
    let shift_back = Value::tuple(vec![di_inv.clone(), dj_inv.clone()]);
    let d = Value::tuple(vec![py::neg(&di_inv)?, py::neg(&dj_inv)?]);
    let normed = pyx::shift(ctx, e, &d)?;
    let mut o = Vec::new();
    for cell in py::iter(&normed)? {
        let (v, ij) = unpack2(&cell)?;
        let (i, j) = unpack2(&ij)?;
        let n = range_len(factor)? as i64;
        if n == 0 {
            continue;
        }
        let (i, j) = (pyx::int(&i)?, pyx::int(&j)?);
        ctx.check_len(o.len().saturating_add((n * n) as usize))?;
        for io in 0..n {
            for jo in 0..n {
                let p = match (i.checked_mul(n), j.checked_mul(n)) {
                    (Some(x), Some(y)) => Value::Pair(x + io, y + jo),
                    _ => return type_err("coordinate overflow"),
                };
                o.push(Value::tuple(vec![v.clone(), p]));
            }
        }
    }
    pyx::shift(ctx, &Value::set(o), &shift_back)
}

/// Python `x % factor == 0` for an int `x`.
fn divisible(x: usize, factor: &Value) -> DslResult<bool> {
    Ok(py::modulo(&Value::Int(x as i64), factor)?.as_int() == Some(0))
}

/// downscale grid
fn downscale(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (grid, factor) = (&a[0], &a[1]);
    if let (Value::Grid(g), Some(f)) = (grid, factor.as_int()) {
        if f == 0 {
            return zero_div_err();
        }
        ctx.spend(g.cells.len())?;
        let f = f.unsigned_abs() as usize;
        let mut cells = Vec::new();
        let (mut h, mut w) = (0, 0);
        for i in (0..g.h).step_by(f) {
            h += 1;
            let row = g.row(i);
            w = 0;
            for j in (0..g.w).step_by(f) {
                w += 1;
                cells.push(row[j]);
            }
        }
        return Ok(Value::grid(Grid::new(h, w, cells)));
    }
    let h = py::len(grid)?;
    let w = py::len(&py::index(grid, 0)?)?;
    ctx.spend(h.saturating_mul(w))?;
    let mut g = Vec::with_capacity(h);
    for i in 0..h {
        let mut r = Vec::new();
        for j in 0..w {
            if divisible(j, factor)? {
                r.push(py::index(&py::index(grid, i as i64)?, j as i64)?);
            }
        }
        g.push(Value::tuple(r));
    }
    let mut out = Vec::new();
    for (i, r) in g.into_iter().enumerate() {
        if divisible(i, factor)? {
            out.push(r);
        }
    }
    Ok(Value::tuple(out))
}

/// cellwise match of two grids
fn cellwise(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (x, y, fallback) = (&a[0], &a[1], &a[2]);
    if let (Value::Grid(p), Value::Grid(q), Some(fb)) = (x, y, small(fallback)) {
        if q.h < p.h || q.w < p.w {
            return crate::error::range_err("tuple index out of range");
        }
        ctx.spend(p.cells.len())?;
        let mut cells = Vec::with_capacity(p.cells.len());
        for i in 0..p.h {
            for (j, &c) in p.row(i).iter().enumerate() {
                cells.push(if c == q.get(i, j) { c } else { fb });
            }
        }
        return Ok(Value::grid(Grid::new(p.h, p.w, cells)));
    }
    let h = py::len(x)?;
    let w = py::len(&py::index(x, 0)?)?;
    ctx.spend(h.saturating_mul(w))?;
    let mut out = Vec::with_capacity(h);
    for i in 0..h as i64 {
        let mut row = Vec::with_capacity(w);
        for j in 0..w as i64 {
            let av = py::index(&py::index(x, i)?, j)?;
            let bv = py::index(&py::index(y, i)?, j)?;
            row.push(if canon_eq(&av, &bv) { av } else { fallback.clone() });
        }
        out.push(Value::tuple(row));
    }
    Ok(Value::tuple(out))
}

/// Rewrites every cell with `f`; fast when the grid is fast and `fast` maps its colours.
fn map_cells(ctx: &mut Ctx, grid: &Value, fast: Option<&dyn Fn(i8) -> i8>, f: &dyn Fn(&Value) -> Value) -> DslResult<Value> {
    if let (Value::Grid(g), Some(fast)) = (grid, fast) {
        ctx.spend(g.cells.len())?;
        return Ok(Value::grid(Grid::new(g.h, g.w, g.cells.iter().map(|&c| fast(c)).collect())));
    }
    let mut out = Vec::new();
    for r in py::iter(grid)? {
        let items = py::iter(&r)?;
        ctx.spend(items.len())?;
        out.push(Value::tuple(items.iter().map(f).collect()));
    }
    Ok(Value::tuple(out))
}

/// color substitution
fn replace(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (from, to) = (&a[1], &a[2]);
    if let (Value::Grid(g), Some(x), Some(t)) = (&a[0], from.as_int(), small(to)) {
        ctx.spend(g.cells.len())?;
        // A colour outside the cells' range matches no cell.
        let Ok(x) = i8::try_from(x) else { return Ok(a[0].clone()) };
        let cells = g.cells.iter().map(|&c| if c == x { t } else { c }).collect();
        return Ok(Value::grid(Grid::new(g.h, g.w, cells)));
    }
    let fast_fn = match (from.as_int(), small(to)) {
        (Some(x), Some(t)) => Some(move |c: i8| if c as i64 == x { t } else { c }),
        _ => None,
    };
    let fast = fast_fn.as_ref().map(|f| f as &dyn Fn(i8) -> i8);
    map_cells(ctx, &a[0], fast, &|v| if canon_eq(v, from) { to.clone() } else { v.clone() })
}

/// color switching
fn switch(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (x, y) = (&a[1], &a[2]);
    if let (Value::Grid(g), Some(p), Some(q)) = (&a[0], small(x), small(y)) {
        ctx.spend(g.cells.len())?;
        let cells = g
            .cells
            .iter()
            .map(|&c| {
                if c == p {
                    q
                } else if c == q {
                    p
                } else {
                    c
                }
            })
            .collect();
        return Ok(Value::grid(Grid::new(g.h, g.w, cells)));
    }
    let same = canon_eq(x, y);
    let fast_fn = match (small(x), small(y)) {
        (Some(p), Some(q)) => Some(move |c: i8| {
            if c == p {
                q
            } else if c == q {
                p
            } else {
                c
            }
        }),
        _ => None,
    };
    let fast = fast_fn.as_ref().map(|f| f as &dyn Fn(i8) -> i8);
    map_cells(ctx, &a[0], fast, &|v| {
        let (ex, ey) = (canon_eq(v, x), canon_eq(v, y));
        if !ex && !ey {
            v.clone()
        } else if same || !ex {
            x.clone()
        } else {
            y.clone()
        }
    })
}

/// grid construction
fn canvas(ctx: &mut Ctx, a: &[Value]) -> DslResult<Value> {
    let (value, dims) = (&a[0], &a[1]);
    if let (Some(c), Value::Pair(h, w)) = (small(value), dims) {
        let (h, w) = ((*h).max(0) as usize, (*w).max(0) as usize);
        ctx.check_grid(h, w)?;
        return Ok(Value::grid(Grid::new(h, w, vec![c; h * w])));
    }
    let h = range_len(&py::index(dims, 0)?)?;
    ctx.check_len(h)?;
    let mut out = Vec::with_capacity(h);
    for i in 0..h {
        let w = range_len(&py::index(dims, 1)?)?;
        if i == 0 {
            ctx.check_grid(h, w)?;
        }
        out.push(Value::tuple(vec![value.clone(); w]));
    }
    Ok(Value::tuple(out))
}
