//! Canonical form: dead steps dropped, equal subexpressions shared (hash-consing), steps
//! numbered by a post-order walk from the output. Linear in program size; the DAG is never
//! expanded into a tree. Programs computing the same DAG print identically and hash equal.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use batt_dsl::func::Func;
use batt_dsl::Value;

use crate::ir::{Node, NodeId, Program};
use crate::print::{body, const_text};

#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Param(u8),
    Const(String),
    Call(NodeId, Vec<NodeId>),
}

/// Unnamed pair constants (built in memory by search) have no literal in the solver syntax and
/// print as `astuple(a, b)`, which parses back as a call: make them that call here, so that a
/// program and its printed text have one canonical form and one hash.
fn pairs_as_calls(p: &Program) -> Option<Program> {
    let unnamed = |n: &Node| matches!(n, Node::Const(v @ Value::Pair(..)) if crate::constants::name_of(v).is_none());
    if !p.nodes.iter().any(unnamed) {
        return None;
    }
    let astuple = Value::func(Func::prim(batt_dsl::prim_id("astuple").expect("astuple is a primitive")));
    let mut nodes: Vec<Node> = Vec::with_capacity(p.nodes.len() + 4);
    let mut new_id: Vec<NodeId> = Vec::with_capacity(p.nodes.len());
    for n in &p.nodes {
        let node = match n {
            Node::Const(Value::Pair(a, b)) if unnamed(n) => {
                let k = nodes.len() as NodeId;
                nodes.extend([Node::Const(astuple.clone()), Node::Const(Value::Int(*a)), Node::Const(Value::Int(*b))]);
                Node::Call { f: k, args: vec![k + 1, k + 2] }
            }
            Node::Call { f, args } => Node::Call { f: new_id[*f as usize], args: args.iter().map(|a| new_id[*a as usize]).collect() },
            other => other.clone(),
        };
        new_id.push(nodes.len() as NodeId);
        nodes.push(node);
    }
    Some(Program { name: p.name.clone(), params: p.params.clone(), nodes, output: new_id[p.output as usize] })
}

/// The canonical form of `p` (same name and parameters).
pub fn canonicalize(p: &Program) -> Program {
    if let Some(q) = pairs_as_calls(p) {
        return canonicalize(&q);
    }
    let n = p.nodes.len();
    // 1. Liveness: nodes are topologically ordered, so one reverse pass suffices.
    let mut live = vec![false; n];
    live[p.output as usize] = true;
    for i in (0..n).rev() {
        if live[i] {
            if let Node::Call { f, args } = &p.nodes[i] {
                live[*f as usize] = true;
                for a in args {
                    live[*a as usize] = true;
                }
            }
        }
    }
    // 2. Hash-consing: map each live node to the first node with the same key.
    let mut rep: Vec<NodeId> = (0..n as NodeId).collect();
    let mut seen: HashMap<Key, NodeId> = HashMap::new();
    for i in 0..n {
        if !live[i] {
            continue;
        }
        let key = match &p.nodes[i] {
            Node::Param(k) => Key::Param(*k),
            Node::Const(v) => Key::Const(const_text(v)),
            Node::Call { f, args } => Key::Call(rep[*f as usize], args.iter().map(|a| rep[*a as usize]).collect()),
        };
        rep[i] = *seen.entry(key).or_insert(i as NodeId);
    }
    // 3. Renumber: parameters first, then a post-order walk from the output (function, then
    //    arguments left to right), iterative so deep programs cannot overflow the stack.
    let mut new_id: Vec<Option<NodeId>> = vec![None; n];
    let mut nodes = Vec::new();
    for (k, _) in p.params.iter().enumerate() {
        let i = p.nodes.iter().position(|x| matches!(x, Node::Param(j) if *j as usize == k));
        if let Some(i) = i {
            new_id[rep[i] as usize] = Some(nodes.len() as NodeId);
        }
        nodes.push(Node::Param(k as u8));
    }
    let children = |i: usize| -> Vec<NodeId> {
        match &p.nodes[i] {
            Node::Call { f, args } => std::iter::once(*f).chain(args.iter().copied()).map(|c| rep[c as usize]).collect(),
            _ => Vec::new(),
        }
    };
    let mut stack: Vec<(usize, usize)> = vec![(rep[p.output as usize] as usize, 0)];
    while let Some((i, next)) = stack.pop() {
        if new_id[i].is_some() {
            continue;
        }
        let ch = children(i);
        if let Some(&c) = ch.get(next) {
            stack.push((i, next + 1));
            if new_id[c as usize].is_none() {
                stack.push((c as usize, 0));
            }
            continue;
        }
        let node = match &p.nodes[i] {
            Node::Call { .. } => {
                Node::Call { f: new_id[ch[0] as usize].unwrap(), args: ch[1..].iter().map(|c| new_id[*c as usize].unwrap()).collect() }
            }
            other => other.clone(),
        };
        new_id[i] = Some(nodes.len() as NodeId);
        nodes.push(node);
    }
    let output = new_id[rep[p.output as usize] as usize].unwrap();
    Program { name: p.name.clone(), params: p.params.clone(), nodes, output }
}

/// The canonical text of a program's computation: parameters and body, without its name.
pub fn canonical_text(p: &Program) -> String {
    text_of_canonical(&canonicalize(p))
}

/// The canonical text of a program that is already in canonical form.
pub fn text_of_canonical(c: &Program) -> String {
    format!("({}):\n{}", c.params.join(", "), body(c))
}

/// A content hash of the canonical text (hex, 128 bits of SHA-256).
pub fn hash_text(canonical_text: &str) -> String {
    let d = Sha256::digest(canonical_text.as_bytes());
    d[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A program's canonical form with its text and hash: what every caller that needs more than
/// one of them uses, so each is derived once and always the same way.
#[derive(Clone, Debug)]
pub struct CanonicalForm {
    /// The canonical program (same name and parameters as the original).
    pub program: Program,
    /// `canonical_text`: parameters and body, without the name.
    pub text: String,
    /// `hash_text` of `text`.
    pub hash: String,
}

/// The canonical form, text and hash of `p` (one canonicalisation).
pub fn canonical_form(p: &Program) -> CanonicalForm {
    of_canonical(canonicalize(p))
}

/// Text and hash of a program already in canonical form.
pub fn of_canonical(program: Program) -> CanonicalForm {
    let text = text_of_canonical(&program);
    let hash = hash_text(&text);
    CanonicalForm { program, text, hash }
}

/// The canonical hash of a program.
pub fn program_hash(p: &Program) -> String {
    hash_text(&canonical_text(p))
}
