//! Population batts: K seed programs interleaved into one DAG with global hash-consing (equal
//! subexpressions are one node, whichever programs they come from; all share the input `I`).
//! Mutations (see `mutate.rs`) add copies, never edit: a batt only grows, stays topologically
//! ordered, and every node records which seed and which mutations produced it.

use batt_dsl::func::FuncKind;
use batt_dsl::types::Type;
use batt_dsl::{prim, PrimId, Value};
use batt_program::print::const_text;
use batt_program::{Node, NodeId, Program};
use rustc_hash::FxHashMap;
use serde_json::{json, Value as Json};

use crate::mutate::Mutation;
use crate::task::TaskData;
use crate::typing;

/// A seed program with the identity and score it carries into lineage. `task` is the seed's
/// own task, when known: colour generalisation maps a literal by its role there.
#[derive(Clone, Debug)]
pub struct SeedProgram {
    pub id: String,
    pub score: f64,
    pub program: Program,
    pub task: Option<TaskData>,
}

#[derive(Clone, Debug)]
pub struct SeedMeta {
    pub id: String,
    pub score: f64,
}

#[derive(Clone, Debug)]
pub struct NodeInfo {
    pub ty: Type,
    /// Argument count of the function the node computes, when statically known.
    pub arity: Option<u8>,
    /// The member whose construction created the node (`None` for the input).
    pub creator: Option<u32>,
    /// For a node made by a mutation: the node it replaces in the original program.
    pub copy_of: Option<NodeId>,
    /// Every seed (index into `Batt::seeds`) whose programs contain the node, sorted.
    pub seeds: Vec<u32>,
}

/// One program of the population: a seed, or a mutant of an earlier member.
#[derive(Clone, Debug)]
pub struct Member {
    pub root: NodeId,
    pub seed: u32,
    pub parent: Option<u32>,
    pub mutations: Vec<Mutation>,
    /// The nodes the root depends on (itself included), ascending.
    pub nodes: Vec<NodeId>,
}

/// A node's identity for hash-consing (constants by their source text).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Param(u8),
    Const(String),
    Call(NodeId, Box<[NodeId]>),
}

pub(crate) fn key_of(n: &Node) -> Key {
    match n {
        Node::Param(k) => Key::Param(*k),
        Node::Const(v) => Key::Const(const_text(v)),
        Node::Call { f, args } => Key::Call(*f, args.clone().into_boxed_slice()),
    }
}

#[derive(Clone, Debug)]
pub struct Batt {
    /// The DAG as a program over `I` (its `output` is the last member's root).
    pub program: Program,
    pub info: Vec<NodeInfo>,
    pub members: Vec<Member>,
    pub seeds: Vec<SeedMeta>,
    /// Seeds left out, with why (malformed, not single-input).
    pub skipped: Vec<(String, String)>,
    pub rng_seed: u64,
    cons: FxHashMap<Key, NodeId>,
}

/// Why a seed program cannot join a batt, if it cannot.
pub fn check_seed(p: &Program) -> Result<(), String> {
    if p.params.len() != 1 {
        return Err(format!("takes {} parameters; batts are single-input", p.params.len()));
    }
    if p.nodes.is_empty() || p.output as usize >= p.nodes.len() {
        return Err("output is not a node".into());
    }
    for (i, n) in p.nodes.iter().enumerate() {
        match n {
            Node::Param(k) if *k != 0 => return Err(format!("node {i}: parameter {k} out of range")),
            Node::Call { f, args } => {
                if std::iter::once(f).chain(args).any(|&c| c as usize >= i) {
                    return Err(format!("node {i}: not topologically ordered"));
                }
                if let Some(q) = p.prim_of(*f) {
                    if prim(q).arity as usize != args.len() {
                        return Err(format!("node {i}: {} takes {} arguments, got {}", prim(q).name, prim(q).arity, args.len()));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Read access to nodes and their info, committed or staged.
pub(crate) trait View {
    fn node(&self, id: NodeId) -> &Node;
    fn info(&self, id: NodeId) -> &NodeInfo;

    fn prim_of(&self, id: NodeId) -> Option<PrimId> {
        match self.node(id) {
            Node::Const(Value::Func(f)) if f.args.is_empty() => match f.kind {
                FuncKind::Prim(p) => Some(p),
                FuncKind::Closure(_) => None,
            },
            _ => None,
        }
    }

    /// Static type and arity of a call node with these children.
    fn call_info(&self, f: NodeId, args: &[NodeId]) -> (Type, Option<u8>) {
        let Some(p) = self.prim_of(f) else { return (Type::Any, None) };
        let tys: Vec<Type> = args.iter().map(|&a| self.info(a).ty).collect();
        let fn_ret = args.first().and_then(|&a| self.prim_of(a)).map(|q| typing::sig(q).1);
        let arities: Vec<Option<u8>> = args.iter().map(|&a| self.info(a).arity).collect();
        let vals: Vec<Option<&Value>> = args
            .iter()
            .map(|&a| match self.node(a) {
                Node::Const(v) => Some(v),
                _ => None,
            })
            .collect();
        (typing::refine(p, &tys, fn_ret), typing::call_arity(p, &arities, &vals))
    }
}

impl View for Batt {
    fn node(&self, id: NodeId) -> &Node {
        &self.program.nodes[id as usize]
    }
    fn info(&self, id: NodeId) -> &NodeInfo {
        &self.info[id as usize]
    }
}

impl Batt {
    /// Interleaves the seeds into one DAG: nodes are placed by depth (longest path from the
    /// input), then seed, then position, so every program's steps are spread through the DAG
    /// and "an earlier node" spans all programs. Equal subexpressions become one node.
    pub fn from_seeds(seeds: &[SeedProgram], rng_seed: u64) -> Batt {
        let mut b = Batt {
            program: Program { name: "batt".into(), params: vec!["I".into()], nodes: vec![Node::Param(0)], output: 0 },
            info: vec![NodeInfo { ty: Type::Grid, arity: None, creator: None, copy_of: None, seeds: Vec::new() }],
            members: Vec::new(),
            seeds: Vec::new(),
            skipped: Vec::new(),
            rng_seed,
            cons: FxHashMap::default(),
        };
        b.cons.insert(Key::Param(0), 0);
        let mut accepted: Vec<&Program> = Vec::new();
        for s in seeds {
            match check_seed(&s.program) {
                Ok(()) => {
                    b.seeds.push(SeedMeta { id: s.id.clone(), score: s.score });
                    accepted.push(&s.program);
                }
                Err(e) => b.skipped.push((s.id.clone(), e)),
            }
        }
        let mut order: Vec<(u32, u32, u32)> = Vec::new();
        for (s, p) in accepted.iter().enumerate() {
            let mut depth = vec![0u32; p.nodes.len()];
            for (i, n) in p.nodes.iter().enumerate() {
                if let Node::Call { f, args } = n {
                    depth[i] = 1 + std::iter::once(f).chain(args).map(|&c| depth[c as usize]).max().unwrap_or(0);
                }
                order.push((depth[i], s as u32, i as u32));
            }
        }
        order.sort_unstable();
        let mut map: Vec<Vec<NodeId>> = accepted.iter().map(|p| vec![0; p.nodes.len()]).collect();
        for (_, s, i) in order {
            let p = accepted[s as usize];
            let node = match &p.nodes[i as usize] {
                Node::Param(_) => Node::Param(0),
                Node::Const(v) => Node::Const(v.clone()),
                Node::Call { f, args } => {
                    let m = &map[s as usize];
                    Node::Call { f: m[*f as usize], args: args.iter().map(|&a| m[a as usize]).collect() }
                }
            };
            let id = b.intern_seed(node, s);
            map[s as usize][i as usize] = id;
        }
        for (s, p) in accepted.iter().enumerate() {
            let root = map[s][p.output as usize];
            let nodes = b.reachable(root);
            b.members.push(Member { root, seed: s as u32, parent: None, mutations: Vec::new(), nodes });
        }
        b.program.output = b.members.last().map(|m| m.root).unwrap_or(0);
        b
    }

    fn intern_seed(&mut self, node: Node, seed: u32) -> NodeId {
        let key = key_of(&node);
        if let Some(&id) = self.cons.get(&key) {
            add_sorted(&mut self.info[id as usize].seeds, seed);
            return id;
        }
        let (ty, arity) = self.derive(&node);
        // Seed members are numbered like their seeds (members are pushed in seed order).
        let info = NodeInfo { ty, arity, creator: Some(seed), copy_of: None, seeds: vec![seed] };
        self.push(key, node, info)
    }

    fn derive(&self, node: &Node) -> (Type, Option<u8>) {
        match node {
            Node::Param(_) => (Type::Grid, None),
            Node::Const(v) => (typing::const_type(v), batt_dsl::func::arity_of(v)),
            Node::Call { f, args } => self.call_info(*f, args),
        }
    }

    fn push(&mut self, key: Key, node: Node, info: NodeInfo) -> NodeId {
        let id = self.program.nodes.len() as NodeId;
        self.program.nodes.push(node);
        self.info.push(info);
        self.cons.insert(key, id);
        id
    }

    pub fn len(&self) -> usize {
        self.program.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.program.nodes.is_empty()
    }

    /// The nodes `root` depends on (itself included), ascending; iterative, linear in them.
    pub fn reachable(&self, root: NodeId) -> Vec<NodeId> {
        reachable(&self.program, root)
    }

    pub(crate) fn stage(&self, creator: u32, seed: u32) -> Stage<'_> {
        Stage { batt: self, nodes: Vec::new(), info: Vec::new(), keys: FxHashMap::default(), creator, seed }
    }

    /// Appends staged nodes and registers the mutant of member `parent` rooted at `root`.
    pub(crate) fn commit(&mut self, staged: Staged, root: NodeId, parent: u32, mutation: Mutation) -> u32 {
        for (key, node, info) in staged.0 {
            self.push(key, node, info);
        }
        let p = &self.members[parent as usize];
        let seed = p.seed;
        let mut mutations = p.mutations.clone();
        mutations.push(mutation);
        let nodes = self.reachable(root);
        for &n in &nodes {
            add_sorted(&mut self.info[n as usize].seeds, seed);
        }
        self.program.output = root;
        self.members.push(Member { root, seed, parent: Some(parent), mutations, nodes });
        (self.members.len() - 1) as u32
    }

    /// Lineage of a node, for the store: the seed and mutations of the member that created it,
    /// the other seeds that share it, and the RNG seed of the batt.
    pub fn lineage(&self, node: NodeId) -> Json {
        let info = &self.info[node as usize];
        let Some(m) = info.creator else { return json!({ "source": "batt", "input": true, "rng_seed": self.rng_seed }) };
        let member = &self.members[m as usize];
        let seed = &self.seeds[member.seed as usize];
        let shared: Vec<&str> = info.seeds.iter().filter(|&&s| s != member.seed).map(|&s| self.seeds[s as usize].id.as_str()).collect();
        json!({
            "source": "batt",
            "rng_seed": self.rng_seed,
            "member": m,
            "seed": { "id": seed.id, "score": seed.score },
            "mutations": member.mutations.iter().map(Mutation::to_json).collect::<Vec<_>>(),
            "shared_with": shared,
        })
    }
}

fn add_sorted(v: &mut Vec<u32>, x: u32) {
    if let Err(k) = v.binary_search(&x) {
        v.insert(k, x);
    }
}

/// The nodes `root` depends on (itself included), ascending.
/// Ids out of range are skipped (callers check well-formedness where it matters).
pub fn reachable(p: &Program, root: NodeId) -> Vec<NodeId> {
    let mut seen = vec![false; p.nodes.len()];
    let mut stack = vec![root];
    let mut out = Vec::new();
    while let Some(i) = stack.pop() {
        match seen.get_mut(i as usize) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        out.push(i);
        if let Node::Call { f, args } = &p.nodes[i as usize] {
            stack.push(*f);
            stack.extend(args.iter().copied());
        }
    }
    out.sort_unstable();
    out
}

/// Nodes being added by one mutation, checked before any is committed: a rejected mutation
/// leaves the batt untouched.
pub(crate) struct Stage<'a> {
    pub batt: &'a Batt,
    nodes: Vec<Node>,
    info: Vec<NodeInfo>,
    keys: FxHashMap<Key, NodeId>,
    creator: u32,
    seed: u32,
}

pub(crate) struct Staged(Vec<(Key, Node, NodeInfo)>);

impl View for Stage<'_> {
    fn node(&self, id: NodeId) -> &Node {
        let n = self.batt.len();
        if (id as usize) < n {
            self.batt.node(id)
        } else {
            &self.nodes[id as usize - n]
        }
    }
    fn info(&self, id: NodeId) -> &NodeInfo {
        let n = self.batt.len();
        if (id as usize) < n {
            self.batt.info(id)
        } else {
            &self.info[id as usize - n]
        }
    }
}

impl Stage<'_> {
    /// The node for `node`: an existing equal one, or a new staged one.
    pub fn intern(&mut self, node: Node, copy_of: Option<NodeId>) -> NodeId {
        let key = key_of(&node);
        if let Some(&id) = self.batt.cons.get(&key).or_else(|| self.keys.get(&key)) {
            return id;
        }
        let (ty, arity) = match &node {
            Node::Const(v) => (typing::const_type(v), batt_dsl::func::arity_of(v)),
            Node::Call { f, args } => self.call_info(*f, args),
            Node::Param(_) => (Type::Grid, None),
        };
        let id = (self.batt.len() + self.nodes.len()) as NodeId;
        self.nodes.push(node);
        self.info.push(NodeInfo { ty, arity, creator: Some(self.creator), copy_of, seeds: vec![self.seed] });
        self.keys.insert(key, id);
        id
    }

    pub fn konst(&mut self, v: Value) -> NodeId {
        self.intern(Node::Const(v), None)
    }

    pub fn finish(self) -> Staged {
        let keys: Vec<Key> = self.nodes.iter().map(key_of).collect();
        Staged(keys.into_iter().zip(self.nodes).zip(self.info).map(|((k, n), i)| (k, n, i)).collect())
    }
}
