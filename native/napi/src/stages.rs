//! The search stages across N-API, one stateless call each (what the generation, scoring and
//! validation workers call). Tasks travel packed: grids as bytes plus shapes, demo pairs and
//! test inputs only; there is no field for test outputs.

use std::collections::HashMap;
use std::time::Instant;

use napi::bindgen_prelude::{Uint32Array, Uint8Array};
use napi::{Error, Result, Status};
use napi_derive::napi;

use batt_program::batch::{unpack_grids, GridBatch};
use batt_program::canon::hash_text;
use batt_program::{canonical_text, parse_file, print, Program};
use batt_search::score::Budget;
use batt_search::stages::{deadline_in, merge};
use batt_search::compose::ComposeConfig;
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
        return Err(invalid(format!("task {}: {} grids, but {n_train} demo pairs and {n_test} test inputs need {}", t.id, grids.len(), 2 * n_train + n_test)));
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
    /// Milliseconds left before the caller's deadline.
    pub deadline_ms: Option<f64>,
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
}

/// Generation: the population batt of the seeds (interleaved into one DAG and mutated).
#[napi]
pub fn generate_batt(task: TaskInput, seeds: Vec<SeedInput>, seed_tasks: Vec<TaskInput>, options: GenerateOptions) -> Result<GeneratedOut> {
    guard("generateBatt", || {
        let t0 = Instant::now();
        let deadline = deadline_in(options.deadline_ms);
        let target = task_of(&task)?;
        let known: HashMap<String, TaskData> = seed_tasks.iter().map(|t| task_of(t).map(|d| (t.id.clone(), d))).collect::<Result<_>>()?;
        let mut skipped = Vec::new();
        let mut programs = Vec::with_capacity(seeds.len());
        for s in seeds {
            match batt_program::parse_program(&s.text) {
                Ok(p) => programs.push(SeedProgram {
                    id: format!("{}:{}", s.task_id, batt_program::program_hash(&p)),
                    score: s.score,
                    program: p,
                    task: known.get(&s.task_id).cloned(),
                }),
                Err(e) => skipped.push(format!("{}: {e}", s.task_id)),
            }
        }
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
    pub deadline_ms: Option<f64>,
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
}

fn single_input(programs: Vec<Program>) -> Result<Program> {
    if let Some(p) = programs.iter().find(|p| p.params.len() != 1) {
        return Err(invalid(format!("{} takes {} parameters; only single-input programs can be scored", p.name, p.params.len())));
    }
    match programs.len() {
        0 => Err(invalid("no program to score")),
        // A batt is already one hash-consed DAG: keep its step numbering as sent.
        1 => Ok(programs.into_iter().next().unwrap()),
        _ => Ok(merge(&programs)),
    }
}

/// Scoring: every step of the program (a batt, or several solvers merged into one DAG) run on
/// the task's inputs, deduplicated by behaviour, the best extracted as canonical solvers.
#[napi]
pub fn score_batt(task: TaskInput, program: String, options: ScoreOptions) -> Result<ScoredOut> {
    guard("scoreBatt", || {
        let deadline = deadline_in(options.deadline_ms);
        let target = task_of(&task)?;
        let p = single_input(parse_file(&program).map_err(|e| invalid(format!("program: {e}")))?)?;
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
            cfg.enumeration = Some(EnumConfig { time_limit: None, ..Default::default() });
            cfg.compose = options.compose.unwrap_or(true).then(ComposeConfig::default);
        }
        let s = score_program(&target, &p, &cfg, deadline);
        Ok(ScoredOut {
            proposals: s
                .proposals
                .into_iter()
                .map(|x| ProposalOut {
                    step: x.step,
                    // Extracted programs are printed from canonical form: the canonical text is
                    // the text without its `def` name.
                    canonical: x.text.find('(').map(|k| x.text[k..].to_string()).unwrap_or_default(),
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
        })
    })
}

#[napi(object)]
pub struct ValidateOptions {
    pub fuel: Option<f64>,
    pub deadline_ms: Option<f64>,
}

#[napi(object)]
pub struct ValidatedOut {
    /// `ok` (it ran; see the scores), `invalid` (does not parse / not single-input; see
    /// `error`) or `timeout` (the deadline came first; not run).
    pub status: String,
    pub error: String,
    pub hash: String,
    pub canonical: String,
    pub score: f64,
    pub partial: f64,
    pub exact: Vec<bool>,
    /// Per demo pair: `ok`, or why it gave no grid: `type`, `runtime`, `budget` (out of fuel).
    pub pair_status: Vec<String>,
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
}

fn empty_result(status: &str, error: String) -> ValidatedOut {
    ValidatedOut {
        status: status.into(),
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
        let deadline = deadline_in(options.deadline_ms);
        let target = task_of(&task)?;
        let fuel = options.fuel.map_or(batt_dsl::budget::DEFAULT_FUEL, |f| f as u64);
        let (runs, expired) = validate_many(&programs, &target, fuel, deadline);
        let results = runs
            .into_iter()
            .map(|r| match r {
                None => empty_result("timeout", "deadline passed before it ran".into()),
                Some(Err(e)) => empty_result("invalid", e),
                Some(Ok((p, v))) => {
                    let canonical = canonical_text(&p);
                    let mut preds = GridBatch::default();
                    for g in &v.test_outputs {
                        preds.push_opt(g.as_ref());
                    }
                    ValidatedOut {
                        status: "ok".into(),
                        error: String::new(),
                        hash: hash_text(&canonical),
                        canonical,
                        score: v.score,
                        partial: v.partial,
                        exact: v.exact,
                        pair_status: v.errors.iter().map(|e| e.map_or("ok", |k| k.as_str()).to_string()).collect(),
                        micros: v.micros,
                        work: v.work.iter().map(|&w| w as f64).collect(),
                        pred_cells: Uint8Array::new(preds.cells),
                        pred_shapes: Uint32Array::new(preds.shapes),
                    }
                }
            })
            .collect();
        Ok(ValidateOut { results, expired })
    })
}
