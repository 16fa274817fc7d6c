//! The 160 primitives, one small function each, grouped by what they work on.

use crate::registry::Impl;

pub mod arith;
pub mod containers;
pub mod selection;
pub mod higher;
pub mod grids;
pub(crate) mod colors;
pub(crate) mod gridops;
pub mod patches;
pub mod relations;
pub mod objects;
pub(crate) mod segment;
pub mod transforms;
pub mod geometry;
pub mod paint;
pub(crate) mod pyx;
pub mod scale;
pub mod search;

/// Every group's implementations; the registry orders them (and gives them their arity) by
/// `types::SIGNATURES`.
pub const GROUPS: &[&[Impl]] = &[
    arith::DEFS,
    containers::DEFS,
    selection::DEFS,
    higher::DEFS,
    grids::DEFS,
    patches::DEFS,
    relations::DEFS,
    objects::DEFS,
    transforms::DEFS,
    geometry::DEFS,
    scale::DEFS,
    paint::DEFS,
    search::DEFS,
];
