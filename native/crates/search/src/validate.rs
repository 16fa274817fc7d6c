//! Validation: an extracted program is re-read from its canonical text and run standalone on
//! every demo pair under a fuel budget, exactly as it will be stored. Nothing of the batt it
//! came from is reused, so a bug in batt scoring cannot make a wrong program look right.

use std::rc::Rc;
use std::time::Instant;

use batt_dsl::{Ctx, Grid};
use batt_program::batch::as_arc_grid;
use batt_program::{eval_until, parse_program, EvalErrorKind, Program};

use crate::score::score_outputs;
use crate::task::TaskData;

#[derive(Clone, Debug)]
pub struct Validation {
    pub exact: Vec<bool>,
    pub score: f64,
    pub partial: f64,
    /// Wall-clock microseconds per train pair.
    pub micros: Vec<f64>,
    /// Fuel spent per train pair: a deterministic measure of work (ranking uses it, not time).
    pub work: Vec<u64>,
    /// Why a train pair gave no output, if it failed: `Budget` means stopped (out of fuel),
    /// which is not the same as wrong.
    pub errors: Vec<Option<EvalErrorKind>>,
    /// Outputs on the test inputs (the predictions), `None` where no grid came out.
    pub test_outputs: Vec<Option<Grid>>,
}

/// Parses `text` (one `def`) and runs it on the task; `Err` only if it does not parse.
pub fn validate(text: &str, task: &TaskData, fuel: u64) -> Result<Validation, String> {
    let p = parse_program(text).map_err(|e| format!("extracted program does not parse: {e}"))?;
    validate_program(&p, task, fuel)
}

/// Runs a parsed program on the task; `Err` if it is not single-input.
pub fn validate_program(p: &Program, task: &TaskData, fuel: u64) -> Result<Validation, String> {
    validate_program_until(p, task, fuel, None)
}

/// `validate_program` that stops at `deadline`: the steps left fail with `Budget`, so a caller
/// that passed one must check it before trusting the result (`validate_many` does).
pub fn validate_program_until(p: &Program, task: &TaskData, fuel: u64, deadline: Option<Instant>) -> Result<Validation, String> {
    if p.params.len() != 1 {
        return Err(format!("extracted program takes {} parameters", p.params.len()));
    }
    let mut outs: Vec<Option<Rc<Grid>>> = Vec::with_capacity(task.train.len());
    let mut micros = Vec::with_capacity(task.train.len());
    let mut work = Vec::with_capacity(task.train.len());
    let mut errors = Vec::with_capacity(task.train.len());
    for (input, _) in &task.train {
        let mut ctx = Ctx::new(fuel);
        let t = Instant::now();
        let r = eval_until(p, std::slice::from_ref(input), &mut ctx, deadline);
        micros.push(t.elapsed().as_secs_f64() * 1e6);
        work.push(fuel - ctx.fuel);
        errors.push(r.as_ref().err().map(|e| e.kind));
        outs.push(r.ok().as_ref().and_then(as_arc_grid));
    }
    let (exact, score, partial) = score_outputs(&outs, &task.train_outputs());
    let test_outputs = task
        .test_inputs
        .iter()
        .map(|input| {
            let mut ctx = Ctx::new(fuel);
            eval_until(p, std::slice::from_ref(input), &mut ctx, deadline).ok().as_ref().and_then(as_arc_grid).map(|g| (*g).clone())
        })
        .collect();
    Ok(Validation { exact, score, partial, micros, work, errors, test_outputs })
}
