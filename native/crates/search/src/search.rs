//! One round of search on one task: population batt (when seeds are given) and enumeration,
//! then scoring, dedup and extraction, then standalone validation. What comes back is exactly
//! what was validated: the canonical text, its hash and the validated scores and predictions.

use std::time::Instant;

use batt_dsl::Grid;
use serde_json::Value as Json;

use crate::batt::SeedProgram;
use crate::compose::ComposeConfig;
use crate::deepen::DeepenConfig;
use crate::enumerate::EnumConfig;
use crate::mutate::{MutationConfig, MutationStats};
use crate::score::Budget;
use crate::stages::{generate, score_program, GenerateConfig, ScoreConfig};
use crate::task::TaskData;
use crate::validate::validate;

#[derive(Clone, Debug)]
pub struct SearchConfig {
    pub rng_seed: u64,
    pub mutation: MutationConfig,
    /// `None` skips enumeration.
    pub enumeration: Option<EnumConfig>,
    /// `None` skips composition of enumerated partial candidates.
    pub compose: Option<ComposeConfig>,
    /// `None` skips deepening of enumerated partial candidates.
    pub deepen: Option<DeepenConfig>,
    /// Fuel for scoring the batt.
    pub budget: Budget,
    /// Fuel for each standalone validation run.
    pub validate_fuel: u64,
    /// Most candidates extracted and validated (the best by score, partial, size).
    pub max_validate: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            rng_seed: 0,
            mutation: MutationConfig::default(),
            enumeration: Some(EnumConfig::default()),
            compose: Some(ComposeConfig::default()),
            deepen: Some(DeepenConfig::default()),
            budget: Budget::default(),
            validate_fuel: batt_dsl::budget::DEFAULT_FUEL,
            max_validate: 32,
        }
    }
}

/// A validated candidate solver.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// `def solve_<task>(I): ...`, canonical.
    pub text: String,
    pub hash: String,
    pub score: f64,
    pub partial: f64,
    /// Exact match per train pair.
    pub exact: Vec<bool>,
    /// Standalone run time per train pair.
    pub micros: Vec<f64>,
    /// Fuel spent per train pair (deterministic work).
    pub work: Vec<u64>,
    /// Call steps.
    pub size: usize,
    pub lineage: Json,
    /// Outputs on the test inputs.
    pub test_predictions: Vec<Option<Grid>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Programs produced: batt call nodes plus enumerated behaviours (all types).
    pub generated: usize,
    /// Candidates scored (grid-valued on some train input).
    pub scored: usize,
    /// Distinct behaviours among the scored candidates.
    pub unique: usize,
    pub validated: usize,
}

/// Per-phase wall time in microseconds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub generation_us: u64,
    pub scoring_us: u64,
    pub dedup_us: u64,
    pub validation_us: u64,
}

#[derive(Clone, Debug, Default)]
pub struct SearchOutcome {
    /// Best first: score, partial, then fewer steps, then text.
    pub candidates: Vec<Candidate>,
    pub counts: Counts,
    pub timings: Timings,
    pub batt_nodes: usize,
    pub batt_members: usize,
    pub mutations: MutationStats,
    /// Enumeration stopped at a cap before finishing its last level.
    pub enumeration_truncated: bool,
    /// Fuel enumeration spent (deterministic work).
    pub enumeration_work: u64,
    /// Seeds that could not join the batt, with why.
    pub skipped_seeds: Vec<(String, String)>,
}

fn micros(t: Instant) -> u64 {
    t.elapsed().as_micros() as u64
}

pub fn search_task(target: &TaskData, seeds: &[SeedProgram], cfg: &SearchConfig) -> SearchOutcome {
    let mut out = SearchOutcome::default();
    let t = Instant::now();
    let gen_cfg = GenerateConfig { rng_seed: cfg.rng_seed, mutation: cfg.mutation.clone() };
    let g = generate(target, seeds, &gen_cfg, None);
    out.timings.generation_us = micros(t);
    out.batt_nodes = g.batt_nodes;
    out.batt_members = g.batt_members;
    out.skipped_seeds = g.skipped_seeds.clone();
    out.mutations = g.mutations;
    out.counts.generated = g.generated;

    let score_cfg = ScoreConfig {
        budget: cfg.budget,
        max_candidates: cfg.max_validate,
        enumeration: cfg.enumeration.clone(),
        compose: cfg.compose.clone(),
        deepen: cfg.deepen.clone(),
    };
    let s = score_program(target, &g.program, &score_cfg, None);
    out.enumeration_truncated = s.made.truncated;
    out.enumeration_work = s.made.work;
    out.counts.generated += s.made.enumerated;
    out.counts.scored = s.scored;
    out.counts.unique = s.unique;
    out.timings.scoring_us = s.scoring_us;
    out.timings.dedup_us = s.dedup_us;

    let t = Instant::now();
    for p in s.proposals {
        let Ok(v) = validate(&p.text, target, cfg.validate_fuel) else { continue };
        out.candidates.push(Candidate {
            lineage: p.lineage.clone().unwrap_or_else(|| g.lineage[g.step_lineage[p.step as usize] as usize].clone()),
            text: p.text,
            hash: p.hash,
            score: v.score,
            partial: v.partial,
            exact: v.exact,
            micros: v.micros,
            work: v.work,
            size: p.size,
            test_predictions: v.test_outputs,
        });
    }
    out.candidates
        .sort_by(|x, y| y.score.total_cmp(&x.score).then(y.partial.total_cmp(&x.partial)).then(x.size.cmp(&y.size)).then(x.text.cmp(&y.text)));
    out.counts.validated = out.candidates.len();
    out.timings.validation_us = micros(t);
    out
}
