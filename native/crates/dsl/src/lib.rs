//! batt's ARC DSL engine: Michael Hodel's 160 primitives over plain-data values.
//!
//! - `value`: the value model (ints, bools, tuples, frozensets, grids, objects, functions);
//! - `order`: equality, the canonical set order and Python's comparisons;
//! - `func`, `budget`: function values as data, calling them under a fuel budget;
//! - `prims`: the primitives, grouped by category; `registry`: the name/arity/id table;
//! - `json`: the golden-vector encoding used by conformance tests and the wire.

pub mod access;
pub mod budget;
pub mod conformance;
pub mod error;
pub mod func;
pub mod json;
pub mod order;
pub mod prims;
pub mod py;
pub mod registry;
pub mod sortset;
pub mod types;
pub mod value;

pub use budget::Ctx;
pub use error::{DslError, DslResult, ErrorKind};
pub use registry::{call_prim, prim, prim_id, prims, PrimId};
pub use value::{Cell, Grid, Value};
