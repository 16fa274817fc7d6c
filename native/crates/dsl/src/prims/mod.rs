//! The 160 primitives, one small function each, grouped by what they work on.

use crate::registry::Impl;

pub mod arith;
pub(crate) mod colors;
pub mod containers;
pub mod geometry;
pub(crate) mod gridops;
pub mod grids;
pub mod higher;
pub mod objects;
pub mod paint;
pub mod patches;
pub(crate) mod pyx;
pub mod relations;
pub mod scale;
pub mod search;
pub(crate) mod segment;
pub mod selection;
pub mod transforms;

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
