//! One round of search on one task: population batt (when seeds are given) and enumeration,
//! then scoring, dedup and extraction, then standalone validation. What comes back is exactly
//! what was validated: the canonical text, its hash and the validated scores and predictions.

use std::time::Instant;

use batt_dsl::Grid;
use batt_program::canon::canonical_text;
use serde_json::{json, Value as Json};

use crate::batt::{Batt, SeedProgram};
use crate::dedup::{dedup_by_behaviour, dedup_by_hash, extract, finish, node_text, Extracted, Sizer};
use crate::enumerate::{enumerate, EnumConfig, EnumResult};
use crate::mutate::{population, MutationConfig, MutationStats};
use crate::score::{score_batt_with, scored, Budget, Scored, Source};
use crate::task::TaskData;
use crate::validate::validate;

#[derive(Clone, Debug)]
pub struct SearchConfig {
    pub rng_seed: u64,
    pub mutation: MutationConfig,
    /// `None` skips enumeration.
    pub enumeration: Option<EnumConfig>,
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
    /// Seeds that could not join the batt, with why.
    pub skipped_seeds: Vec<(String, String)>,
}

fn micros(t: Instant) -> u64 {
    t.elapsed().as_micros() as u64
}

pub fn search_task(target: &TaskData, seeds: &[SeedProgram], cfg: &SearchConfig) -> SearchOutcome {
    let mut out = SearchOutcome::default();
    let t = Instant::now();
    let batt: Option<Batt> = (!seeds.is_empty()).then(|| {
        let (b, stats) = population(seeds, target, &cfg.mutation, cfg.rng_seed);
        out.mutations = stats;
        b
    });
    let en: EnumResult = cfg.enumeration.as_ref().map(|c| enumerate(target, c)).unwrap_or_default();
    out.enumeration_truncated = en.truncated;
    out.timings.generation_us = micros(t);
    if let Some(b) = &batt {
        out.batt_nodes = b.len();
        out.batt_members = b.members.len();
        out.skipped_seeds = b.skipped.clone();
        out.counts.generated += b.program.size();
    }
    out.counts.generated += en.bank;

    let t = Instant::now();
    let mut cands: Vec<Scored> = match &batt {
        Some(b) => score_batt_with(&b.program, target, &cfg.budget).0,
        None => Vec::new(),
    };
    let expected = target.train_outputs();
    for (k, e) in en.programs.iter().enumerate() {
        let outs = e.outputs.iter().map(batt_program::batch::as_arc_grid).collect();
        cands.extend(scored(Source::Enum(k), outs, &expected));
    }
    out.counts.scored = cands.len();
    out.timings.scoring_us = micros(t);

    let t = Instant::now();
    let name = format!("solve_{}", target.id);
    let mut sizer = batt.as_ref().map(|b| Sizer::new(&b.program));
    let sizes: Vec<usize> = cands
        .iter()
        .map(|c| match (c.source, &batt, &mut sizer) {
            (Source::Batt(n), Some(b), Some(s)) => s.size(&b.program, n),
            (Source::Enum(k), _, _) => en.programs[k].program.size(),
            _ => usize::MAX,
        })
        .collect();
    let behaviours: Vec<u128> = cands.iter().map(|c| c.behaviour).collect();
    let text = |i: usize| match (cands[i].source, &batt) {
        (Source::Batt(n), Some(b)) => node_text(&b.program, n),
        (Source::Enum(k), _) => canonical_text(&en.programs[k].program),
        _ => String::new(),
    };
    let mut reps = dedup_by_behaviour(&behaviours, &sizes, text);
    out.counts.unique = reps.len();
    reps.sort_by(|&a, &b| {
        let (x, y) = (&cands[a], &cands[b]);
        y.score.total_cmp(&x.score).then(y.partial.total_cmp(&x.partial)).then(sizes[a].cmp(&sizes[b])).then(x.source.cmp(&y.source))
    });
    reps.truncate(cfg.max_validate);
    let extracted: Vec<(usize, Extracted, Json)> = reps
        .iter()
        .filter_map(|&i| match (cands[i].source, &batt) {
            (Source::Batt(n), Some(b)) => extract(&b.program, n, &name).map(|e| (i, e, b.lineage(n))),
            (Source::Enum(k), _) => {
                let e = &en.programs[k];
                Some((i, finish(e.program.clone(), &name), json!({ "source": "enumeration", "cost": e.cost })))
            }
            _ => None,
        })
        .collect();
    let keep = dedup_by_hash(extracted.iter().map(|e| e.1.hash.as_str()));
    out.timings.dedup_us = micros(t);

    let t = Instant::now();
    for k in keep {
        let (_, ex, lineage) = &extracted[k];
        let Ok(v) = validate(&ex.text, target, cfg.validate_fuel) else { continue };
        out.candidates.push(Candidate {
            text: ex.text.clone(),
            hash: ex.hash.clone(),
            score: v.score,
            partial: v.partial,
            exact: v.exact,
            micros: v.micros,
            work: v.work,
            size: ex.size,
            lineage: lineage.clone(),
            test_predictions: v.test_outputs,
        });
    }
    out.candidates.sort_by(|x, y| {
        y.score.total_cmp(&x.score).then(y.partial.total_cmp(&x.partial)).then(x.size.cmp(&y.size)).then(x.text.cmp(&y.text))
    });
    out.counts.validated = out.candidates.len();
    out.timings.validation_us = micros(t);
    out
}
