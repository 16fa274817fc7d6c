//! Reads arc-dsl solver files (`def solve_x(I): x1 = f(...) ... return O`) into programs.
//! Only this straight-line subset of Python is accepted; nothing is ever evaluated as Python.

use std::collections::HashMap;
use std::time::Instant;

use batt_dsl::func::Func;
use batt_dsl::{prim, prim_id, Value};

use crate::constants;
use crate::error::ParseError;
use crate::ir::{Node, NodeId, Program};
use crate::lexer::{lex, Line, Tok, Token, DEADLINE_MSG};
use crate::limits::{expired, steps_error};

/// Deepest nesting of calls inside one expression.
pub const MAX_NESTING: usize = 200;
/// Most parameters a solver may take.
pub const MAX_PARAMS: usize = 8;

/// Parses source bytes, rejecting non-UTF-8 with the position of the first bad byte.
pub fn parse_bytes(src: &[u8]) -> Result<Vec<Program>, ParseError> {
    match std::str::from_utf8(src) {
        Ok(s) => parse_file(s),
        Err(e) => {
            let ok = &src[..e.valid_up_to()];
            let line = ok.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = ok.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Err(ParseError { line, col, msg: "file is not valid UTF-8".into() })
        }
    }
}

/// Parses every solver function in a file.
pub fn parse_file(src: &str) -> Result<Vec<Program>, ParseError> {
    parse_file_until(src, None)
}

/// `parse_file` that stops at `deadline` with `DEADLINE_MSG` (a caller that passed one tells
/// the two apart by checking it: `limits::expired`).
pub fn parse_file_until(src: &str, deadline: Option<Instant>) -> Result<Vec<Program>, ParseError> {
    let lines = lex(src, deadline)?;
    let mut programs = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let line = &lines[k];
        if line.indent != 0 {
            return Err(at(&line.tokens[0], "unexpected indentation"));
        }
        let toks = &line.tokens;
        match &toks[0].tok {
            Tok::Name(n) if n == "def" => {
                let end = (k + 1..lines.len()).find(|&e| lines[e].indent == 0).unwrap_or(lines.len());
                // Every call has exactly one '(' (there are no tuples or grouping parentheses),
                // so the size is known before any node is built.
                let steps = lines[k + 1..end].iter().flat_map(|l| &l.tokens).filter(|t| t.tok == Tok::Op('(')).count();
                if let Err(msg) = steps_error(&format!("program {}", def_name(toks)), steps) {
                    return Err(at(&toks[0], msg));
                }
                programs.push(parse_def(line, &lines[k + 1..end], deadline)?);
                k = end;
                continue;
            }
            Tok::Name(n) if n == "import" || n == "from" => check_import(toks)?,
            Tok::Str if toks.len() == 1 => {}
            _ => return Err(at(&toks[0], "expected 'def', an import or a docstring at top level")),
        }
        k += 1;
    }
    let mut seen = HashMap::new();
    for p in &programs {
        if seen.insert(p.name.clone(), ()).is_some() {
            return Err(ParseError { line: 1, col: 1, msg: format!("function '{}' is defined twice", p.name) });
        }
    }
    Ok(programs)
}

/// Parses a single solver function.
pub fn parse_program(src: &str) -> Result<Program, ParseError> {
    parse_program_until(src, None)
}

/// `parse_program` that stops at `deadline` (see `parse_file_until`).
pub fn parse_program_until(src: &str, deadline: Option<Instant>) -> Result<Program, ParseError> {
    let mut ps = parse_file_until(src, deadline)?;
    match ps.len() {
        1 => Ok(ps.pop().unwrap()),
        n => Err(ParseError { line: 1, col: 1, msg: format!("expected one function, found {n}") }),
    }
}

fn def_name(toks: &[Token]) -> &str {
    match toks.get(1).map(|t| &t.tok) {
        Some(Tok::Name(n)) => n,
        _ => "?",
    }
}

fn at(t: &Token, msg: impl Into<String>) -> ParseError {
    ParseError { line: t.line, col: t.col, msg: msg.into() }
}

fn check_import(toks: &[Token]) -> Result<(), ParseError> {
    let ok = toks.iter().all(|t| matches!(t.tok, Tok::Name(_) | Tok::Op(',') | Tok::Op('.') | Tok::Op('*')));
    if !ok {
        let bad = toks.iter().find(|t| !matches!(t.tok, Tok::Name(_) | Tok::Op(',') | Tok::Op('.') | Tok::Op('*'))).unwrap();
        return Err(at(bad, "unexpected token in import"));
    }
    Ok(())
}

struct Builder {
    prog: Program,
    env: HashMap<String, NodeId>,
    consts: HashMap<String, NodeId>,
    arity: Vec<Option<u8>>,
}

impl Builder {
    fn push(&mut self, n: Node) -> NodeId {
        let id = self.prog.nodes.len() as NodeId;
        self.prog.nodes.push(n);
        let a = self.prog.arity_hint(id, &self.arity);
        self.arity.push(a);
        id
    }

    /// Constants and primitives are shared nodes, created on first use.
    fn named(&mut self, key: &str, v: Value) -> NodeId {
        if let Some(&id) = self.consts.get(key) {
            return id;
        }
        let id = self.push(Node::Const(v));
        self.consts.insert(key.to_string(), id);
        id
    }
}

fn parse_def(head: &Line, body: &[Line], deadline: Option<Instant>) -> Result<Program, ParseError> {
    let t = &head.tokens;
    let name = match t.get(1).map(|x| &x.tok) {
        Some(Tok::Name(n)) => n.clone(),
        _ => return Err(at(t.get(1).unwrap_or(&t[0]), "expected a function name after 'def'")),
    };
    expect_op(t, 2, '(')?;
    let mut params = Vec::new();
    let mut k = 3;
    loop {
        match t.get(k).map(|x| &x.tok) {
            Some(Tok::Name(p)) => {
                if params.contains(p) {
                    return Err(at(&t[k], format!("duplicate parameter '{p}'")));
                }
                params.push(p.clone());
                k += 1;
                match t.get(k).map(|x| &x.tok) {
                    Some(Tok::Op(',')) => k += 1,
                    Some(Tok::Op(')')) => break,
                    _ => return Err(at(t.get(k).unwrap_or(&t[k - 1]), "expected ',' or ')' in parameters")),
                }
            }
            Some(Tok::Op(')')) if params.is_empty() => break,
            _ => return Err(at(t.get(k).unwrap_or(&t[k - 1]), "expected a parameter name")),
        }
    }
    if params.is_empty() || params.len() > MAX_PARAMS {
        return Err(at(&t[0], format!("a solver takes 1 to {MAX_PARAMS} parameters")));
    }
    expect_op(t, k + 1, ':')?;
    if t.len() > k + 2 {
        return Err(at(&t[k + 2], "statements must start on their own line after 'def ...:'"));
    }
    let mut b = Builder {
        prog: Program { name, params: params.clone(), nodes: Vec::new(), output: 0 },
        env: HashMap::new(),
        consts: HashMap::new(),
        arity: Vec::new(),
    };
    for (i, p) in params.iter().enumerate() {
        let id = b.push(Node::Param(i as u8));
        b.env.insert(p.clone(), id);
    }
    let mut output = None;
    for (n, line) in body.iter().enumerate() {
        let toks = &line.tokens;
        if n % 1024 == 1023 && expired(deadline) {
            return Err(at(&toks[0], DEADLINE_MSG));
        }
        if output.is_some() {
            return Err(at(&toks[0], "statement after 'return'"));
        }
        match (&toks[0].tok, toks.get(1).map(|x| &x.tok)) {
            (Tok::Str, None) if n == 0 => {}
            (Tok::Name(kw), _) if kw == "return" => {
                if toks.len() < 2 {
                    return Err(at(&toks[0], "'return' needs a value"));
                }
                let (id, end) = parse_expr(&mut b, toks, 1, 0)?;
                trailing(toks, end)?;
                output = Some(id);
            }
            (Tok::Name(var), Some(Tok::Op('='))) => {
                if constants::lookup(var).is_some() || prim_id(var).is_some() || b.prog.params.contains(var) {
                    return Err(at(&toks[0], format!("cannot assign to '{var}': it names a constant, primitive or parameter")));
                }
                if toks.len() < 3 {
                    return Err(at(&toks[1], "expected an expression after '='"));
                }
                let (id, end) = parse_expr(&mut b, toks, 2, 0)?;
                trailing(toks, end)?;
                b.env.insert(var.clone(), id);
            }
            _ => return Err(at(&toks[0], "expected 'name = call(...)' or 'return name'")),
        }
    }
    match output {
        Some(o) => b.prog.output = o,
        None => return Err(at(&head.tokens[0], format!("function '{}' has no 'return'", b.prog.name))),
    }
    Ok(b.prog)
}

fn expect_op(t: &[Token], k: usize, op: char) -> Result<(), ParseError> {
    match t.get(k) {
        Some(Token { tok: Tok::Op(c), .. }) if *c == op => Ok(()),
        Some(x) => Err(at(x, format!("expected '{op}'"))),
        None => Err(at(t.last().unwrap(), format!("expected '{op}' at end of line"))),
    }
}

fn trailing(toks: &[Token], end: usize) -> Result<(), ParseError> {
    match toks.get(end) {
        None => Ok(()),
        Some(t) => Err(at(t, "unexpected token after expression")),
    }
}

/// Parses an expression starting at token `k`; returns its node and the next token index.
fn parse_expr(b: &mut Builder, toks: &[Token], k: usize, depth: usize) -> Result<(NodeId, usize), ParseError> {
    if depth > MAX_NESTING {
        return Err(at(&toks[k.min(toks.len() - 1)], format!("calls nested more than {MAX_NESTING} deep")));
    }
    let Some(t) = toks.get(k) else {
        return Err(at(toks.last().unwrap(), "expected an expression at end of line"));
    };
    let (mut id, mut k) = match &t.tok {
        Tok::Int(n) => (b.named(&n.to_string(), Value::Int(*n)), k + 1),
        Tok::Op('-') => match toks.get(k + 1).map(|x| &x.tok) {
            Some(Tok::Int(n)) => (b.named(&format!("-{n}"), Value::Int(-n)), k + 2),
            _ => return Err(at(t, "'-' is only allowed before an integer literal")),
        },
        Tok::Name(n) => (resolve(b, n, t)?, k + 1),
        Tok::Str => return Err(at(t, "string literals are not values in the DSL")),
        Tok::Op(c) => return Err(at(t, format!("unexpected '{c}'"))),
    };
    // Postfix calls: f(a, b)(c) ...
    while let Some(Token { tok: Tok::Op('('), .. }) = toks.get(k) {
        let open = &toks[k];
        let mut args = Vec::new();
        k += 1;
        if let Some(Token { tok: Tok::Op(')'), .. }) = toks.get(k) {
            k += 1;
        } else {
            loop {
                let (a, next) = parse_expr(b, toks, k, depth + 1)?;
                args.push(a);
                k = next;
                match toks.get(k).map(|x| &x.tok) {
                    Some(Tok::Op(',')) => {
                        k += 1;
                        if let Some(Token { tok: Tok::Op(')'), .. }) = toks.get(k) {
                            k += 1;
                            break;
                        }
                    }
                    Some(Tok::Op(')')) => {
                        k += 1;
                        break;
                    }
                    Some(Tok::Op('=')) => return Err(at(&toks[k], "keyword arguments are not supported")),
                    _ => return Err(at(toks.get(k).unwrap_or(open), "expected ',' or ')' in call")),
                }
            }
        }
        check_call(b, id, args.len(), open)?;
        id = b.push(Node::Call { f: id, args });
    }
    Ok((id, k))
}

fn resolve(b: &mut Builder, n: &str, t: &Token) -> Result<NodeId, ParseError> {
    if let Some(&id) = b.env.get(n) {
        return Ok(id);
    }
    if let Some(v) = constants::lookup(n) {
        return Ok(b.named(n, v));
    }
    if let Some(p) = prim_id(n) {
        return Ok(b.named(n, Value::func(Func::prim(p))));
    }
    Err(at(t, format!("undefined name '{n}'")))
}

/// Rejects calls that cannot work whatever the inputs: non-functions and wrong arity.
fn check_call(b: &Builder, f: NodeId, nargs: usize, open: &Token) -> Result<(), ParseError> {
    match &b.prog.nodes[f as usize] {
        Node::Const(Value::Func(_)) | Node::Call { .. } => {}
        _ => return Err(at(open, "calling a value that is not a function")),
    }
    if let Some(p) = b.prog.prim_of(f) {
        let d = prim(p);
        if d.arity as usize != nargs {
            return Err(at(open, format!("{} takes {} arguments, got {nargs}", d.name, d.arity)));
        }
    } else if let Some(a) = b.arity[f as usize] {
        if a as usize != nargs {
            return Err(at(open, format!("this function takes {a} arguments, got {nargs}")));
        }
    }
    Ok(())
}
