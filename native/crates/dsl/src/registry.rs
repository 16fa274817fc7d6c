//! The primitive table: name, arity and implementation of each of the 160 primitives, with
//! stable ids in the order of the reference's `dsl.py`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::budget::Ctx;
use crate::error::DslResult;
use crate::value::Value;

pub type PrimFn = fn(&mut Ctx, &[Value]) -> DslResult<Value>;
pub type PrimId = u16;

#[derive(Clone, Copy)]
pub struct PrimDef {
    pub name: &'static str,
    pub arity: u8,
    pub f: PrimFn,
}

/// The reference's primitives in `dsl.py` order; a primitive's id is its index here.
pub const NAMES: [&str; 160] = [
    "identity", "add", "subtract", "multiply", "divide", "invert", "even", "double",
    "halve", "flip", "equality", "contained", "combine", "intersection", "difference", "dedupe",
    "order", "repeat", "greater", "size", "merge", "maximum", "minimum", "valmax",
    "valmin", "argmax", "argmin", "mostcommon", "leastcommon", "initset", "both", "either",
    "increment", "decrement", "crement", "sign", "positive", "toivec", "tojvec", "sfilter",
    "mfilter", "extract", "totuple", "first", "last", "insert", "remove", "other",
    "interval", "astuple", "product", "pair", "branch", "compose", "chain", "matcher",
    "rbind", "lbind", "power", "fork", "apply", "rapply", "mapply", "papply",
    "mpapply", "prapply", "mostcolor", "leastcolor", "height", "width", "shape", "portrait",
    "colorcount", "colorfilter", "sizefilter", "asindices", "ofcolor", "ulcorner", "urcorner", "llcorner",
    "lrcorner", "crop", "toindices", "recolor", "shift", "normalize", "dneighbors", "ineighbors",
    "neighbors", "objects", "partition", "fgpartition", "uppermost", "lowermost", "leftmost", "rightmost",
    "square", "vline", "hline", "hmatching", "vmatching", "manhattan", "adjacent", "bordering",
    "centerofmass", "palette", "numcolors", "color", "toobject", "asobject", "rot90", "rot180",
    "rot270", "hmirror", "vmirror", "dmirror", "cmirror", "fill", "paint", "underfill",
    "underpaint", "hupscale", "vupscale", "upscale", "downscale", "hconcat", "vconcat", "subgrid",
    "hsplit", "vsplit", "cellwise", "replace", "switch", "center", "position", "index",
    "canvas", "corners", "connect", "cover", "trim", "move", "tophalf", "bottomhalf",
    "lefthalf", "righthalf", "vfrontier", "hfrontier", "backdrop", "delta", "gravitate", "inbox",
    "outbox", "box", "shoot", "occurrences", "frontiers", "compress", "hperiod", "vperiod",
];

struct Table {
    defs: Vec<PrimDef>,
    by_name: HashMap<&'static str, PrimId>,
    missing: Vec<&'static str>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut found: HashMap<&'static str, PrimDef> = HashMap::new();
        for group in crate::prims::GROUPS {
            for d in group.iter() {
                let dup = found.insert(d.name, *d);
                assert!(dup.is_none(), "primitive {} defined twice", d.name);
            }
        }
        let mut defs = Vec::with_capacity(NAMES.len());
        let mut missing = Vec::new();
        for name in NAMES {
            // A missing primitive is caught by the `every_primitive_is_implemented` test; until
            // then it keeps its annotated arity and answers with a type error.
            let d = found.remove(name).unwrap_or_else(|| {
                missing.push(name);
                let arity = crate::types::signature(name).map(|s| s.0.len() as u8).unwrap_or(0);
                PrimDef { name, arity, f: not_implemented }
            });
            defs.push(d);
        }
        assert!(found.is_empty(), "unknown primitives: {:?}", found.keys().collect::<Vec<_>>());
        let by_name = defs.iter().enumerate().map(|(k, d)| (d.name, k as PrimId)).collect();
        Table { defs, by_name, missing }
    })
}

/// The definition of primitive `id`.
#[inline]
pub fn prim(id: PrimId) -> &'static PrimDef {
    &table().defs[id as usize]
}

/// The id of the primitive called `name`.
pub fn prim_id(name: &str) -> Option<PrimId> {
    table().by_name.get(name).copied()
}

/// All primitives, in id order.
pub fn prims() -> &'static [PrimDef] {
    &table().defs
}

/// Calls primitive `name` directly (arity checked), e.g. from tests and the conformance runner.
pub fn call_prim(ctx: &mut Ctx, name: &str, args: &[Value]) -> DslResult<Value> {
    let id = match prim_id(name) {
        Some(id) => id,
        None => return crate::error::type_err("unknown primitive"),
    };
    let d = prim(id);
    if args.len() != d.arity as usize {
        return crate::error::type_err("wrong number of arguments");
    }
    (d.f)(ctx, args)
}

fn not_implemented(_: &mut Ctx, _: &[Value]) -> DslResult<Value> {
    crate::error::type_err("primitive not implemented")
}

/// Names of primitives that have no implementation (must be empty).
pub fn missing_prims() -> Vec<&'static str> {
    table().missing.clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_primitive_is_implemented() {
        assert_eq!(super::missing_prims(), Vec::<&str>::new());
    }
}
