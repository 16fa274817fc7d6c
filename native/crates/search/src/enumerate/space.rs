//! The search space of enumeration: which primitives, which constants (with the roles they may
//! play: colour, number, flag, function), the types values actually have, and how a cost is
//! split among arguments.

use std::sync::OnceLock;

use batt_dsl::func::Func;
use batt_dsl::types::Type;
use batt_dsl::{prim, prims, PrimId, Value};

use crate::task::{palette_mask, TaskData};
use crate::typing::{is_colour_slot, sig};

/// Roles of constants: which slots they may fill. Computed values fill any slot their type
/// fits; constants only slots of their roles, so colours stay out of scale factors, sizes out
/// of colour slots, and each function-valued slot gets functions of the right kind.
pub const COLOUR: u8 = 1;
pub const NUMBER: u8 = 2;
/// Slots of other types (flags, vectors, grids...).
pub const OTHER: u8 = 4;
/// A unary function to an integer: a key for `argmax`, `valmax`, `order`...
pub const KEY: u8 = 8;
/// A unary predicate, for `sfilter`, `mfilter`, `extract`.
pub const PRED: u8 = 16;
/// A unary map to a patch or grid, for `apply`, `mapply`.
pub const MAP: u8 = 32;
pub const ANY_ROLE: u8 = COLOUR | NUMBER | OTHER | KEY | PRED | MAP;

/// The higher-order primitives enumerated, with the role of their function argument.
const HIGHER: &[(&str, usize, u8)] = &[
    ("argmax", 1, KEY),
    ("argmin", 1, KEY),
    ("valmax", 1, KEY),
    ("valmin", 1, KEY),
    ("order", 1, KEY),
    ("sfilter", 1, PRED),
    ("mfilter", 1, PRED),
    ("extract", 1, PRED),
    ("apply", 0, MAP),
    ("mapply", 0, MAP),
];

/// The role of argument `k` (of type `want`) of primitive `p`.
pub fn slot_role(p: PrimId, k: usize, want: Type) -> u8 {
    if want == Type::Callable {
        let name = prim(p).name;
        HIGHER.iter().find(|h| h.0 == name && h.1 == k).map_or(0, |h| h.2)
    } else if is_colour_slot(p, k) {
        COLOUR
    } else if matches!(want, Type::Integer | Type::Numerical) {
        NUMBER
    } else {
        OTHER
    }
}

/// Primitives that never help a single-input grid program on their own level: predicates,
/// builders of generic tuples and sets, and no-ops.
const SKIP: &[&str] = &[
    "identity",
    "equality",
    "contained",
    "branch",
    "repeat",
    "initset",
    "insert",
    "remove",
    "other",
    "interval",
    "pair",
    "product",
    "totuple",
    "dedupe",
    "crement",
    "sign",
    "invert",
    "flip",
    "both",
    "either",
    "combine",
    "astuple",
];

/// The enumerated primitives: first-order ones and `HIGHER`, not predicates; grid-valued
/// ones first.
pub fn enum_prims() -> &'static [PrimId] {
    static P: OnceLock<Vec<PrimId>> = OnceLock::new();
    P.get_or_init(|| {
        let mut v: Vec<PrimId> = (0..prims().len() as PrimId)
            .filter(|&p| {
                let (params, ret) = sig(p);
                let higher = HIGHER.iter().any(|h| h.0 == prim(p).name);
                !params.is_empty() && (higher || !params.contains(&Type::Callable)) && ret != Type::Boolean && !SKIP.contains(&prim(p).name)
            })
            .collect();
        v.sort_by_key(|&p| (!may_be_grid(p), p));
        v
    })
}

/// For primitives whose output has their first argument's shape: `Some(false)`, or its
/// transpose: `Some(true)` (used to prune by the demo outputs' shapes before evaluating).
pub fn output_shape_follows_first(p: PrimId) -> Option<bool> {
    match prim(p).name {
        "fill" | "underfill" | "paint" | "underpaint" | "replace" | "switch" | "cover" | "move" | "cellwise" | "rot180" | "hmirror" | "vmirror" => {
            Some(false)
        }
        "rot90" | "rot270" | "dmirror" | "cmirror" => Some(true),
        _ => None,
    }
}

/// May `p` give a patch, or a set of objects (which composition paints as their merge)?
pub fn may_be_patch(p: PrimId) -> bool {
    matches!(
        sig(p).1,
        Type::Indices | Type::Object | Type::Patch | Type::Piece | Type::Element | Type::Any | Type::Objects | Type::FrozenSet | Type::Container
    )
}

pub fn may_be_grid(p: PrimId) -> bool {
    matches!(sig(p).1, Type::Grid | Type::Element | Type::Piece | Type::Any)
}

/// The type a value has, `None` for an empty set (it fits any set type).
pub fn classify(v: &Value) -> Option<Type> {
    Some(match v {
        Value::Bool(_) => Type::Boolean,
        Value::Int(_) => Type::Integer,
        Value::Pair(..) => Type::IntegerTuple,
        Value::Grid(_) => Type::Grid,
        Value::Indices(_) => Type::Indices,
        Value::Object(_) => Type::Object,
        Value::Set(s) if s.is_empty() => return None,
        Value::Set(s) if s.iter().all(|x| matches!(x, Value::Object(_))) => Type::Objects,
        Value::Set(s) if s.iter().all(|x| matches!(x, Value::Int(_))) => Type::IntegerSet,
        Value::Set(_) => Type::FrozenSet,
        Value::Tuple(_) => Type::Tuple,
        Value::Func(_) => Type::Callable,
        Value::None => Type::Any,
    })
}

/// One type for a behaviour, if its values agree (empty sets agree with any set type).
pub fn type_of(vals: &[Value]) -> Option<Type> {
    let mut t = None;
    for v in vals {
        match (t, classify(v)) {
            (_, None) => {}
            (None, Some(x)) => t = Some(x),
            (Some(a), Some(b)) if a != b => return None,
            _ => {}
        }
    }
    match t {
        Some(Type::Any) => None,
        Some(t) => Some(t),
        None => Some(Type::FrozenSet),
    }
}

/// Cells or elements in a value (nested containers summed).
pub fn value_size(v: &Value) -> usize {
    match v {
        Value::Grid(g) => g.h * g.w,
        Value::Indices(s) => s.len(),
        Value::Object(s) => s.len(),
        Value::Tuple(t) | Value::Set(t) => t.iter().map(value_size).sum::<usize>() + 1,
        _ => 1,
    }
}

/// Constants drawn from the task: its colours, sizes and size ratios, small ints, T/F,
/// the four directions and the origin, and the output shape when it is fixed.
pub fn task_constants(task: &TaskData) -> Vec<(Value, u8)> {
    let mut colours = 0u16;
    for (i, o) in &task.train {
        colours |= palette_mask(i) | palette_mask(o);
    }
    for i in &task.test_inputs {
        colours |= palette_mask(i);
    }
    let palette: Vec<i64> = (0..10).filter(|c| colours & (1 << c) != 0).collect();
    let mut ints: Vec<i64> = vec![0, 1, 2, 3];
    let mut shapes = Vec::new();
    for (i, o) in &task.train {
        if let (Value::Grid(i), Value::Grid(o)) = (i, o) {
            ints.extend([o.h as i64, o.w as i64]);
            for (a, b) in [(o.h, i.h), (o.w, i.w), (i.h, o.h), (i.w, o.w)] {
                if b > 0 && a % b == 0 && a / b > 1 {
                    ints.push((a / b) as i64);
                }
            }
            shapes.push((o.h as i64, o.w as i64));
        }
    }
    let mut out: Vec<(Value, u8)> = Vec::new();
    let mut add = |v: Value, role: u8| match out.iter_mut().find(|x| batt_dsl::order::canon_eq(&x.0, &v) && classify(&x.0) == classify(&v)) {
        Some(x) => x.1 |= role,
        None => out.push((v, role)),
    };
    palette.into_iter().for_each(|c| add(Value::Int(c), COLOUR));
    ints.into_iter().filter(|&n| n <= 30).for_each(|n| add(Value::Int(n), NUMBER));
    // Flags only where a Boolean is wanted: `True` would otherwise fill colour slots as 1.
    add(Value::Bool(true), OTHER);
    add(Value::Bool(false), OTHER);
    for (a, b) in [(0, 0), (1, 1), (-1, 0), (1, 0), (0, -1), (0, 1)] {
        add(Value::Pair(a, b), NUMBER | OTHER);
    }
    shapes.sort_unstable();
    shapes.dedup();
    if shapes.len() == 1 {
        add(Value::Pair(shapes[0].0, shapes[0].1), NUMBER | OTHER);
    }
    out
}

/// All ways to split `total` among `parts` arguments, in a fixed order.
pub fn compositions(total: usize, parts: usize) -> Vec<Vec<usize>> {
    if parts == 0 {
        return if total == 0 { vec![vec![]] } else { vec![] };
    }
    let mut out = Vec::new();
    for first in 0..=total {
        for mut rest in compositions(total - first, parts - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

/// The unary first-order primitives as function constants, with their roles.
pub fn function_constants() -> Vec<(Value, u8)> {
    (0..prims().len() as PrimId)
        .filter(|&q| {
            let (params, _) = sig(q);
            params.len() == 1 && params[0] != Type::Callable && !SKIP.contains(&prim(q).name)
        })
        .filter_map(|q| {
            let role = match sig(q).1 {
                Type::Integer => KEY,
                Type::Boolean => PRED,
                Type::Indices | Type::Object | Type::Patch | Type::Piece | Type::Grid | Type::Element => MAP,
                _ => return None,
            };
            Some((Value::func(Func::prim(q)), role))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositions_cover_every_split() {
        assert_eq!(compositions(2, 2), vec![vec![0, 2], vec![1, 1], vec![2, 0]]);
        assert_eq!(compositions(0, 3), vec![vec![0, 0, 0]]);
        assert_eq!(compositions(1, 0), Vec::<Vec<usize>>::new());
    }

    #[test]
    fn types_agree_across_inputs() {
        assert_eq!(type_of(&[Value::Int(1), Value::Int(2)]), Some(Type::Integer));
        assert_eq!(type_of(&[Value::Int(1), Value::Pair(1, 2)]), None);
        assert_eq!(type_of(&[Value::empty_set(), Value::indices(vec![(0, 0)])]), Some(Type::Indices));
    }
}
