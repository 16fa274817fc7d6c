//! The search stages across N-API, one stateless call each (what the generation, scoring and
//! validation workers call). Tasks travel packed: grids as bytes plus shapes, demo pairs and
//! test inputs only; there is no field for test outputs.

use std::collections::HashMap;
use std::time::Instant;

use napi::bindgen_prelude::{Uint32Array, Uint8Array};
use napi::{Error, Result, Status};
use napi_derive::napi;

use batt_dsl::budget::spent_on_thread;
use batt_program::batch::{unpack_grids, GridBatch};
use batt_program::limits::steps_error;
use batt_program::{canonical_form, deadline_at, expired, parse_file_until, parse_program_until, print, EvalErrorKind, Program};
use batt_search::compose::ComposeConfig;
use batt_search::deepen::DeepenConfig;
use batt_search::score::Budget;
use batt_search::stages::merge;
use batt_search::{generate, score_program, validate_many, EnumConfig, GenerateConfig, ScoreConfig, SeedProgram, TaskData};

use crate::guard;

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(Status::InvalidArg, msg.into())
}

/// A task as search sees it: `cells`/`shapes` hold demo input, demo output (per pair), then
/// the test inputs.
#[napi(object)]
pub struct TaskInput {
    pub id: String,
    pub train: u32,
    pub test: u32,
    pub cells: Uint8Array,
    pub shapes: Uint32Array,
}

pub(crate) fn task_of(t: &TaskInput) -> Result<TaskData> {
    let grids = unpack_grids(&t.cells, &t.shapes).map_err(|e| invalid(format!("task {}: {e}", t.id)))?;
    let (n_train, n_test) = (t.train as usize, t.test as usize);
    if grids.len() != 2 * n_train + n_test {
        return Err(invalid(format!(
            "task {}: {} grids, but {n_train} demo pairs and {n_test} test inputs need {}",
            t.id,
            grids.len(),
            2 * n_train + n_test
        )));
    }
    if n_train == 0 {
        return Err(invalid(format!("task {}: no demo pairs", t.id)));
    }
    let mut it = grids.into_iter();
    let train = (0..n_train).map(|_| (it.next().unwrap(), it.next().unwrap())).collect();
    Ok(TaskData { id: t.id.clone(), train, test_inputs: it.collect() })
}

#[napi(object)]
pub struct SeedInput {
    /// The task the seed solves (its demo pairs, when given in `seedTasks`, guide colour
    /// generalisation).
    pub task_id: String,
    pub score: f64,
    /// `def solve_<id>(I): ...`
    pub text: String,
}

#[napi(object)]
pub struct GenerateOptions {
    pub rng_seed: u32,
    pub mutation_rounds: Option<u32>,
    /// The caller's deadline, epoch milliseconds (`Date.now()`'s clock): time spent queued
    /// counts. Past it the call stops and answers `expired`.
    pub deadline_at_ms: Option<f64>,
}

#[napi(object)]
pub struct GeneratedOut {
    /// The batt in arc-dsl syntax, `def batt(I): ...`, one step per line.
    pub program: String,
    pub steps: u32,
    /// Distinct lineages (JSON); `stepLineage[k]` indexes it for the k-th step.
    pub lineage: Vec<String>,
    pub step_lineage: Uint32Array,
    pub generated: u32,
    pub batt_nodes: u32,
    pub batt_members: u32,
    pub skipped_seeds: Vec<String>,
    pub expired: bool,
    pub micros: f64,
    /// Fuel the call spent (`batt_dsl::budget::spent_on_thread`): its deterministic work.
    pub work: f64,
}

/// Generation: the population batt of the seeds (interleaved into one DAG and mutated).
#[napi]
pub fn generate_batt(task: TaskInput, seeds: Vec<SeedInput>, seed_tasks: Vec<TaskInput>, options: GenerateOptions) -> Result<GeneratedOut> {
    guard("generateBatt", || {
        let t0 = Instant::now();
        let w0 = spent_on_thread();
        let deadline = deadline_at(options.deadline_at_ms);
        let target = task_of(&task)?;
        let known: HashMap<String, TaskData> = seed_tasks.iter().map(|t| task_of(t).map(|d| (t.id.clone(), d))).collect::<Result<_>>()?;
        let mut skipped = Vec::new();
        let mut programs = Vec::with_capacity(seeds.len());
        let mut steps = 0;
        for s in seeds {
            match parse_program_until(&s.text, deadline) {
                Ok(p) => {
                    steps += p.size();
                    let id = format!("{}:{}", s.task_id, canonical_form(&p).hash);
                    programs.push(SeedProgram { id, score: s.score, program: p, task: known.get(&s.task_id).cloned() });
                }
                Err(_) if expired(deadline) => break,
                Err(e) => skipped.push(format!("{}: {e}", s.task_id)),
            }
        }
        steps_error("the seeds together", steps).map_err(invalid)?;
        let mut cfg = GenerateConfig { rng_seed: options.rng_seed as u64, ..Default::default() };
        if let Some(r) = options.mutation_rounds {
            cfg.mutation.rounds = r as usize;
        }
        let g = generate(&target, &programs, &cfg, deadline);
        skipped.extend(g.skipped_seeds.iter().map(|(id, why)| format!("{id}: {why}")));
        Ok(GeneratedOut {
            program: print(&g.program),
            steps: g.program.size() as u32,
            lineage: g.lineage.iter().map(|l| l.to_string()).collect(),
            step_lineage: Uint32Array::new(g.step_lineage),
            generated: g.generated as u32,
            batt_nodes: g.batt_nodes as u32,
            batt_members: g.batt_members as u32,
            skipped_seeds: skipped,
            expired: g.expired,
            micros: t0.elapsed().as_micros() as f64,
            work: (spent_on_thread() - w0) as f64,
        })
    })
}

#[napi(object)]
pub struct ScoreOptions {
    pub max_candidates: Option<u32>,
    pub node_fuel: Option<f64>,
    pub input_fuel: Option<f64>,
    /// Enumerate the task's own typed programs too, scored where they are evaluated.
    pub enumerate: Option<bool>,
    /// Layer enumerated partial candidates into composed programs (needs `enumerate`).
    pub compose: Option<bool>,
    /// Deepen enumeration's best partial candidates by appended grid transforms (needs
    /// `enumerate`; default on).
    pub deepen: Option<bool>,
    /// The costliest argument a building block takes (`EnumConfig::block_arg_cost`; 0 or 1).
    pub block_arg_cost: Option<u32>,
    /// The caller's deadline, epoch milliseconds (see `GenerateOptions`).
    pub deadline_at_ms: Option<f64>,
}

#[napi(object)]
pub struct ProposalOut {
    /// The step of the scored program it computes (0-based, in program order).
    pub step: u32,
    pub text: String,
    pub canonical: String,
    pub hash: String,
    pub size: u32,
    pub score: f64,
    pub partial: f64,
    /// JSON lineage of an enumerated or composed candidate; `None`: a step of the program sent.
    pub lineage: Option<String>,
}

#[napi(object)]
pub struct ScoredOut {
    pub proposals: Vec<ProposalOut>,
    pub steps: u32,
    pub scored: u32,
    pub unique: u32,
    pub evaluated: u32,
    pub failed: u32,
    /// Distinct behaviours enumeration found, argument combinations it evaluated, whether its
    /// caps cut it short, and the composed programs made.
    pub enumerated: u32,
    pub enumeration_evals: f64,
    pub enumeration_truncated: bool,
    pub composed: u32,
    pub expired: bool,
    pub scoring_us: f64,
    pub dedup_us: f64,
    /// Fuel the call spent: its deterministic work.
    pub work: f64,
}

/// What scoring answers when its deadline passed before it could finish.
fn expired_score() -> ScoredOut {
    ScoredOut {
        proposals: Vec::new(),
        steps: 0,
        scored: 0,
        unique: 0,
        evaluated: 0,
        failed: 0,
        enumerated: 0,
        enumeration_evals: 0.0,
        enumeration_truncated: false,
        composed: 0,
        expired: true,
        scoring_us: 0.0,
        dedup_us: 0.0,
        work: 0.0,
    }
}

/// The one DAG to score; `None` if the deadline passed while merging.
fn single_input(programs: Vec<Program>, deadline: Option<Instant>) -> Result<Option<Program>> {
    if let Some(p) = programs.iter().find(|p| p.params.len() != 1) {
        return Err(invalid(format!("{} takes {} parameters; only single-input programs can be scored", p.name, p.params.len())));
    }
    steps_error("the programs together", programs.iter().map(Program::size).sum()).map_err(invalid)?;
    match programs.len() {
        0 => Err(invalid("no program to score")),
        // A batt is already one hash-consed DAG: keep its step numbering as sent.
        1 => Ok(programs.into_iter().next()),
        _ => Ok(merge(&programs, deadline)),
    }
}

/// Scoring: every step of the program (a batt, or several solvers merged into one DAG) run on
/// the task's inputs, deduplicated by behaviour, the best extracted as canonical solvers.
#[napi]
pub fn score_batt(task: TaskInput, program: String, options: ScoreOptions) -> Result<ScoredOut> {
    guard("scoreBatt", || {
        let w0 = spent_on_thread();
        let deadline = deadline_at(options.deadline_at_ms);
        let target = task_of(&task)?;
        let parsed = match parse_file_until(&program, deadline) {
            Err(_) if expired(deadline) => return Ok(expired_score()),
            r => r.map_err(|e| invalid(format!("program: {e}")))?,
        };
        let Some(p) = single_input(parsed, deadline)? else { return Ok(expired_score()) };
        let mut cfg = ScoreConfig::default();
        if let Some(m) = options.max_candidates {
            cfg.max_candidates = m as usize;
        }
        let d = Budget::default();
        cfg.budget = Budget {
            node_fuel: options.node_fuel.map_or(d.node_fuel, |f| f as u64),
            input_fuel: options.input_fuel.map_or(d.input_fuel, |f| f as u64),
            deadline: None,
        };
        // Deterministic caps only: a wall-clock cap would make results depend on load (the
        // deadline still stops it).
        if options.enumerate == Some(true) {
            let block_arg_cost = match options.block_arg_cost.unwrap_or(0) {
                c @ (0 | 1) => c as usize,
                c => return Err(invalid(format!("blockArgCost is {c}; it is 0 or 1"))),
            };
            cfg.enumeration = Some(EnumConfig { time_limit: None, block_arg_cost, ..Default::default() });
            cfg.compose = options.compose.unwrap_or(true).then(ComposeConfig::default);
            cfg.deepen = options.deepen.unwrap_or(true).then(DeepenConfig::default);
        }
        let s = score_program(&target, &p, &cfg, deadline);
        Ok(ScoredOut {
            proposals: s
                .proposals
                .into_iter()
                .map(|x| ProposalOut {
                    step: x.step,
                    canonical: x.canonical,
                    text: x.text,
                    hash: x.hash,
                    size: x.size as u32,
                    score: x.score,
                    partial: x.partial,
                    lineage: x.lineage.map(|l| l.to_string()),
                })
                .collect(),
            steps: p.size() as u32,
            scored: s.scored as u32,
            unique: s.unique as u32,
            evaluated: s.evaluated as u32,
            failed: s.failed as u32,
            enumerated: s.made.enumerated as u32,
            enumeration_evals: s.made.evals as f64,
            enumeration_truncated: s.made.truncated,
            composed: s.made.composed as u32,
            expired: s.expired,
            scoring_us: s.scoring_us as f64,
            dedup_us: s.dedup_us as f64,
            work: (spent_on_thread() - w0) as f64,
        })
    })
}

#[napi(object)]
pub struct ValidateOptions {
    /// Fuel per run (default: `defaultFuel()`).
    pub fuel: Option<f64>,
    /// The caller's deadline, epoch milliseconds (see `GenerateOptions`).
    pub deadline_at_ms: Option<f64>,
}

/// What became of one program sent to validation.
#[napi(string_enum = "lowercase")]
pub enum ValidationStatus {
    /// It ran; see the scores.
    Ok,
    /// It does not parse or is not single-input; see `error`.
    Invalid,
    /// The deadline came first; not run.
    Timeout,
}

/// How one run on a demo pair ended: a grid, or why none came out.
#[napi(string_enum = "lowercase")]
pub enum PairStatus {
    Ok,
    /// A value of the wrong type reached a primitive.
    Type,
    /// The reference would raise (empty input, index out of range...).
    Runtime,
    /// Out of fuel: stopped, not known to be wrong.
    Budget,
}

impl From<Option<EvalErrorKind>> for PairStatus {
    fn from(e: Option<EvalErrorKind>) -> Self {
        match e {
            None => PairStatus::Ok,
            Some(EvalErrorKind::Type) => PairStatus::Type,
            Some(EvalErrorKind::Runtime) => PairStatus::Runtime,
            Some(EvalErrorKind::Budget) => PairStatus::Budget,
        }
    }
}

#[napi(object)]
pub struct ValidatedOut {
    pub status: ValidationStatus,
    pub error: String,
    pub hash: String,
    pub canonical: String,
    pub score: f64,
    pub partial: f64,
    pub exact: Vec<bool>,
    /// Per demo pair.
    pub pair_status: Vec<PairStatus>,
    pub micros: Vec<f64>,
    pub work: Vec<f64>,
    /// Outputs on the test inputs, packed; shape 0 x 0 where no grid came out.
    pub pred_cells: Uint8Array,
    pub pred_shapes: Uint32Array,
}

#[napi(object)]
pub struct ValidateOut {
    pub results: Vec<ValidatedOut>,
    pub expired: bool,
    /// Fuel the call spent: its deterministic work.
    pub work: f64,
}

fn empty_result(status: ValidationStatus, error: String) -> ValidatedOut {
    ValidatedOut {
        status,
        error,
        hash: String::new(),
        canonical: String::new(),
        score: 0.0,
        partial: 0.0,
        exact: Vec::new(),
        pair_status: Vec::new(),
        micros: Vec::new(),
        work: Vec::new(),
        pred_cells: Uint8Array::new(Vec::new()),
        pred_shapes: Uint32Array::new(Vec::new()),
    }
}

/// Validation: each program re-parsed and run standalone on every demo pair under `fuel`.
#[napi]
pub fn validate_programs(task: TaskInput, programs: Vec<String>, options: ValidateOptions) -> Result<ValidateOut> {
    guard("validatePrograms", || {
        let w0 = spent_on_thread();
        let deadline = deadline_at(options.deadline_at_ms);
        let target = task_of(&task)?;
        let fuel = options.fuel.map_or(batt_dsl::budget::DEFAULT_FUEL, |f| f as u64);
        let (runs, expired) = validate_many(&programs, &target, fuel, deadline);
        let results = runs
            .into_iter()
            .map(|r| match r {
                None => empty_result(ValidationStatus::Timeout, "deadline passed before it ran".into()),
                Some(Err(e)) => empty_result(ValidationStatus::Invalid, e),
                Some(Ok((p, v))) => {
                    let c = canonical_form(&p);
                    let mut preds = GridBatch::default();
                    for g in &v.test_outputs {
                        preds.push_opt(g.as_ref());
                    }
                    ValidatedOut {
                        status: ValidationStatus::Ok,
                        error: String::new(),
                        hash: c.hash,
                        canonical: c.text,
                        score: v.score,
                        partial: v.partial,
                        exact: v.exact,
                        pair_status: v.errors.iter().map(|&e| e.into()).collect(),
                        micros: v.micros,
                        work: v.work.iter().map(|&w| w as f64).collect(),
                        pred_cells: Uint8Array::new(preds.cells),
                        pred_shapes: Uint32Array::new(preds.shapes),
                    }
                }
            })
            .collect();
        Ok(ValidateOut { results, expired, work: (spent_on_thread() - w0) as f64 })
    })
}
