//! (being written)

use crate::registry::PrimDef;

pub const DEFS: &[PrimDef] = &[];
