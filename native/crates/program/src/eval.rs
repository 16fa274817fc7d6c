//! The interpreter: runs a program on its inputs under a fuel budget. A program that runs out
//! of fuel stops inside the DSL with a `Budget` error; nothing is left running.

use std::time::Instant;

use batt_dsl::{Ctx, DslError, ErrorKind, Value};

use crate::error::{EvalError, EvalErrorKind};
use crate::ir::{Node, Program};
use crate::limits::expired;

fn classify(e: &DslError) -> EvalErrorKind {
    match e.kind {
        ErrorKind::Type => EvalErrorKind::Type,
        ErrorKind::Budget => EvalErrorKind::Budget,
        _ => EvalErrorKind::Runtime,
    }
}

/// Evaluates every step in order (as Python would, dead steps included) and returns the output.
pub fn eval(p: &Program, inputs: &[Value], ctx: &mut Ctx) -> Result<Value, EvalError> {
    eval_until(p, inputs, ctx, None)
}

/// `eval` that stops with a `Budget` error once `deadline` passes (checked every 256 steps:
/// fuel bounds one step, the deadline the whole run).
pub fn eval_until(p: &Program, inputs: &[Value], ctx: &mut Ctx, deadline: Option<Instant>) -> Result<Value, EvalError> {
    let vals = eval_all_until(p, inputs, ctx, deadline)?;
    Ok(vals[p.output as usize].clone())
}

/// Evaluates every step and returns all node values (for scoring every intermediate).
pub fn eval_all(p: &Program, inputs: &[Value], ctx: &mut Ctx) -> Result<Vec<Value>, EvalError> {
    eval_all_until(p, inputs, ctx, None)
}

fn eval_all_until(p: &Program, inputs: &[Value], ctx: &mut Ctx, deadline: Option<Instant>) -> Result<Vec<Value>, EvalError> {
    if inputs.len() != p.params.len() {
        return Err(EvalError { kind: EvalErrorKind::Type, node: 0, msg: format!("program takes {} inputs, got {}", p.params.len(), inputs.len()) });
    }
    let mut vals: Vec<Value> = Vec::with_capacity(p.nodes.len());
    for (i, n) in p.nodes.iter().enumerate() {
        if i % 256 == 255 && expired(deadline) {
            return Err(EvalError { kind: EvalErrorKind::Budget, node: i, msg: "deadline passed".into() });
        }
        let v = match n {
            Node::Param(k) => inputs[*k as usize].clone(),
            Node::Const(v) => v.clone(),
            Node::Call { f, args } => {
                let args: Vec<Value> = args.iter().map(|a| vals[*a as usize].clone()).collect();
                ctx.call(&vals[*f as usize], &args).map_err(|e| EvalError { kind: classify(&e), node: i, msg: e.msg.to_string() })?
            }
        };
        vals.push(v);
    }
    Ok(vals)
}
