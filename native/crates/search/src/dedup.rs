//! Dedup and extraction. Candidates are merged by behaviour (their outputs on every train and
//! test input), keeping the simplest program; the survivors are extracted as minimal
//! standalone programs (canonical text and hash) and merged again by hash.

use batt_program::canon::{canonical_text, canonicalize, of_canonical};
use batt_program::{print, Node, NodeId, Program};
use rustc_hash::FxHashSet;

/// A standalone program in canonical form, ready to validate and store.
#[derive(Clone, Debug)]
pub struct Extracted {
    pub program: Program,
    /// `def <name>(I): ...`, the text that is validated and stored.
    pub text: String,
    /// Its canonical text (`text` without the name).
    pub canonical: String,
    /// Content hash of the canonical form (independent of the name).
    pub hash: String,
    /// Call steps.
    pub size: usize,
}

/// The minimal program computing node `node` of `p`: the nodes it reaches, canonicalised.
/// Linear in the nodes reached; the DAG is never expanded into a tree. `None` if `node` is not
/// a node of `p` or what it reaches is not well-formed (a child not before its user).
pub fn extract(p: &Program, node: NodeId, name: &str) -> Option<Extracted> {
    Some(finish(canonicalize(&subprogram(p, node)?), name))
}

/// Names an already canonical program and computes its text and hash.
pub fn finish(mut canon: Program, name: &str) -> Extracted {
    canon.name = name.to_string();
    let text = print(&canon);
    let size = canon.size();
    let c = of_canonical(canon);
    Extracted { program: c.program, text, canonical: c.text, hash: c.hash, size }
}

/// The nodes `node` reaches, renumbered in their order, as a program with output `node`.
pub fn subprogram(p: &Program, node: NodeId) -> Option<Program> {
    if node as usize >= p.nodes.len() {
        return None;
    }
    let keep = crate::batt::reachable(p, node);
    let mut new_id = rustc_hash::FxHashMap::default();
    let mut nodes = Vec::with_capacity(keep.len());
    for &i in &keep {
        let node = match &p.nodes[i as usize] {
            Node::Call { f, args } => {
                let map = |c: &NodeId| new_id.get(c).copied();
                Node::Call { f: map(f)?, args: args.iter().map(map).collect::<Option<_>>()? }
            }
            Node::Param(k) if *k as usize >= p.params.len() => return None,
            other => other.clone(),
        };
        new_id.insert(i, nodes.len() as NodeId);
        nodes.push(node);
    }
    Some(Program { name: p.name.clone(), params: p.params.clone(), nodes, output: *new_id.get(&node)? })
}

/// The canonical text (without a name) of node `node`'s program, for tie-breaks.
pub fn node_text(p: &Program, node: NodeId) -> String {
    subprogram(p, node).map(|s| canonical_text(&s)).unwrap_or_default()
}

/// Step counts of many nodes of one DAG. In a hash-consed DAG the calls a node reaches are
/// exactly its canonical program's steps. Counting them by a walk per node is quadratic on a
/// deep DAG (a 30k-step chain took ~4 s, 450M visits), so each count starts from two bounds
/// computed for all nodes in one pass: the longest chain of calls below a node (a lower
/// bound) and its tree size (an upper bound). Where they agree (chains, trees: every node
/// whose calls share nothing) that is the count, in O(1); otherwise a walk counts it, all
/// walks together capped at `SIZER_WORK_PER_NODE` visits a node, past which the lower bound
/// stands in (deterministic: the cap counts visits, not time). Sizes only rank candidates;
/// an extracted program's own size is always counted exactly (`Extracted::size`).
pub struct Sizer {
    lower: Vec<usize>,
    upper: Vec<usize>,
    stamp: Vec<u32>,
    gen: u32,
    stack: Vec<NodeId>,
    work_left: usize,
}

/// Visits the exact walks of one `Sizer` may make, per node of its DAG (plus a floor for
/// small DAGs). A batt of `batt run` (<= 20k nodes, members ~30 steps) stays far below it.
pub const SIZER_WORK_PER_NODE: usize = 64;
const SIZER_WORK_FLOOR: usize = 1 << 20;

impl Sizer {
    pub fn new(p: &Program) -> Sizer {
        let n = p.nodes.len();
        let (mut lower, mut upper) = (vec![0usize; n], vec![0usize; n]);
        for (i, node) in p.nodes.iter().enumerate() {
            if let Node::Call { f, args } = node {
                // Children come first (topological order); an id out of range counts as 0.
                let kids = std::iter::once(f).chain(args).map(|&c| c as usize).filter(|&c| c < i);
                let (mut lo, mut up) = (0usize, 0usize);
                for c in kids {
                    lo = lo.max(lower[c]);
                    up = up.saturating_add(upper[c]);
                }
                lower[i] = lo + 1;
                upper[i] = up.saturating_add(1);
            }
        }
        let work_left = SIZER_WORK_PER_NODE.saturating_mul(n).saturating_add(SIZER_WORK_FLOOR);
        Sizer { lower, upper, stamp: vec![0; n], gen: 0, stack: Vec::new(), work_left }
    }

    pub fn size(&mut self, p: &Program, node: NodeId) -> usize {
        let i = node as usize;
        let (Some(&lo), Some(&up)) = (self.lower.get(i), self.upper.get(i)) else { return 0 };
        if lo == up || self.work_left == 0 {
            return lo;
        }
        self.gen += 1;
        let mut n = 0;
        self.stack.clear();
        self.stack.push(node);
        while let Some(i) = self.stack.pop() {
            let Some(s) = self.stamp.get_mut(i as usize) else { continue };
            if *s == self.gen {
                continue;
            }
            *s = self.gen;
            if self.work_left == 0 {
                return lo;
            }
            self.work_left -= 1;
            if let Node::Call { f, args } = &p.nodes[i as usize] {
                n += 1;
                self.stack.push(*f);
                self.stack.extend(args.iter().copied());
            }
        }
        n
    }
}

/// One index per distinct behaviour: the one with the fewest steps, ties broken by canonical
/// text, then by index. `text` is only asked for tied candidates. Returned in index order.
pub fn dedup_by_behaviour(behaviours: &[u128], sizes: &[usize], mut text: impl FnMut(usize) -> String) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..behaviours.len()).collect();
    idx.sort_unstable_by_key(|&i| (behaviours[i], sizes[i], i));
    let mut out = Vec::new();
    let mut k = 0;
    while k < idx.len() {
        let b = behaviours[idx[k]];
        let mut end = k + 1;
        while end < idx.len() && behaviours[idx[end]] == b && sizes[idx[end]] == sizes[idx[k]] {
            end += 1;
        }
        let best = if end - k == 1 { idx[k] } else { idx[k..end].iter().map(|&i| (text(i), i)).min().map(|x| x.1).unwrap_or(idx[k]) };
        out.push(best);
        while end < idx.len() && behaviours[idx[end]] == b {
            end += 1;
        }
        k = end;
    }
    out.sort_unstable();
    out
}

/// Keeps the first of each canonical hash, in the given order.
pub fn dedup_by_hash<'a>(hashes: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    let mut seen = FxHashSet::default();
    hashes.into_iter().enumerate().filter(|(_, h)| seen.insert(*h)).map(|(i, _)| i).collect()
}
