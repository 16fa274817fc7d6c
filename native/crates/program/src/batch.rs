//! Batch evaluation: many programs x many grids in one call, grids as flat bytes. This is
//! what crosses the N-API boundary (never one grid or one cell at a time).

use std::time::Instant;

use batt_dsl::{Ctx, Grid, Value};

use crate::error::EvalErrorKind;
use crate::eval::eval;
use crate::ir::Program;

/// Largest grid side accepted as input (ARC's limit).
pub const MAX_SIDE: usize = 30;

/// Grids packed as bytes: `shapes` holds `h, w` per grid, `cells` the row-major colours.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GridBatch {
    pub cells: Vec<u8>,
    pub shapes: Vec<u32>,
}

impl GridBatch {
    pub fn len(&self) -> usize {
        self.shapes.len() / 2
    }
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
    pub fn push(&mut self, g: &Grid) {
        self.shapes.push(g.h as u32);
        self.shapes.push(g.w as u32);
        self.cells.extend(g.cells.iter().map(|&c| c as u8));
    }
    /// A grid, or the `0 x 0` slot that stands for "no grid".
    pub fn push_opt(&mut self, g: Option<&Grid>) {
        match g {
            Some(g) => self.push(g),
            None => self.shapes.extend([0, 0]),
        }
    }
}

/// Unpacks input grids, checking ARC's limits: 1..30 per side, colours 0..9.
pub fn unpack_grids(cells: &[u8], shapes: &[u32]) -> Result<Vec<Value>, String> {
    if !shapes.len().is_multiple_of(2) {
        return Err("shapes must hold (height, width) pairs".into());
    }
    let mut out = Vec::with_capacity(shapes.len() / 2);
    let mut off = 0usize;
    for (k, hw) in shapes.chunks(2).enumerate() {
        let (h, w) = (hw[0] as usize, hw[1] as usize);
        if !(1..=MAX_SIDE).contains(&h) || !(1..=MAX_SIDE).contains(&w) {
            return Err(format!("grid {k}: size {h}x{w} is outside 1..{MAX_SIDE} per side"));
        }
        let Some(slice) = cells.get(off..off + h * w) else {
            return Err(format!("grid {k}: cell bytes end early"));
        };
        if let Some(bad) = slice.iter().find(|&&c| c > 9) {
            return Err(format!("grid {k}: colour {bad} is outside 0..9"));
        }
        out.push(Value::grid(Grid::new(h, w, slice.iter().map(|&c| c as i8).collect())));
        off += h * w;
    }
    if off != cells.len() {
        return Err(format!("{} cell bytes left over after the last grid", cells.len() - off));
    }
    Ok(out)
}

/// How one job ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Returned a grid (in the output batch).
    Grid = 0,
    /// Returned a value that is not a grid of colours 0..9 (an empty output slot).
    NotGrid = 1,
    TypeError = 2,
    RuntimeError = 3,
    Budget = 4,
}

/// Result of one (program, input) job.
#[derive(Clone, Debug)]
pub struct JobResult {
    pub status: Status,
    pub micros: f64,
    /// Fuel spent: a deterministic measure of the work done.
    pub work: u64,
    pub message: String,
}

/// Grid output of a value, if it is a grid of ARC colours (sizes up to the DSL's caps).
pub fn as_arc_grid(v: &Value) -> Option<std::rc::Rc<Grid>> {
    let g = batt_dsl::access::as_grid(v).ok()?;
    if g.h == 0 || g.w == 0 || g.cells.iter().any(|&c| !(0..=9).contains(&c)) {
        return None;
    }
    Some(g)
}

/// Runs each job `(program index, input index)` with its own fuel budget. Output grids are
/// packed in job order; a job without a grid output has shape `0, 0`.
pub fn run_jobs(programs: &[Program], inputs: &[Value], jobs: &[(u32, u32)], fuel: u64) -> (Vec<JobResult>, GridBatch) {
    let mut results = Vec::with_capacity(jobs.len());
    let mut outs = GridBatch::default();
    for &(p, i) in jobs {
        let (Some(prog), Some(input)) = (programs.get(p as usize), inputs.get(i as usize)) else {
            results.push(JobResult { status: Status::TypeError, micros: 0.0, work: 0, message: "job index out of range".into() });
            outs.push_opt(None);
            continue;
        };
        let mut ctx = Ctx::new(fuel);
        let t = Instant::now();
        let r = eval(prog, std::slice::from_ref(input), &mut ctx);
        let micros = t.elapsed().as_secs_f64() * 1e6;
        let work = fuel - ctx.fuel;
        let (status, message) = match r {
            Ok(v) => match as_arc_grid(&v) {
                Some(g) => {
                    outs.push(&g);
                    results.push(JobResult { status: Status::Grid, micros, work, message: String::new() });
                    continue;
                }
                None => (Status::NotGrid, "output is not a grid of colours 0..9".to_string()),
            },
            Err(e) => (
                match e.kind {
                    EvalErrorKind::Type => Status::TypeError,
                    EvalErrorKind::Runtime => Status::RuntimeError,
                    EvalErrorKind::Budget => Status::Budget,
                },
                e.to_string(),
            ),
        };
        outs.push_opt(None);
        results.push(JobResult { status, micros, work, message });
    }
    (results, outs)
}
