//! Function values as plain data: a primitive, or a closure described by how it was built.
//! Being data, they can be compared, hashed, printed and sent over the wire.

use std::rc::Rc;

use crate::error::{recursion_err, type_err, DslResult};
use crate::registry::{prim, PrimId};
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builder {
    Compose,
    Chain,
    Fork,
    Matcher,
    Rbind,
    Lbind,
    Power,
}

impl Builder {
    pub fn name(self) -> &'static str {
        match self {
            Builder::Compose => "compose",
            Builder::Chain => "chain",
            Builder::Fork => "fork",
            Builder::Matcher => "matcher",
            Builder::Rbind => "rbind",
            Builder::Lbind => "lbind",
            Builder::Power => "power",
        }
    }
    pub fn from_name(s: &str) -> Option<Builder> {
        Some(match s {
            "compose" => Builder::Compose,
            "chain" => Builder::Chain,
            "fork" => Builder::Fork,
            "matcher" => Builder::Matcher,
            "rbind" => Builder::Rbind,
            "lbind" => Builder::Lbind,
            "power" => Builder::Power,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FuncKind {
    Prim(PrimId),
    Closure(Builder),
}

/// A callable value. `args` is empty for a primitive, the builder's arguments for a closure.
/// `arity` is Python's `co_argcount` of the callable, fixed when it is built.
#[derive(Clone, Debug)]
pub struct Func {
    pub kind: FuncKind,
    pub args: Vec<Value>,
    pub arity: u8,
}

impl Func {
    pub fn prim(id: PrimId) -> Func {
        Func { kind: FuncKind::Prim(id), args: Vec::new(), arity: prim(id).arity }
    }

    pub fn name(&self) -> &'static str {
        match self.kind {
            FuncKind::Prim(id) => prim(id).name,
            FuncKind::Closure(b) => b.name(),
        }
    }

    /// Builds a closure the way the reference does, including its construction-time errors
    /// (`rbind` reads the arity of its function; `power` recurses on `n - 1`).
    pub fn build(b: Builder, args: Vec<Value>) -> DslResult<Value> {
        let arity = match b {
            Builder::Compose | Builder::Chain | Builder::Fork | Builder::Matcher => 1,
            Builder::Rbind | Builder::Lbind => match arity_of(&args[0]) {
                Some(2) => 1,
                Some(3) => 2,
                Some(_) => 3,
                None => return type_err("rbind/lbind of a value that is not a function"),
            },
            Builder::Power => match args[1] {
                Value::Int(1) | Value::Bool(true) => match arity_of(&args[0]) {
                    Some(n) => n,
                    // power(x, 1) returns x itself, function or not.
                    None => return Ok(args[0].clone()),
                },
                Value::Int(n) if n > 1 => {
                    if n > crate::budget::MAX_POWER {
                        return crate::error::budget_err("power exponent over the cap");
                    }
                    1
                }
                Value::Int(_) | Value::Bool(false) => return recursion_err("power with exponent below 1 never terminates"),
                _ => return type_err("power exponent is not an integer"),
            },
        };
        Ok(Value::Func(Rc::new(Func { kind: FuncKind::Closure(b), args, arity })))
    }
}

/// Python's `co_argcount` of a value, `None` if it is not a function.
pub fn arity_of(v: &Value) -> Option<u8> {
    match v {
        Value::Func(f) => Some(f.arity),
        _ => None,
    }
}
