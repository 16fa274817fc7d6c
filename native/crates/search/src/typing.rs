//! Static typing of DAG nodes for mutation: the primitives' annotations (`batt_dsl::types`),
//! refined where a primitive's result type follows its argument (`hmirror` of a grid is a
//! grid, `first` of objects is an object). The DSL itself is dynamically typed; these types
//! only decide which rewrites are allowed, so a mutated program is as well-typed as its seed.

use std::sync::OnceLock;

use batt_dsl::types::{signature, Type};
use batt_dsl::{prim, prims, PrimId, Value};

/// The primitives whose every parameter and result is a grid-preserving spatial transform,
/// the candidates of the "transform that maps the demo inputs to the outputs" generalisation.
pub const TRANSFORMS: [&str; 8] = ["identity", "rot90", "rot180", "rot270", "hmirror", "vmirror", "dmirror", "cmirror"];

/// Parameter and result types of a primitive (`Any` for an unannotated one).
pub fn sig(p: PrimId) -> (&'static [Type], Type) {
    signature(prim(p).name).unwrap_or((&[], Type::Any))
}

/// The type of an element of a container of type `t`.
fn elem_type(t: Type) -> Type {
    match t {
        Type::Objects => Type::Object,
        Type::Indices => Type::IntegerTuple,
        Type::IntegerSet => Type::Integer,
        Type::Grid | Type::TupleTuple => Type::Tuple,
        Type::Object => Type::Tuple,
        _ => Type::Any,
    }
}

/// The result type of calling primitive `p` on arguments of types `args`; `fn_ret` is the
/// annotated result type of the first argument when it is a primitive used as a value.
pub fn refine(p: PrimId, args: &[Type], fn_ret: Option<Type>) -> Type {
    let ret = sig(p).1;
    let a = |k: usize| args.get(k).copied().unwrap_or(Type::Any);
    let keep = |t: Type| if t == Type::Any { ret } else { t };
    match prim(p).name {
        "identity" => a(0),
        "hmirror" | "vmirror" | "dmirror" | "cmirror" | "upscale" | "shift" | "normalize" => keep(a(0)),
        "branch" if a(1) == a(2) => a(1),
        "first" | "last" | "mostcommon" | "leastcommon" | "argmax" | "argmin" | "extract" | "other" => elem_type(a(0)),
        "merge" | "mfilter" if a(0) == Type::Objects => Type::Object,
        "combine" if a(0) == a(1) && a(0) != Type::Any => a(0),
        "sfilter" | "difference" | "intersection" | "dedupe" | "sizefilter" => keep(a(0)),
        "remove" | "insert" => keep(a(1)),
        "mapply" => match fn_ret {
            Some(t @ (Type::Indices | Type::Object | Type::Patch)) => t,
            _ => ret,
        },
        _ => ret,
    }
}

/// The type of a constant node.
pub fn const_type(v: &Value) -> Type {
    batt_program::ir::const_type(v)
}

/// May a value of type `new` replace one of type `old` in a slot annotated `want`? It must fit
/// the annotation, or be at least as specific as what the seed itself passed there (seeds are
/// trusted as written, and annotations such as `mfilter -> FrozenSet` are looser than use).
/// An `Any` (statically unknown) value only goes where anything goes: `Type::fits` alone would
/// accept it everywhere.
pub fn slot_ok(new: Type, want: Type, old: Type) -> bool {
    if new == Type::Any {
        return want == Type::Any || old == Type::Any;
    }
    new.fits(want) || (old != Type::Any && new.fits(old))
}

/// Python's argument count of a call's result, when it is a function (mirrors `ir::arity_hint`).
pub fn call_arity(p: PrimId, arg_arities: &[Option<u8>], arg_values: &[Option<&Value>]) -> Option<u8> {
    match prim(p).name {
        "compose" | "chain" | "fork" | "matcher" => Some(1),
        "rbind" | "lbind" => match arg_arities.first().copied().flatten()? {
            2 => Some(1),
            3 => Some(2),
            _ => Some(3),
        },
        "power" => match arg_values.get(1).copied().flatten() {
            Some(Value::Int(1)) => arg_arities.first().copied().flatten(),
            Some(Value::Int(_)) => Some(1),
            _ => None,
        },
        "branch" => {
            let (x, y) = (arg_arities.get(1).copied().flatten(), arg_arities.get(2).copied().flatten());
            if x == y {
                x
            } else {
                None
            }
        }
        _ => None,
    }
}

/// For each primitive, the other primitives with exactly its signature (same parameter types,
/// same result type): substituting one for another keeps the call well-typed and its arity.
pub fn same_signature(p: PrimId) -> &'static [PrimId] {
    static CLASSES: OnceLock<Vec<Vec<PrimId>>> = OnceLock::new();
    let classes = CLASSES.get_or_init(|| {
        let all = prims();
        (0..all.len() as PrimId)
            .map(|a| {
                (0..all.len() as PrimId)
                    .filter(|&b| b != a && all[a as usize].arity == all[b as usize].arity && sig(a) == sig(b) && substitutable(a) && substitutable(b))
                    .collect()
            })
            .collect()
    });
    classes.get(p as usize).map(|v| v.as_slice()).unwrap_or(&[])
}

/// Closure builders are excluded from substitution: swapping `rbind` for `lbind` changes the
/// meaning of every argument, not one behaviour.
fn substitutable(p: PrimId) -> bool {
    !matches!(prim(p).name, "compose" | "chain" | "fork" | "matcher" | "rbind" | "lbind" | "power")
}

/// Is argument `arg` of primitive `p` a colour?
pub fn is_colour_slot(p: PrimId, arg: usize) -> bool {
    matches!(
        (prim(p).name, arg),
        ("fill" | "underfill" | "ofcolor" | "colorfilter" | "colorcount", 1)
            | ("replace" | "switch", 1 | 2)
            | ("recolor" | "canvas", 0)
            | ("cellwise", 2)
    )
}

/// The family a constant is resampled within.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Colour,
    SmallInt,
    Direction,
    Pair,
    Bool,
}

pub fn family(v: &Value, colour_slot: bool) -> Option<Family> {
    Some(match v {
        Value::Bool(_) => Family::Bool,
        Value::Int(n) if colour_slot && (0..=9).contains(n) => Family::Colour,
        Value::Int(_) => Family::SmallInt,
        Value::Pair(a, b) if (a.abs() <= 1 && b.abs() <= 1) && (*a, *b) != (0, 0) => Family::Direction,
        Value::Pair(..) => Family::Pair,
        _ => return None,
    })
}

const DIRECTIONS: [(i64, i64); 8] = [(1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (-1, -1), (-1, 1), (1, -1)];
const PAIRS: [(i64, i64); 8] = [(0, 0), (1, 1), (0, 2), (2, 0), (2, 2), (3, 3), (1, 2), (2, 1)];

/// The values of a family other than `current`, in a fixed order.
pub fn alternatives(fam: Family, current: &Value) -> Vec<Value> {
    let vals: Vec<Value> = match fam {
        Family::Bool => vec![Value::Bool(false), Value::Bool(true)],
        Family::Colour => (0..=9).map(Value::Int).collect(),
        Family::SmallInt => {
            let n = current.as_int().unwrap_or(0);
            let mut v: Vec<i64> = (-2..=6).collect();
            v.extend([n - 1, n + 1].into_iter().filter(|x| (-2..=30).contains(x)));
            v.sort_unstable();
            v.dedup();
            v.into_iter().map(Value::Int).collect()
        }
        Family::Direction => DIRECTIONS.iter().map(|&(a, b)| Value::Pair(a, b)).collect(),
        Family::Pair => PAIRS.iter().map(|&(a, b)| Value::Pair(a, b)).collect(),
    };
    vals.into_iter().filter(|v| !batt_dsl::order::canon_eq(v, current)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use batt_dsl::prim_id;

    fn id(n: &str) -> PrimId {
        prim_id(n).unwrap()
    }

    #[test]
    fn signature_classes() {
        let rots = same_signature(id("rot90"));
        assert!(rots.contains(&id("rot180")) && rots.contains(&id("rot270")) && rots.contains(&id("tophalf")));
        assert!(!rots.contains(&id("hmirror")));
        assert!(same_signature(id("hmirror")).contains(&id("vmirror")));
        assert!(same_signature(id("rbind")).is_empty());
        for p in 0..prims().len() as PrimId {
            for &q in same_signature(p) {
                assert_eq!(prim(p).arity, prim(q).arity);
            }
        }
    }

    #[test]
    fn refinement_follows_arguments() {
        assert_eq!(refine(id("hmirror"), &[Type::Grid], None), Type::Grid);
        assert_eq!(refine(id("hmirror"), &[Type::Any], None), Type::Piece);
        assert_eq!(refine(id("first"), &[Type::Objects], None), Type::Object);
        assert_eq!(refine(id("mfilter"), &[Type::Objects, Type::Callable], None), Type::Object);
        assert_eq!(refine(id("mapply"), &[Type::Callable, Type::Indices], Some(Type::Indices)), Type::Indices);
        assert!(slot_ok(Type::Grid, Type::Grid, Type::Grid));
        assert!(!slot_ok(Type::Integer, Type::Grid, Type::Grid));
        assert!(slot_ok(Type::FrozenSet, Type::Patch, Type::FrozenSet));
        assert!(!slot_ok(Type::Any, Type::Patch, Type::Object));
    }

    #[test]
    fn families_resample_other_values() {
        let alts = alternatives(Family::Colour, &Value::Int(3));
        assert_eq!(alts.len(), 9);
        assert!(alternatives(Family::Bool, &Value::Bool(true)).iter().all(|v| matches!(v, Value::Bool(false))));
        assert_eq!(family(&Value::Pair(0, 1), false), Some(Family::Direction));
        assert_eq!(family(&Value::Pair(2, 2), false), Some(Family::Pair));
        assert_eq!(alternatives(Family::Direction, &Value::Pair(0, 1)).len(), 7);
    }
}
