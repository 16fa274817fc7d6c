//! The search core across N-API: a `SearchSession` holds the tasks (demo pairs and test inputs
//! only: there is no way to pass test outputs) and runs one search round per call.

use std::collections::HashMap;

use napi::bindgen_prelude::{Uint32Array, Uint8Array};
use napi::{Error, Result};
use napi_derive::napi;

use batt_program::batch::{unpack_grids, GridBatch};
use batt_search::{search_task, EnumConfig, SearchConfig, SeedProgram, TaskData};

use crate::guard;

#[napi(object)]
pub struct SeedInput {
    /// The task the seed solves (its demo pairs guide colour generalisation).
    pub task_id: String,
    /// Its stored score (seeds are drawn by score).
    pub score: f64,
    /// The program, `def solve_<id>(I): ...`.
    pub text: String,
}

#[napi(object)]
pub struct SearchOptions {
    /// Seeds the PRNG: the same seed, tasks and seeds reproduce the same candidates.
    pub rng_seed: u32,
    /// Run typed bottom-up enumeration too (deterministic; worth doing once per task).
    pub enumerate: bool,
    /// Mutation rounds applied to the population batt (default 2).
    pub mutation_rounds: Option<u32>,
    /// Most candidates extracted and validated (default 32).
    pub max_validate: Option<u32>,
}

#[napi(object)]
pub struct CandidateOut {
    pub text: String,
    /// Canonical text (parameters and body, no name): what the store keeps under `hash`.
    pub canonical: String,
    pub hash: String,
    /// Fraction of demo pairs solved exactly.
    pub score: f64,
    /// Mean fraction of correct cells over demo pairs.
    pub partial: f64,
    pub size: u32,
    /// Mean validation time per demo pair, microseconds.
    pub micros: f64,
    /// Mean fuel spent per demo pair (deterministic work units).
    pub work: f64,
    /// Parents, mutations and RNG seed, as JSON.
    pub lineage: String,
    /// Its outputs on the test inputs, packed; shape 0 x 0 where it produced no grid.
    pub pred_cells: Uint8Array,
    pub pred_shapes: Uint32Array,
}

#[napi(object)]
pub struct SearchRound {
    pub candidates: Vec<CandidateOut>,
    pub generated: u32,
    pub scored: u32,
    pub unique: u32,
    pub validated: u32,
    pub generation_us: f64,
    pub scoring_us: f64,
    pub dedup_us: f64,
    pub validation_us: f64,
    pub batt_nodes: u32,
    /// Seeds that could not be used, with the reason.
    pub skipped_seeds: Vec<String>,
}

#[napi]
pub struct SearchSession {
    tasks: Vec<TaskData>,
    by_id: HashMap<String, usize>,
}

#[napi]
impl SearchSession {
    /// `ids[t]` names task t; `counts` holds (demo pairs, test inputs) per task; the grids are
    /// packed per task as demo input, demo output, ..., then the test inputs.
    #[napi(constructor)]
    pub fn new(ids: Vec<String>, counts: Uint32Array, cells: Uint8Array, shapes: Uint32Array) -> Result<Self> {
        guard("SearchSession", || {
            if counts.len() != ids.len() * 2 {
                return Err(Error::from_reason("counts must hold (demo pairs, test inputs) per task"));
            }
            let grids = unpack_grids(&cells, &shapes).map_err(Error::from_reason)?;
            let mut grids = grids.into_iter();
            let mut tasks = Vec::with_capacity(ids.len());
            for (t, id) in ids.iter().enumerate() {
                let (n_train, n_test) = (counts[2 * t] as usize, counts[2 * t + 1] as usize);
                let mut train = Vec::with_capacity(n_train);
                for _ in 0..n_train {
                    match (grids.next(), grids.next()) {
                        (Some(i), Some(o)) => train.push((i, o)),
                        _ => return Err(Error::from_reason(format!("task {id}: fewer grids than its counts say"))),
                    }
                }
                let test_inputs: Vec<_> = grids.by_ref().take(n_test).collect();
                if test_inputs.len() != n_test {
                    return Err(Error::from_reason(format!("task {id}: fewer grids than its counts say")));
                }
                tasks.push(TaskData { id: id.clone(), train, test_inputs });
            }
            if grids.next().is_some() {
                return Err(Error::from_reason("more grids than the counts say"));
            }
            let by_id = ids.iter().enumerate().map(|(k, id)| (id.clone(), k)).collect();
            Ok(SearchSession { tasks, by_id })
        })
    }

    /// One search round on task `task` (an index into the constructor's ids).
    #[napi]
    pub fn search(&self, task: u32, seeds: Vec<SeedInput>, options: SearchOptions) -> Result<SearchRound> {
        guard("SearchSession.search", || {
            let target = self.tasks.get(task as usize).ok_or_else(|| Error::from_reason(format!("no task {task}")))?;
            let mut skipped = Vec::new();
            let mut programs = Vec::with_capacity(seeds.len());
            for s in seeds {
                match batt_program::parse_program(&s.text) {
                    Ok(p) => programs.push(SeedProgram {
                        id: format!("{}:{}", s.task_id, batt_program::program_hash(&p)),
                        score: s.score,
                        program: p,
                        task: self.by_id.get(&s.task_id).map(|&k| self.tasks[k].clone()),
                    }),
                    Err(e) => skipped.push(format!("{}: {e}", s.task_id)),
                }
            }
            let mut cfg = SearchConfig { rng_seed: options.rng_seed as u64, ..Default::default() };
            if !options.enumerate {
                cfg.enumeration = None;
            } else {
                // Deterministic caps only: a wall-clock cap would make results depend on load.
                cfg.enumeration = Some(EnumConfig { time_limit: None, ..Default::default() });
            }
            if let Some(r) = options.mutation_rounds {
                cfg.mutation.rounds = r as usize;
            }
            if let Some(m) = options.max_validate {
                cfg.max_validate = m as usize;
            }
            let out = search_task(target, &programs, &cfg);
            skipped.extend(out.skipped_seeds.iter().map(|(id, why)| format!("{id}: {why}")));
            let candidates = out
                .candidates
                .into_iter()
                .map(|c| {
                    let mut preds = GridBatch::default();
                    for p in &c.test_predictions {
                        match p {
                            Some(g) => preds.push(g),
                            None => preds.shapes.extend([0, 0]),
                        }
                    }
                    let n = c.micros.len().max(1) as f64;
                    // Candidates are printed from canonical programs, so the canonical text is the
                    // printed text without `def solve_<task>`; no need to parse it again.
                    let canonical = c.text.find('(').map(|k| c.text[k..].to_string()).unwrap_or_default();
                    CandidateOut {
                        canonical,
                        text: c.text,
                        hash: c.hash,
                        score: c.score,
                        partial: c.partial,
                        size: c.size as u32,
                        micros: c.micros.iter().sum::<f64>() / n,
                        work: c.work.iter().sum::<u64>() as f64 / n,
                        lineage: c.lineage.to_string(),
                        pred_cells: Uint8Array::new(preds.cells),
                        pred_shapes: Uint32Array::new(preds.shapes),
                    }
                })
                .collect();
            Ok(SearchRound {
                candidates,
                generated: out.counts.generated as u32,
                scored: out.counts.scored as u32,
                unique: out.counts.unique as u32,
                validated: out.counts.validated as u32,
                generation_us: out.timings.generation_us as f64,
                scoring_us: out.timings.scoring_us as f64,
                dedup_us: out.timings.dedup_us as f64,
                validation_us: out.timings.validation_us as f64,
                batt_nodes: out.batt_nodes as u32,
                skipped_seeds: skipped,
            })
        })
    }
}
