//! The three stages of a search round as separate calls, so that each can run in its own
//! service: `generate` (population batt + enumeration, merged into one DAG), `score_program`
//! (every grid-valued step scored, deduplicated and extracted) and `validate_many` (standalone
//! re-runs). What passes between them is plain data: program text in arc-dsl syntax, never
//! in-memory structures, so a stage can be on another machine. `search_task` chains them.

use std::time::Instant;

use batt_program::{parse_program_until, Node, NodeId, Program};
use rustc_hash::FxHashMap;
use serde_json::Value as Json;

use crate::batt::{key_of, Key, SeedProgram};
use crate::compose::ComposeConfig;
use crate::dedup::{dedup_by_behaviour, dedup_by_hash, extract, finish, node_text, Sizer};
use crate::deepen::DeepenConfig;
use crate::enumerate::EnumConfig;
use crate::expand::{made_candidates, MadeCounts};
use crate::mutate::{population, MutationConfig, MutationStats};
use crate::score::{score_batt_with, Budget, Source};
use crate::task::TaskData;
use crate::validate::{validate_program_until, Validation};
use batt_program::canon::canonical_text;

pub use batt_program::limits::{deadline_at, expired};

/// How often (in items) the loops after evaluation look at the deadline: each item is at
/// most a few microseconds of work, so a stop comes within a millisecond or so.
const CHECK_EVERY: usize = 1024;

/// A single-input DAG built by hash-consing programs into it: equal steps become one node.
pub(crate) struct Dag {
    pub(crate) program: Program,
    cons: FxHashMap<Key, NodeId>,
}

impl Dag {
    pub(crate) fn new() -> Dag {
        let program = Program { name: "batt".into(), params: vec!["I".into()], nodes: vec![Node::Param(0)], output: 0 };
        Dag { program, cons: FxHashMap::from_iter([(Key::Param(0), 0)]) }
    }

    /// The node of `node`, added unless an equal one is there.
    pub(crate) fn node(&mut self, node: Node) -> NodeId {
        *self.cons.entry(key_of(&node)).or_insert_with(|| {
            self.program.nodes.push(node);
            (self.program.nodes.len() - 1) as NodeId
        })
    }

    pub(crate) fn konst(&mut self, v: batt_dsl::Value) -> NodeId {
        self.node(Node::Const(v))
    }

    /// Adds `p`'s nodes; returns the DAG node of each of them.
    pub(crate) fn absorb(&mut self, p: &Program) -> Vec<NodeId> {
        let mut map: Vec<NodeId> = Vec::with_capacity(p.nodes.len());
        for n in &p.nodes {
            let node = match n {
                Node::Param(_) => Node::Param(0),
                Node::Const(v) => Node::Const(v.clone()),
                Node::Call { f, args } => Node::Call { f: map[*f as usize], args: args.iter().map(|&a| map[a as usize]).collect() },
            };
            map.push(self.node(node));
        }
        map
    }
}

/// Several single-input programs hash-consed into one DAG (output: the last one's); `None`
/// once `deadline` has passed (checked between programs; their total size is capped where the
/// request is decoded, so one program's merge is bounded work).
pub fn merge(programs: &[Program], deadline: Option<Instant>) -> Option<Program> {
    let mut dag = Dag::new();
    for p in programs {
        if expired(deadline) {
            return None;
        }
        let map = dag.absorb(p);
        dag.program.output = map[p.output as usize];
    }
    Some(dag.program)
}

#[derive(Clone, Debug, Default)]
pub struct GenerateConfig {
    pub rng_seed: u64,
    pub mutation: MutationConfig,
}

/// A generated batt: the population in one DAG over `I` (just `I` without seeds).
#[derive(Clone, Debug)]
pub struct Generated {
    /// `def batt(I): ...`, one step per node (print it with `batt_program::print`).
    pub program: Program,
    /// Distinct lineages (JSON objects); `step_lineage[k]` indexes it for the k-th call step.
    pub lineage: Vec<Json>,
    pub step_lineage: Vec<u32>,
    /// Programs produced: batt call nodes.
    pub generated: usize,
    pub batt_nodes: usize,
    pub batt_members: usize,
    pub mutations: MutationStats,
    /// Seeds that could not join the batt, with why.
    pub skipped_seeds: Vec<(String, String)>,
    pub expired: bool,
}

/// Builds the round's batt: the seeds' population. (Enumeration runs where its values are
/// scored: in `score_program`.)
pub fn generate(target: &TaskData, seeds: &[SeedProgram], cfg: &GenerateConfig, deadline: Option<Instant>) -> Generated {
    let mut dag = Dag::new();
    let mut out = Generated {
        program: dag.program.clone(),
        lineage: Vec::new(),
        step_lineage: Vec::new(),
        generated: 0,
        batt_nodes: 0,
        batt_members: 0,
        mutations: MutationStats::default(),
        skipped_seeds: Vec::new(),
        expired: false,
    };
    let mut node_lineage: FxHashMap<NodeId, u32> = FxHashMap::default();
    if !seeds.is_empty() {
        let mutation = MutationConfig { deadline, ..cfg.mutation.clone() };
        let (b, stats) = population(seeds, target, &mutation, cfg.rng_seed);
        if expired(deadline) {
            out.expired = true;
            return out;
        }
        out.mutations = stats;
        out.batt_nodes = b.len();
        out.batt_members = b.members.len();
        out.skipped_seeds = b.skipped.clone();
        out.generated += b.program.size();
        let map = dag.absorb(&b.program);
        // A node's lineage depends only on its creator and the seeds sharing it: build each
        // distinct one once, not once per node.
        let mut by_origin: FxHashMap<(Option<u32>, &[u32]), u32> = FxHashMap::default();
        for (old, &new) in map.iter().enumerate() {
            if matches!(b.program.nodes[old], Node::Call { .. }) && !node_lineage.contains_key(&new) {
                let info = &b.info[old];
                let k = *by_origin.entry((info.creator, &info.seeds)).or_insert_with(|| {
                    out.lineage.push(b.lineage(old as NodeId));
                    (out.lineage.len() - 1) as u32
                });
                node_lineage.insert(new, k);
            }
        }
        dag.program.output = map[b.program.output as usize];
    }
    for (i, n) in dag.program.nodes.iter().enumerate() {
        if matches!(n, Node::Call { .. }) {
            out.step_lineage.push(node_lineage[&(i as NodeId)]);
        }
    }
    out.program = dag.program;
    out.expired = expired(deadline);
    out
}

#[derive(Clone, Debug)]
pub struct ScoreConfig {
    pub budget: Budget,
    /// Most candidates extracted (the best by score, partial, size).
    pub max_candidates: usize,
    /// Enumerate the task too (`None`: only the program's own steps are candidates).
    pub enumeration: Option<EnumConfig>,
    /// Compose enumerated partial candidates into layered programs.
    pub compose: Option<ComposeConfig>,
    /// Deepen enumeration's best partial candidates by appended transforms.
    pub deepen: Option<DeepenConfig>,
}

impl Default for ScoreConfig {
    fn default() -> Self {
        ScoreConfig { budget: Budget::default(), max_candidates: 32, enumeration: None, compose: None, deepen: None }
    }
}

/// A scored, extracted candidate: the minimal program of one step of the scored DAG.
#[derive(Clone, Debug)]
pub struct Proposal {
    /// Which call step of the scored program (0-based, in program order).
    pub step: u32,
    /// `def solve_<task>(I): ...`, canonical.
    pub text: String,
    /// Its canonical text (without the name) and hash.
    pub canonical: String,
    pub hash: String,
    pub size: usize,
    pub score: f64,
    pub partial: f64,
    /// Where an enumerated or composed candidate came from (`None`: a step of the program,
    /// whose lineage is the generator's).
    pub lineage: Option<Json>,
}

#[derive(Clone, Debug, Default)]
pub struct ScoreOutcome {
    /// Best first: score, partial, fewer steps, then program order.
    pub proposals: Vec<Proposal>,
    /// Steps that gave a grid on some demo input.
    pub scored: usize,
    /// Distinct behaviours among them.
    pub unique: usize,
    /// Step evaluations (steps x inputs), and of those how many failed in their own call.
    pub evaluated: usize,
    pub failed: usize,
    pub expired: bool,
    /// What enumeration, composition and deepening made.
    pub made: MadeCounts,
    /// Wall time of evaluation, and of dedup plus extraction, in microseconds.
    pub scoring_us: u64,
    pub dedup_us: u64,
}

/// Scores every step of the single-input DAG `p` on `target`'s inputs, keeps one step per
/// behaviour, and extracts the best `max_candidates` as standalone canonical programs.
pub fn score_program(target: &TaskData, p: &Program, cfg: &ScoreConfig, deadline: Option<Instant>) -> ScoreOutcome {
    let t = Instant::now();
    let budget = Budget { deadline, ..cfg.budget };
    let (mut cands, counts) = score_batt_with(p, target, &budget);
    let made = match &cfg.enumeration {
        Some(en) if !expired(deadline) => {
            let (m, c) = made_candidates(target, en, cfg.compose.as_ref(), cfg.deepen.as_ref(), cfg.budget.node_fuel, deadline);
            cands.extend(m.iter().map(|m| m.scored.clone()));
            (m, c)
        }
        _ => (Vec::new(), MadeCounts::default()),
    };
    let (made, made_counts) = made;
    let mut out = ScoreOutcome { scored: cands.len(), evaluated: counts.evaluated, failed: counts.failed, made: made_counts, ..Default::default() };
    out.scoring_us = t.elapsed().as_micros() as u64;
    let t = Instant::now();
    if expired(deadline) {
        out.expired = true;
        return out;
    }
    let mut sizer = Sizer::new(p);
    let mut sizes: Vec<usize> = Vec::with_capacity(cands.len());
    for (i, c) in cands.iter().enumerate() {
        if i % CHECK_EVERY == CHECK_EVERY - 1 && expired(deadline) {
            out.expired = true;
            return out;
        }
        sizes.push(match c.source {
            Source::Batt(n) => sizer.size(p, n),
            Source::Enum(k) => made[k].program.size(),
        });
    }
    // Tie-break texts are linear in the program each; once the deadline has passed they are
    // skipped (the outcome is thrown away as expired below).
    let text = |c: &crate::score::Scored| match c.source {
        _ if expired(deadline) => String::new(),
        Source::Batt(n) => node_text(p, n),
        Source::Enum(k) => canonical_text(&made[k].program),
    };
    let behaviours: Vec<u128> = cands.iter().map(|c| c.behaviour).collect();
    let mut reps = dedup_by_behaviour(&behaviours, &sizes, |i| text(&cands[i]));
    if expired(deadline) {
        out.expired = true;
        return out;
    }
    out.unique = reps.len();
    reps.sort_by(|&a, &b| {
        let (x, y) = (&cands[a], &cands[b]);
        y.score.total_cmp(&x.score).then(y.partial.total_cmp(&x.partial)).then(sizes[a].cmp(&sizes[b])).then(x.source.cmp(&y.source))
    });
    reps.truncate(cfg.max_candidates);
    let mut step_of = vec![0u32; p.nodes.len()];
    let mut k = 0;
    for (i, n) in p.nodes.iter().enumerate() {
        step_of[i] = k;
        k += matches!(n, Node::Call { .. }) as u32;
    }
    let name = format!("solve_{}", target.id);
    let extracted: Vec<Proposal> = reps
        .iter()
        .take_while(|_| !expired(deadline))
        .filter_map(|&i| {
            let c = &cands[i];
            let (step, e, lineage) = match c.source {
                // The input itself is no step of the batt: it has no generator's lineage.
                Source::Batt(node) if matches!(p.nodes[node as usize], Node::Param(_)) => {
                    (0, extract(p, node, &name)?, Some(serde_json::json!({ "source": "input" })))
                }
                Source::Batt(node) => (step_of[node as usize], extract(p, node, &name)?, None),
                Source::Enum(k) => (0, finish(made[k].program.clone(), &name), Some(made[k].lineage.clone())),
            };
            Some(Proposal { step, text: e.text, canonical: e.canonical, hash: e.hash, size: e.size, score: c.score, partial: c.partial, lineage })
        })
        .collect();
    let keep = dedup_by_hash(extracted.iter().map(|e| e.hash.as_str()));
    out.proposals = keep.into_iter().map(|k| extracted[k].clone()).collect();
    out.expired = expired(deadline);
    out.dedup_us = t.elapsed().as_micros() as u64;
    out
}

/// One program's validation: `None` where the deadline cut it short, else the parsed program
/// and its result, or why it did not parse.
pub type ValidateRun = Option<Result<(Program, Validation), String>>;

/// Validates each program text on `target`; stops at the deadline (`None` for the rest, and
/// for a program the deadline cut short: its results would not be its own). Each result comes
/// with the program as parsed (for its canonical form and hash).
pub fn validate_many(texts: &[String], target: &TaskData, fuel: u64, deadline: Option<Instant>) -> (Vec<ValidateRun>, bool) {
    let mut out = Vec::with_capacity(texts.len());
    for t in texts {
        if expired(deadline) {
            out.push(None);
            continue;
        }
        let r = parse_program_until(t, deadline)
            .map_err(|e| format!("does not parse: {e}"))
            .and_then(|p| validate_program_until(&p, target, fuel, deadline).map(|v| (p, v)));
        out.push(if expired(deadline) { None } else { Some(r) });
    }
    let timed_out = out.iter().any(|v| v.is_none());
    (out, timed_out)
}
