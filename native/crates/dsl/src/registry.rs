//! The primitive table: name, arity and implementation of each of the 160 primitives, with
//! stable ids in the order of the reference's `dsl.py`. Names, order and arities all derive
//! from `types::SIGNATURES`; the groups in `prims/` only supply the functions.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::budget::Ctx;
use crate::error::DslResult;
use crate::types::SIGNATURES;
use crate::value::Value;

pub type PrimFn = fn(&mut Ctx, &[Value]) -> DslResult<Value>;
pub type PrimId = u16;

/// A primitive as the rest of batt sees it.
#[derive(Clone, Copy)]
pub struct PrimDef {
    pub name: &'static str,
    pub arity: u8,
    pub f: PrimFn,
}

/// One group's implementation of a primitive: its name and function. Everything else about
/// it (its id, arity and types) comes from its record in `types::SIGNATURES`, the one table.
#[derive(Clone, Copy)]
pub struct Impl {
    pub name: &'static str,
    pub f: PrimFn,
}

struct Table {
    defs: Vec<PrimDef>,
    by_name: HashMap<&'static str, PrimId>,
}

/// The primitives in `SIGNATURES` order (the reference's `dsl.py`), each with its group's
/// implementation. A record without one, an implementation without a record, or two of
/// either is a bug, caught the first time the table is used (every test uses it).
fn build() -> Result<Table, String> {
    let mut found: HashMap<&'static str, PrimFn> = HashMap::new();
    for d in crate::prims::GROUPS.iter().flat_map(|g| g.iter()) {
        if found.insert(d.name, d.f).is_some() {
            return Err(format!("primitive {} implemented twice", d.name));
        }
    }
    let mut defs = Vec::with_capacity(SIGNATURES.len());
    let mut by_name = HashMap::new();
    for (name, params, _) in SIGNATURES.iter() {
        let f = found.remove(name).ok_or_else(|| format!("primitive {name} has a signature but no implementation"))?;
        if by_name.insert(*name, defs.len() as PrimId).is_some() {
            return Err(format!("primitive {name} has two signatures"));
        }
        defs.push(PrimDef { name, arity: params.len() as u8, f });
    }
    if !found.is_empty() {
        let mut extra: Vec<_> = found.into_keys().collect();
        extra.sort_unstable();
        return Err(format!("primitives without a signature: {extra:?}"));
    }
    Ok(Table { defs, by_name })
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| build().unwrap_or_else(|e| panic!("primitive table: {e}")))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signature_has_one_implementation_and_arity() {
        let t = build().expect("consistent table");
        assert_eq!(t.defs.len(), 160);
        for (k, (name, params, _)) in SIGNATURES.iter().enumerate() {
            let d = prim(prim_id(name).unwrap());
            assert_eq!((d.name, d.arity as usize, prim_id(name)), (*name, params.len(), Some(k as PrimId)));
        }
        // The reference's order: ids are stable across builds.
        assert_eq!((prim(0).name, prim(159).name), ("identity", "vperiod"));
    }
}
