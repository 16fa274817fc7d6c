//! DSL values: Python's ints, bools, tuples and frozensets, with fast shapes for the common cases.
//!
//! Every Python value has one *meaning* but may have several representations here: a grid is a
//! tuple of row tuples, stored flat as `Grid`; a frozenset of `(i, j)` pairs is stored as
//! `Indices`; an ARC object as `Object`. Constructors (`Value::tuple`, `Value::set`) pick the fast
//! shape when the elements fit, and equality/ordering (`order.rs`) compare by meaning, so a
//! representation can never change a result.

use std::rc::Rc;

use crate::func::Func;

/// One cell of an object: colour then position, ordered as Python orders `(c, (i, j))`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    pub c: i32,
    pub i: i32,
    pub j: i32,
}

/// A grid: `h` rows of `w` cells, row-major. Colours are Python ints; grids whose cells do not
/// fit in `i8` stay generic tuples (no ARC program produces those in practice).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Grid {
    pub h: usize,
    pub w: usize,
    pub cells: Vec<i8>,
}

impl Grid {
    pub fn new(h: usize, w: usize, cells: Vec<i8>) -> Grid {
        debug_assert_eq!(h * w, cells.len());
        Grid { h, w, cells }
    }
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> i8 {
        self.cells[i * self.w + j]
    }
    pub fn row(&self, i: usize) -> &[i8] {
        &self.cells[i * self.w..(i + 1) * self.w]
    }
}

#[derive(Clone, Debug, Default)]
pub enum Value {
    Bool(bool),
    Int(i64),
    /// Python `None` (e.g. `index` outside the grid).
    #[default]
    None,
    /// A 2-tuple of plain ints: a position, a direction, a shape.
    Pair(i64, i64),
    /// Any other tuple (never pair- or grid-shaped when built through `Value::tuple`).
    Tuple(Rc<[Value]>),
    /// A non-empty tuple of equal-length, non-empty rows of small ints.
    Grid(Rc<Grid>),
    /// A frozenset, elements sorted ascending in the canonical order, no duplicates.
    Set(Rc<[Value]>),
    /// A non-empty frozenset of `(i, j)` pairs, sorted.
    Indices(Rc<[(i32, i32)]>),
    /// A non-empty frozenset of `(c, (i, j))` cells, sorted by `(c, i, j)`.
    Object(Rc<[Cell]>),
    /// A primitive or a closure built by `compose`, `rbind`... (plain data, see `func.rs`).
    Func(Rc<Func>),
}

impl Value {
    pub const TRUE: Value = Value::Bool(true);
    pub const FALSE: Value = Value::Bool(false);

    pub fn empty_tuple() -> Value {
        Value::Tuple(Rc::from(Vec::new()))
    }
    pub fn empty_set() -> Value {
        Value::Set(Rc::from(Vec::new()))
    }
    pub fn grid(g: Grid) -> Value {
        if g.h == 0 {
            return Value::empty_tuple();
        }
        if g.w == 0 {
            return Value::Tuple((0..g.h).map(|_| Value::empty_tuple()).collect());
        }
        Value::Grid(Rc::new(g))
    }

    /// A tuple from its elements, in the fastest shape that means the same.
    pub fn tuple(items: Vec<Value>) -> Value {
        if items.len() == 2 {
            if let (Value::Int(a), Value::Int(b)) = (&items[0], &items[1]) {
                return Value::Pair(*a, *b);
            }
        }
        if let Some(g) = grid_from_rows(&items) {
            return Value::Grid(Rc::new(g));
        }
        Value::Tuple(Rc::from(items))
    }

    /// A frozenset from elements in any order (sorted and deduplicated here).
    pub fn set(mut items: Vec<Value>) -> Value {
        items.sort_by(crate::order::canon_cmp);
        items.dedup_by(|a, b| crate::order::canon_eq(a, b));
        Value::set_sorted(items)
    }

    /// A frozenset from elements already sorted canonically and without duplicates.
    pub fn set_sorted(items: Vec<Value>) -> Value {
        if items.is_empty() {
            return Value::empty_set();
        }
        if let Some(ix) = indices_from(&items) {
            return Value::Indices(Rc::from(ix));
        }
        if let Some(cells) = cells_from(&items) {
            return Value::Object(Rc::from(cells));
        }
        Value::Set(Rc::from(items))
    }

    /// The `n` elements of the canonical set `items` that satisfy `keep` (counted by the
    /// caller), as a frozenset: filtering keeps the order, so nothing is sorted, and the result
    /// is allocated once. `no_tuples`: the caller knows no element is a tuple (tuples may be
    /// positions or cells, which have their own shapes).
    pub fn subset(items: &Rc<[Value]>, n: usize, no_tuples: bool, keep: impl Fn(&Value) -> bool) -> Value {
        if n == items.len() {
            return Value::Set(items.clone());
        }
        let mut it = items.iter().filter(|x| keep(x));
        if n == 0 || !(no_tuples || items.iter().all(|x| !x.is_tuple())) {
            return Value::set_sorted(it.cloned().collect());
        }
        Value::Set(std::iter::repeat_with(|| it.next().expect("counted").clone()).take(n).collect())
    }

    /// A frozenset of positions; sorts and dedups.
    pub fn indices(mut ix: Vec<(i32, i32)>) -> Value {
        crate::sortset::sort_dedup_indices(&mut ix);
        Value::indices_sorted(ix)
    }
    pub fn indices_sorted(ix: Vec<(i32, i32)>) -> Value {
        if ix.is_empty() {
            Value::empty_set()
        } else {
            Value::Indices(Rc::from(ix))
        }
    }
    /// A frozenset of cells; sorts and dedups.
    pub fn object(mut cells: Vec<Cell>) -> Value {
        crate::sortset::sort_dedup_cells(&mut cells);
        Value::object_sorted(cells)
    }
    pub fn object_sorted(cells: Vec<Cell>) -> Value {
        if cells.is_empty() {
            Value::empty_set()
        } else {
            Value::Object(Rc::from(cells))
        }
    }

    pub fn int(n: i64) -> Value {
        Value::Int(n)
    }
    pub fn pair(a: i64, b: i64) -> Value {
        Value::Pair(a, b)
    }

    pub fn is_tuple(&self) -> bool {
        matches!(self, Value::Pair(..) | Value::Tuple(_) | Value::Grid(_))
    }
    pub fn is_set(&self) -> bool {
        matches!(self, Value::Set(_) | Value::Indices(_) | Value::Object(_))
    }
    pub fn is_container(&self) -> bool {
        self.is_tuple() || self.is_set()
    }
    pub fn is_func(&self) -> bool {
        matches!(self, Value::Func(_))
    }
    /// Python `isinstance(x, int)`: bools are ints.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        }
    }

    /// Python truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Bool(b) => *b,
            Value::Int(n) => *n != 0,
            Value::None => false,
            Value::Func(_) => true,
            _ => self.len().map(|n| n > 0).unwrap_or(true),
        }
    }

    /// Python `len()`, `None` where Python raises.
    // No `is_empty`: emptiness of an unsized value is not a bool here; callers use `truthy`.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> Option<usize> {
        Some(match self {
            Value::Pair(..) => 2,
            Value::Tuple(t) => t.len(),
            Value::Grid(g) => g.h,
            Value::Set(s) => s.len(),
            Value::Indices(s) => s.len(),
            Value::Object(s) => s.len(),
            _ => return None,
        })
    }

    /// Element `k` of a tuple or set (in iteration order); `None` if out of range or not a container.
    pub fn elem(&self, k: usize) -> Option<Value> {
        Some(match self {
            Value::Pair(a, b) => Value::Int(match k {
                0 => *a,
                1 => *b,
                _ => return None,
            }),
            Value::Tuple(t) | Value::Set(t) => t.get(k)?.clone(),
            Value::Grid(g) => {
                if k >= g.h {
                    return None;
                }
                row_value(g.row(k))
            }
            Value::Indices(s) => {
                let (i, j) = *s.get(k)?;
                Value::Pair(i as i64, j as i64)
            }
            Value::Object(s) => cell_value(*s.get(k)?),
            _ => return None,
        })
    }

    /// The elements of a container in iteration order (canonical order for sets).
    pub fn elems(&self) -> Option<Vec<Value>> {
        let n = self.len()?;
        Some(match self {
            Value::Tuple(t) | Value::Set(t) => t.to_vec(),
            _ => (0..n).map(|k| self.elem(k).expect("in range")).collect(),
        })
    }

    pub fn func(f: Func) -> Value {
        Value::Func(Rc::new(f))
    }
}

/// A shared slice of `n` copies of `fill`, made in one allocation, to be filled in place
/// (through `Rc::get_mut`) before it is shared.
pub fn rc_filled<T: Copy>(n: usize, fill: T) -> Rc<[T]> {
    std::iter::repeat_n(fill, n).collect()
}

thread_local! {
    static CELL_BUF: std::cell::RefCell<Vec<Cell>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` on an empty scratch vector of cells, reused across calls so that the memory is
/// already in cache (a fresh vector when one is in use further up the stack).
pub fn with_cell_buf<R>(f: impl FnOnce(&mut Vec<Cell>) -> R) -> R {
    CELL_BUF.with(|b| match b.try_borrow_mut() {
        Ok(mut v) => {
            v.clear();
            let r = f(&mut v);
            if v.capacity() > 1 << 16 {
                *v = Vec::new();
            }
            r
        }
        Err(_) => f(&mut Vec::new()),
    })
}

pub fn row_value(row: &[i8]) -> Value {
    if row.len() == 2 {
        return Value::Pair(row[0] as i64, row[1] as i64);
    }
    Value::Tuple(row.iter().map(|&c| Value::Int(c as i64)).collect())
}

pub fn cell_value(c: Cell) -> Value {
    Value::Tuple(Rc::from(vec![Value::Int(c.c as i64), Value::Pair(c.i as i64, c.j as i64)]))
}

/// The small-int row of a tuple value, if it is one.
fn small_row(v: &Value, out: &mut Vec<i8>) -> Option<usize> {
    match v {
        Value::Pair(a, b) => {
            out.push(i8::try_from(*a).ok()?);
            out.push(i8::try_from(*b).ok()?);
            Some(2)
        }
        Value::Tuple(t) if !t.is_empty() => {
            for x in t.iter() {
                match x {
                    Value::Int(n) => out.push(i8::try_from(*n).ok()?),
                    _ => return None,
                }
            }
            Some(t.len())
        }
        _ => None,
    }
}

fn grid_from_rows(rows: &[Value]) -> Option<Grid> {
    let first = rows.first()?;
    let w = first.len()?;
    if w == 0 {
        return None;
    }
    let mut cells = Vec::with_capacity(w * rows.len());
    for r in rows {
        if small_row(r, &mut cells)? != w {
            return None;
        }
    }
    Some(Grid::new(rows.len(), w, cells))
}

fn as_i32_pair(v: &Value) -> Option<(i32, i32)> {
    match v {
        Value::Pair(a, b) => Some((i32::try_from(*a).ok()?, i32::try_from(*b).ok()?)),
        _ => None,
    }
}

fn indices_from(items: &[Value]) -> Option<Vec<(i32, i32)>> {
    items.iter().map(as_i32_pair).collect()
}

fn cells_from(items: &[Value]) -> Option<Vec<Cell>> {
    items
        .iter()
        .map(|v| match v {
            Value::Tuple(t) if t.len() == 2 => {
                let c = match &t[0] {
                    Value::Int(c) => i32::try_from(*c).ok()?,
                    _ => return None,
                };
                let (i, j) = as_i32_pair(&t[1])?;
                Some(Cell { c, i, j })
            }
            _ => None,
        })
        .collect()
}
