//! Mutations of a population batt. Each one picks a member program and a site in it, and adds
//! a copy of the member with that site changed: the changed node and everything in the member
//! that depends on it are re-created as new nodes (hash-consed, so a copy equal to an existing
//! node is that node). Originals stay, so the DAG only grows and stays topologically ordered.
//! A copy is checked before it is committed: arities match their primitives and every changed
//! argument fits its slot (see `typing::slot_ok`), so a mutant is as well-typed as its seed.

use std::time::Instant;

use batt_dsl::func::Func;
use batt_dsl::types::Type;
use batt_dsl::{prim, PrimId, Value};
use batt_program::print::const_text;
use batt_program::{Node, NodeId};
use serde_json::{json, Value as Json};

use crate::batt::{check_seed, Batt, SeedProgram, View};
use crate::generalise::{analyse, Facts};
use crate::rng::Rng;
use crate::task::TaskData;
use crate::typing::{alternatives, family, is_colour_slot, same_signature, sig, slot_ok, TRANSFORMS};

/// Probabilities are per member and round: each member present at the start of a round gets
/// each kind of mutation with that kind's probability.
#[derive(Clone, Debug)]
pub struct MutationConfig {
    pub rounds: usize,
    pub p_rewire: f64,
    pub p_substitute: f64,
    pub p_constant: f64,
    pub p_colour: f64,
    pub p_transform: f64,
    /// No mutation starts once the batt has this many nodes.
    pub max_nodes: usize,
    /// No mutation starts once this has passed (the caller's deadline).
    pub deadline: Option<Instant>,
}

impl Default for MutationConfig {
    fn default() -> Self {
        MutationConfig {
            rounds: 2,
            p_rewire: 0.5,
            p_substitute: 0.4,
            p_constant: 0.4,
            p_colour: 0.5,
            p_transform: 0.5,
            max_nodes: 20_000,
            deadline: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColourChange {
    pub from: i64,
    pub to: i64,
    /// "appear" or "disappear": which ranked list of the target the new colour comes from.
    pub role: &'static str,
    pub k: usize,
}

/// What a mutation did, as recorded in lineage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mutation {
    /// Argument `arg` of a call of `callee` now takes node `to` (made by seed `to_seed`).
    Rewire {
        callee: String,
        arg: usize,
        to: String,
        to_seed: Option<String>,
    },
    Substitute {
        from: String,
        to: String,
    },
    Constant {
        from: String,
        to: String,
    },
    /// Literal colours replaced by the target's k-th appearing/disappearing colour.
    Colour {
        changes: Vec<ColourChange>,
    },
    /// A rotation/mirror replaced by the one mapping the target's demo inputs to outputs.
    Transform {
        from: String,
        to: String,
    },
}

impl Mutation {
    pub fn to_json(&self) -> Json {
        match self {
            Mutation::Rewire { callee, arg, to, to_seed } => json!({ "kind": "rewire", "callee": callee, "arg": arg, "to": to, "to_seed": to_seed }),
            Mutation::Substitute { from, to } => json!({ "kind": "substitute", "from": from, "to": to }),
            Mutation::Constant { from, to } => json!({ "kind": "constant", "from": from, "to": to }),
            Mutation::Colour { changes } => json!({
                "kind": "colour",
                "changes": changes.iter().map(|c| json!({ "from": c.from, "to": c.to, "role": c.role, "k": c.k })).collect::<Vec<_>>(),
            }),
            Mutation::Transform { from, to } => json!({ "kind": "transform", "from": from, "to": to }),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MutationStats {
    pub attempted: usize,
    pub applied: usize,
}

/// Builds the population batt for `target`: seeds interleaved, then mutated.
pub fn population(seeds: &[SeedProgram], target: &TaskData, cfg: &MutationConfig, rng_seed: u64) -> (Batt, MutationStats) {
    let mut batt = Batt::from_seeds(seeds, rng_seed);
    let facts = analyse(target);
    let seed_facts: Vec<Option<Facts>> = seeds.iter().filter(|s| check_seed(&s.program).is_ok()).map(|s| s.task.as_ref().map(analyse)).collect();
    let stats = mutate(&mut batt, cfg, &facts, &seed_facts, &mut Rng::new(rng_seed));
    (batt, stats)
}

/// Applies `cfg.rounds` rounds of mutations; `seed_facts[s]` describes seed `s`'s own task.
pub fn mutate(batt: &mut Batt, cfg: &MutationConfig, target: &Facts, seed_facts: &[Option<Facts>], rng: &mut Rng) -> MutationStats {
    let mut stats = MutationStats::default();
    for _ in 0..cfg.rounds {
        let n = batt.members.len() as u32;
        for m in 0..n {
            if m % 16 == 0 && batt_program::expired(cfg.deadline) {
                return stats;
            }
            let kinds = [cfg.p_rewire, cfg.p_substitute, cfg.p_constant, cfg.p_colour, cfg.p_transform];
            for (kind, &p) in kinds.iter().enumerate() {
                if batt.len() >= cfg.max_nodes {
                    return stats;
                }
                if !rng.chance(p) {
                    continue;
                }
                stats.attempted += 1;
                let seed = batt.members[m as usize].seed as usize;
                let ok = match kind {
                    0 => rewire(batt, m, rng),
                    1 => substitute(batt, m, rng),
                    2 => constant(batt, m, rng),
                    3 => colour(batt, m, target, seed_facts.get(seed).and_then(|f| f.as_ref()), rng),
                    _ => transform(batt, m, target, rng),
                };
                stats.applied += ok as usize;
            }
        }
    }
    stats
}

/// What goes into a changed slot.
enum With {
    Node(NodeId),
    Const(Value),
}

/// Slot 0 of a call is its function, slot k its k-th argument (1-based).
struct Repl {
    node: NodeId,
    slot: usize,
    with: With,
}

/// Copies member `m` with the replacements made; false (and nothing added) if the copy would
/// be ill-typed or equal to the member.
fn apply(batt: &mut Batt, m: u32, reps: &[Repl], record: Mutation) -> bool {
    let member = &batt.members[m as usize];
    let (root, seed, nodes) = (member.root, member.seed, member.nodes.clone());
    let mut st = batt.stage(batt.members.len() as u32, seed);
    let reps: Vec<(NodeId, usize, NodeId)> = reps
        .iter()
        .map(|r| {
            let w = match &r.with {
                With::Node(n) => *n,
                With::Const(v) => st.konst(v.clone()),
            };
            (r.node, r.slot, w)
        })
        .collect();
    let mut map: Vec<(NodeId, NodeId)> = Vec::new();
    for &d in &nodes {
        let Node::Call { f, args } = st.node(d) else { continue };
        let old: Vec<NodeId> = std::iter::once(*f).chain(args.iter().copied()).collect();
        let mut ch = old.clone();
        for c in ch.iter_mut() {
            if let Some(&(_, n)) = map.iter().find(|x| x.0 == *c) {
                *c = n;
            }
        }
        for &(n, s, w) in &reps {
            if n == d && s < ch.len() {
                ch[s] = w;
            }
        }
        if ch == old {
            continue;
        }
        if !well_typed(&st, &old, &ch) {
            return false;
        }
        let nd = st.intern(Node::Call { f: ch[0], args: ch[1..].to_vec() }, Some(d));
        if nd != d {
            map.push((d, nd));
        }
    }
    let Some(&(_, new_root)) = map.iter().find(|x| x.0 == root) else { return false };
    let staged = st.finish();
    batt.commit(staged, new_root, m, record);
    true
}

/// `want == Any`, or a statically known type that fits `want`.
fn strict_ok(t: Type, want: Type) -> bool {
    want == Type::Any || (t != Type::Any && t.fits(want))
}

/// Is the call with children `new` (function first) as well-typed as the original `old`?
fn well_typed(v: &impl View, old: &[NodeId], new: &[NodeId]) -> bool {
    let nargs = new.len() - 1;
    let callable_ok = |a0: NodeId, a1: NodeId| {
        let (i0, i1) = (v.info(a0), v.info(a1));
        !(i0.ty == Type::Callable || i1.ty == Type::Callable) || (i1.arity.is_some() && i1.arity == i0.arity)
    };
    match v.prim_of(new[0]) {
        Some(p) => {
            let params = sig(p).0;
            if prim(p).arity as usize != nargs || params.len() != nargs {
                return false;
            }
            // A function with another signature re-checks every argument against its own.
            let same_sig = v.prim_of(old[0]).map(|q| sig(q) == sig(p)).unwrap_or(false);
            (1..=nargs).all(|k| {
                let (a0, a1) = (old[k], new[k]);
                let (t0, t1) = (v.info(a0).ty, v.info(a1).ty);
                let typed = if !same_sig { strict_ok(t1, params[k - 1]) } else { a0 == a1 || slot_ok(t1, params[k - 1], t0) };
                typed && (a0 == a1 || callable_ok(a0, a1))
            })
        }
        None => {
            if new[0] != old[0] {
                let (x, y) = (v.info(old[0]).arity, v.info(new[0]).arity);
                if y.is_none() || x != y || y != Some(nargs as u8) {
                    return false;
                }
            }
            (1..=nargs).all(|k| {
                let (a0, a1) = (old[k], new[k]);
                a0 == a1 || (slot_ok(v.info(a1).ty, v.info(a0).ty, v.info(a0).ty) && callable_ok(a0, a1))
            })
        }
    }
}

/// Every `(node, slot, child)` of the member's calls, function slot included.
fn sites(batt: &Batt, m: u32) -> Vec<(NodeId, usize, NodeId)> {
    let mut out = Vec::new();
    for &d in &batt.members[m as usize].nodes {
        if let Node::Call { f, args } = batt.node(d) {
            out.extend(std::iter::once(*f).chain(args.iter().copied()).enumerate().map(|(s, c)| (d, s, c)));
        }
    }
    out
}

fn callee_prim(batt: &Batt, d: NodeId) -> Option<PrimId> {
    match batt.node(d) {
        Node::Call { f, .. } => batt.prim_of(*f),
        _ => None,
    }
}

fn describe(batt: &Batt, n: NodeId) -> String {
    match batt.node(n) {
        Node::Param(_) => "I".into(),
        Node::Const(v) => const_text(v),
        Node::Call { f, .. } => format!("{}(..)", batt.prim_of(*f).map(|p| prim(p).name).unwrap_or("call")),
    }
}

/// (a) An argument now takes an earlier node of a compatible type, from any program.
fn rewire(batt: &mut Batt, m: u32, rng: &mut Rng) -> bool {
    let args: Vec<(NodeId, usize, NodeId)> = sites(batt, m).into_iter().filter(|s| s.1 > 0).collect();
    let Some(&(d, s, old)) = rng.pick(&args) else { return false };
    let i0 = batt.info(old).clone();
    let want = callee_prim(batt, d).and_then(|p| sig(p).0.get(s - 1).copied()).unwrap_or(i0.ty);
    let targets: Vec<NodeId> = (0..d)
        .filter(|&t| {
            let i = batt.info(t);
            t != old
                && slot_ok(i.ty, want, i0.ty)
                && (!(i.ty == Type::Callable || i0.ty == Type::Callable) || (i.arity.is_some() && i.arity == i0.arity))
        })
        .collect();
    let Some(&t) = rng.pick(&targets) else { return false };
    let callee = callee_prim(batt, d).map(|p| prim(p).name.to_string()).unwrap_or_else(|| "closure".into());
    let to_seed = batt.info(t).creator.map(|c| batt.seeds[batt.members[c as usize].seed as usize].id.clone());
    let record = Mutation::Rewire { callee, arg: s - 1, to: describe(batt, t), to_seed };
    apply(batt, m, &[Repl { node: d, slot: s, with: With::Node(t) }], record)
}

/// (b) A primitive (called, or passed as a value) becomes another of the same signature.
fn substitute(batt: &mut Batt, m: u32, rng: &mut Rng) -> bool {
    let cands: Vec<(NodeId, usize, PrimId)> =
        sites(batt, m).into_iter().filter_map(|(d, s, c)| batt.prim_of(c).filter(|&p| !same_signature(p).is_empty()).map(|p| (d, s, p))).collect();
    let Some(&(d, s, p)) = rng.pick(&cands) else { return false };
    let Some(&q) = rng.pick(same_signature(p)) else { return false };
    let record = Mutation::Substitute { from: prim(p).name.into(), to: prim(q).name.into() };
    apply(batt, m, &[Repl { node: d, slot: s, with: With::Const(Value::func(Func::prim(q))) }], record)
}

/// (c) A constant argument is resampled within its family.
fn constant(batt: &mut Batt, m: u32, rng: &mut Rng) -> bool {
    let cands: Vec<(NodeId, usize, Value, bool)> = sites(batt, m)
        .into_iter()
        .filter(|s| s.1 > 0)
        .filter_map(|(d, s, c)| match batt.node(c) {
            Node::Const(v @ (Value::Int(_) | Value::Bool(_) | Value::Pair(..))) => {
                let colour = callee_prim(batt, d).map(|p| is_colour_slot(p, s - 1)).unwrap_or(false);
                Some((d, s, v.clone(), colour))
            }
            _ => None,
        })
        .collect();
    let Some((d, s, v, colour)) = rng.pick(&cands).cloned() else { return false };
    let Some(fam) = family(&v, colour) else { return false };
    let Some(new) = rng.pick(&alternatives(fam, &v)).cloned() else { return false };
    let record = Mutation::Constant { from: const_text(&v), to: const_text(&new) };
    apply(batt, m, &[Repl { node: d, slot: s, with: With::Const(new) }], record)
}

/// (d) Literal colours become the target's k-th appearing/disappearing colour: by the role the
/// literal plays in the seed's own task when that is known, else a random role and rank.
fn colour(batt: &mut Batt, m: u32, target: &Facts, seed: Option<&Facts>, rng: &mut Rng) -> bool {
    let cands: Vec<(NodeId, usize, i64)> = sites(batt, m)
        .into_iter()
        .filter(|s| s.1 > 0)
        .filter_map(|(d, s, c)| match (callee_prim(batt, d), batt.node(c)) {
            (Some(p), Node::Const(Value::Int(n))) if is_colour_slot(p, s - 1) && (0..=9).contains(n) => Some((d, s, *n)),
            _ => None,
        })
        .collect();
    let mut literals: Vec<i64> = cands.iter().map(|c| c.2).collect();
    literals.sort_unstable();
    literals.dedup();
    let mut changes = Vec::new();
    for c in literals {
        let pick = match seed {
            Some(sf) => {
                let by_role = |own: &[i64], tgt: &[i64], role| own.iter().position(|&x| x == c).and_then(|k| tgt.get(k).map(|&to| (role, k, to)));
                by_role(&sf.appear, &target.appear, "appear").or_else(|| by_role(&sf.disappear, &target.disappear, "disappear"))
            }
            None => {
                let roles: Vec<(&'static str, &[i64])> = [("appear", target.appear.as_slice()), ("disappear", target.disappear.as_slice())]
                    .into_iter()
                    .filter(|r| !r.1.is_empty())
                    .collect();
                rng.pick(&roles).map(|&(role, list)| {
                    let k = rng.below(list.len());
                    (role, k, list[k])
                })
            }
        };
        if let Some((role, k, to)) = pick {
            if to != c {
                changes.push(ColourChange { from: c, to, role, k });
            }
        }
    }
    if changes.is_empty() {
        return false;
    }
    let reps: Vec<Repl> = cands
        .iter()
        .filter_map(|&(d, s, n)| changes.iter().find(|ch| ch.from == n).map(|ch| Repl { node: d, slot: s, with: With::Const(Value::Int(ch.to)) }))
        .collect();
    apply(batt, m, &reps, Mutation::Colour { changes })
}

/// (d) A rotation/mirror becomes the one that maps the target's demo inputs to its outputs.
fn transform(batt: &mut Batt, m: u32, target: &Facts, rng: &mut Rng) -> bool {
    let Some(t) = target.transform else { return false };
    let cands: Vec<(NodeId, usize, PrimId)> = sites(batt, m)
        .into_iter()
        .filter_map(|(d, s, c)| batt.prim_of(c).filter(|&p| p != t && TRANSFORMS.contains(&prim(p).name)).map(|p| (d, s, p)))
        .collect();
    let Some(&(d, s, p)) = rng.pick(&cands) else { return false };
    let record = Mutation::Transform { from: prim(p).name.into(), to: prim(t).name.into() };
    apply(batt, m, &[Repl { node: d, slot: s, with: With::Const(Value::func(Func::prim(t))) }], record)
}
