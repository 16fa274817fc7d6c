//! batt's Node binding: a thin N-API layer over `batt-dsl` (which knows nothing of Node).
//!
//! JSON in the golden encoding crosses this boundary only for conformance and debugging; the
//! search stages pass grids as bytes and keep programs on the Rust side.
//! No panic crosses into Node: each entry point runs under `catch_unwind` and a panic becomes a
//! thrown JS `Error`; DSL errors are ordinary return values.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use napi::{Error, Result};
use napi_derive::napi;

// The DSL allocates many small values (cells, pairs, closure arguments); mimalloc is ~10%
// faster than glibc's malloc on `batt validate`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod ops;
// `pub` so the test build (where napi-derive registers nothing) sees the entry points as used.
pub mod programs;
pub mod stages;

/// Runs `f`, turning a panic into a JS exception instead of unwinding into Node.
fn guard<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(Error::from_reason(format!("{what} panicked: {}", ops::panic_message(&*p)))))
}

/// Fuel for one top-level evaluation when a call names none (`batt_dsl::budget::DEFAULT_FUEL`,
/// defined there once; TypeScript reads it from here rather than retyping it).
#[napi]
pub const DEFAULT_FUEL: u32 = batt_dsl::budget::DEFAULT_FUEL as u32;
const _: () = assert!(batt_dsl::budget::DEFAULT_FUEL <= u32::MAX as u64, "DEFAULT_FUEL must fit a u32 across N-API");

/// Most call steps one program (or one request's programs together) may have
/// (`batt_program::limits::MAX_STEPS`).
#[napi]
pub const MAX_STEPS: u32 = batt_program::limits::MAX_STEPS as u32;

/// Stops every native call in this process, on every thread, at its next deadline check (the
/// call ends as if its deadline had passed), for good. Only for a process about to exit:
/// `process.exit` waits for each worker thread's native call to return.
#[napi]
pub fn cancel_all_calls() {
    batt_program::cancel_all();
}

#[napi(object)]
pub struct Primitive {
    pub name: String,
    pub arity: u32,
}

/// The DSL's 160 primitives in the reference's `dsl.py` order (a primitive's id is its index).
#[napi]
pub fn primitives() -> Result<Vec<Primitive>> {
    guard("primitives", || Ok(batt_dsl::prims().iter().map(|d| Primitive { name: d.name.to_string(), arity: d.arity.into() }).collect()))
}

/// Calls one primitive. `argsJson` is a JSON array of golden-encoded values; the reply is
/// `{"out": value}` or `{"err": kind, "message": msg}`. Malformed `argsJson` throws.
#[napi]
pub fn call_primitive(name: String, args_json: String) -> Result<String> {
    guard("callPrimitive", || ops::call_json(&name, &args_json).map_err(Error::from_reason))
}

#[napi(object)]
pub struct RecordCheck {
    pub passed: u32,
    pub failed: u32,
    /// `line N: ...` for each failed record, N counting from 1 in the given array.
    pub failures: Vec<String>,
}

/// Checks many golden records (JSONL lines) in one call, so a batch costs one boundary crossing.
#[napi]
pub fn check_golden_records(lines: Vec<String>) -> Result<RecordCheck> {
    guard("checkGoldenRecords", || {
        let c = ops::check_lines(&lines);
        Ok(RecordCheck { passed: c.passed, failed: c.failed, failures: c.failures })
    })
}

#[napi(object)]
pub struct PrimitiveReport {
    pub name: String,
    pub passed: u32,
    pub failed: u32,
    /// The first few failures of this primitive's file.
    pub failures: Vec<String>,
}

#[napi(object)]
pub struct ConformanceReport {
    /// One entry per `<primitive>.jsonl` file, sorted by name.
    pub primitives: Vec<PrimitiveReport>,
    pub passed: u32,
    pub failed: u32,
}

/// Runs every `*.jsonl` golden file in `dir`. An unreadable `dir` throws.
#[napi]
pub fn run_conformance(dir: String) -> Result<ConformanceReport> {
    guard("runConformance", || {
        let report = batt_dsl::conformance::run_dir(Path::new(&dir))
            .map_err(|e| Error::from_reason(format!("cannot read conformance directory {dir}: {e}")))?;
        let count = |n: usize| n as u32;
        Ok(ConformanceReport {
            passed: count(report.passed()),
            failed: count(report.failed()),
            primitives: report
                .by_prim
                .into_iter()
                .map(|(name, r)| PrimitiveReport { name, passed: count(r.passed), failed: count(r.failed), failures: r.failures })
                .collect(),
        })
    })
}
