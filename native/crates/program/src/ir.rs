//! The program representation: a typed SSA DAG. Nodes are stored in topological order (every
//! argument precedes its use), so a program is evaluated by one pass over `nodes`.

use batt_dsl::func::FuncKind;
use batt_dsl::types::{signature, Type};
use batt_dsl::{prim, PrimId, Value};

pub type NodeId = u32;

#[derive(Clone, Debug)]
pub enum Node {
    /// The k-th parameter of the solver (`I`, or `S`, `I`, `C`).
    Param(u8),
    /// A constant: an int, a bool, a named pair, or a primitive used as a value.
    Const(Value),
    /// A call of the function computed by node `f` on the values of `args`.
    Call { f: NodeId, args: Vec<NodeId> },
}

#[derive(Clone, Debug)]
pub struct Program {
    /// The solver's name, e.g. `solve_00d62c1b` (not part of the canonical form).
    pub name: String,
    pub params: Vec<String>,
    pub nodes: Vec<Node>,
    pub output: NodeId,
}

impl Program {
    /// The primitive node `id` stands for, if it is a primitive constant.
    pub fn prim_of(&self, id: NodeId) -> Option<PrimId> {
        match &self.nodes[id as usize] {
            Node::Const(Value::Func(f)) => match f.kind {
                FuncKind::Prim(p) if f.args.is_empty() => Some(p),
                _ => None,
            },
            _ => None,
        }
    }

    /// The number of call steps (the program's size).
    pub fn size(&self) -> usize {
        self.nodes.iter().filter(|n| matches!(n, Node::Call { .. })).count()
    }

    /// The static type of each node, from the primitives' annotations (`Any` where unknown).
    pub fn types(&self) -> Vec<Type> {
        let mut out: Vec<Type> = Vec::with_capacity(self.nodes.len());
        for n in &self.nodes {
            let t = match n {
                Node::Param(k) => match (self.params.len(), k) {
                    (3, 0) => Type::Tuple,
                    _ => Type::Grid,
                },
                Node::Const(v) => const_type(v),
                Node::Call { f, .. } => match self.prim_of(*f) {
                    Some(p) => signature(prim(p).name).map(|s| s.1).unwrap_or(Type::Any),
                    None => Type::Any,
                },
            };
            out.push(t);
        }
        out
    }

    /// Python's argument count of the function a node computes, where it can be known statically.
    pub fn arity_hint(&self, id: NodeId, memo: &[Option<u8>]) -> Option<u8> {
        match &self.nodes[id as usize] {
            Node::Const(Value::Func(f)) => Some(f.arity),
            Node::Const(_) | Node::Param(_) => None,
            Node::Call { f, args } => {
                let name = prim(self.prim_of(*f)?).name;
                match name {
                    "compose" | "chain" | "fork" | "matcher" => Some(1),
                    "rbind" | "lbind" => match memo[args[0] as usize] {
                        Some(2) => Some(1),
                        Some(3) => Some(2),
                        Some(_) => Some(3),
                        None => None,
                    },
                    "power" => match &self.nodes[args[1] as usize] {
                        Node::Const(Value::Int(1)) => memo[args[0] as usize],
                        Node::Const(Value::Int(_)) => Some(1),
                        _ => None,
                    },
                    "branch" => {
                        let (a, b) = (memo[args[1] as usize], memo[args[2] as usize]);
                        if a == b {
                            a
                        } else {
                            None
                        }
                    }
                    _ => None,
                }
            }
        }
    }
}

pub fn const_type(v: &Value) -> Type {
    match v {
        Value::Bool(_) => Type::Boolean,
        Value::Int(_) => Type::Integer,
        Value::Pair(..) => Type::IntegerTuple,
        Value::Func(_) => Type::Callable,
        _ => Type::Any,
    }
}
