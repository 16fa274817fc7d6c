//! Prints programs back to arc-dsl's Python syntax (runs unchanged in the reference).

use std::fmt::Write;

use batt_dsl::Value;

use crate::constants;
use crate::ir::{Node, Program};

/// The source text of a constant argument.
pub fn const_text(v: &Value) -> String {
    if let Some(name) = constants::name_of(v) {
        return name.to_string();
    }
    match v {
        Value::Int(n) => n.to_string(),
        Value::Func(f) if f.args.is_empty() => f.name().to_string(),
        // Unnamed pairs have no literal in the solver syntax; build them with astuple.
        Value::Pair(a, b) => format!("astuple({}, {})", const_text(&Value::Int(*a)), const_text(&Value::Int(*b))),
        other => format!("{:?}", batt_dsl::json::encode(other).to_string()),
    }
}

/// The variable names of each node (`x1`.. for steps, `O` for the output, params by name).
fn names(p: &Program) -> Vec<String> {
    let mut out = Vec::with_capacity(p.nodes.len());
    let mut k = 0;
    for (i, n) in p.nodes.iter().enumerate() {
        out.push(match n {
            Node::Param(j) => p.params[*j as usize].clone(),
            Node::Const(v) => const_text(v),
            Node::Call { .. } if i as u32 == p.output => "O".to_string(),
            Node::Call { .. } => {
                k += 1;
                format!("x{k}")
            }
        });
    }
    out
}

/// The function's body lines (without `def`), one step per line.
pub fn body(p: &Program) -> String {
    let names = names(p);
    let mut s = String::new();
    for (i, n) in p.nodes.iter().enumerate() {
        if let Node::Call { f, args } = n {
            let args: Vec<&str> = args.iter().map(|a| names[*a as usize].as_str()).collect();
            let _ = writeln!(s, "    {} = {}({})", names[i], names[*f as usize], args.join(", "));
        }
    }
    if !matches!(p.nodes[p.output as usize], Node::Call { .. }) {
        let _ = writeln!(s, "    O = {}", names[p.output as usize]);
    }
    s.push_str("    return O\n");
    s
}

/// The whole function, `def name(params):` and its body.
pub fn print(p: &Program) -> String {
    format!("def {}({}):\n{}", p.name, p.params.join(", "), body(p))
}

/// Several functions as one solver file.
pub fn print_file(ps: &[Program]) -> String {
    let mut s = String::from("from dsl import *\nfrom constants import *\n");
    for p in ps {
        s.push_str("\n\n");
        s.push_str(&print(p));
    }
    s
}
