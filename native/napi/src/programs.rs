//! Programs across N-API: a solver file is parsed once into a `ProgramSet` that stays on the
//! Rust side; runs are batches of (program, grid) jobs with grids as bytes in and out.

use napi::bindgen_prelude::{Float64Array, Uint32Array, Uint8Array};
use napi::{Error, Result};
use napi_derive::napi;

use batt_program::batch::{run_jobs, unpack_grids};
use batt_program::{canonical_form, parse_bytes, print, Program};

use crate::guard;

#[napi(object)]
pub struct ProgramInfo {
    /// The function's name, e.g. `solve_00d62c1b`.
    pub name: String,
    /// The program as printed by batt (arc-dsl syntax, runs unchanged in the reference).
    pub text: String,
    /// Canonical text: parameters and body, independent of names, order and dead steps.
    pub canonical: String,
    /// 128-bit hex hash of the canonical text.
    pub hash: String,
    /// Number of steps in canonical form.
    pub size: u32,
    /// Number of parameters (1 for `(I)`, 3 for batt's `(S, I, C)`).
    pub params: u32,
}

#[napi(object)]
pub struct RunResult {
    /// Per job: 0 grid, 1 not a grid, 2 type error, 3 runtime error, 4 budget exceeded.
    pub status: Uint8Array,
    /// Per job: evaluation time in microseconds.
    pub micros: Float64Array,
    /// Per job: fuel spent (deterministic work units).
    pub work: Float64Array,
    /// Output grids in job order, packed; a job without a grid output has shape 0 x 0.
    pub cells: Uint8Array,
    pub shapes: Uint32Array,
    /// Per job: the error message ('' when a grid came back).
    pub messages: Vec<String>,
}

/// The programs of one solver file, parsed once and kept native.
#[napi]
pub struct ProgramSet {
    programs: Vec<Program>,
}

#[napi]
impl ProgramSet {
    /// Parses a solver file (bytes, so non-UTF-8 is reported, not mangled). A parse error
    /// throws `line:col: message`.
    #[napi(constructor)]
    pub fn new(source: Uint8Array) -> Result<Self> {
        guard("ProgramSet", || {
            let programs = parse_bytes(&source).map_err(|e| Error::from_reason(e.to_string()))?;
            Ok(ProgramSet { programs })
        })
    }

    /// Name, printed text, canonical form and hash of each program, in file order.
    #[napi]
    pub fn info(&self) -> Result<Vec<ProgramInfo>> {
        guard("ProgramSet.info", || {
            Ok(self
                .programs
                .iter()
                .map(|p| {
                    let c = canonical_form(p);
                    ProgramInfo {
                        name: p.name.clone(),
                        text: print(p),
                        size: c.program.size() as u32,
                        canonical: c.text,
                        hash: c.hash,
                        params: p.params.len() as u32,
                    }
                })
                .collect())
        })
    }

    /// Runs jobs `(program index, grid index)` (flattened pairs in `jobs`) on packed input
    /// grids, each with `fuel` units of budget. Bad grids or indices throw before anything runs.
    #[napi]
    pub fn run(&self, cells: Uint8Array, shapes: Uint32Array, jobs: Uint32Array, fuel: f64) -> Result<RunResult> {
        guard("ProgramSet.run", || {
            if !jobs.len().is_multiple_of(2) {
                return Err(Error::from_reason("jobs must hold (program, grid) index pairs"));
            }
            if !fuel.is_finite() || fuel < 1.0 {
                return Err(Error::from_reason("fuel must be a positive number"));
            }
            let inputs = unpack_grids(&cells, &shapes).map_err(Error::from_reason)?;
            let jobs: Vec<(u32, u32)> = jobs.chunks(2).map(|c| (c[0], c[1])).collect();
            for &(p, g) in &jobs {
                if p as usize >= self.programs.len() || g as usize >= inputs.len() {
                    return Err(Error::from_reason(format!("job ({p}, {g}) is out of range")));
                }
            }
            let (results, outs) = run_jobs(&self.programs, &inputs, &jobs, fuel as u64);
            Ok(RunResult {
                status: Uint8Array::new(results.iter().map(|r| r.status as u8).collect()),
                micros: Float64Array::new(results.iter().map(|r| r.micros).collect()),
                work: Float64Array::new(results.iter().map(|r| r.work as f64).collect()),
                cells: Uint8Array::new(outs.cells),
                shapes: Uint32Array::new(outs.shapes),
                messages: results.into_iter().map(|r| r.message).collect(),
            })
        })
    }
}

/// Canonical text and hash of one program's source.
#[napi(object)]
pub struct Canonical {
    pub text: String,
    pub hash: String,
}

#[napi]
pub fn canonicalize_program(source: String) -> Result<Canonical> {
    guard("canonicalizeProgram", || {
        let p = batt_program::parse_program(&source).map_err(|e| Error::from_reason(e.to_string()))?;
        let c = canonical_form(&p);
        Ok(Canonical { text: c.text, hash: c.hash })
    })
}
