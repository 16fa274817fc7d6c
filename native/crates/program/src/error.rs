//! Program errors: where a source file is wrong (parse) and how an evaluation failed.

use std::fmt;

/// A rejected source file: 1-based line and column, and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub col: usize,
    pub msg: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.msg)
    }
}

impl std::error::Error for ParseError {}

/// Why an evaluation produced no output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EvalErrorKind {
    /// A value of the wrong type reached a primitive (or a non-function was called).
    Type,
    /// The reference would raise (empty input, index out of range, division by zero...).
    Runtime,
    /// Fuel or a size cap ran out: the program was stopped, it is not known to be wrong.
    Budget,
}

impl EvalErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvalErrorKind::Type => "type",
            EvalErrorKind::Runtime => "runtime",
            EvalErrorKind::Budget => "budget",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    pub kind: EvalErrorKind,
    /// The step (node index) that failed.
    pub node: usize,
    pub msg: String,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error at step {}: {}", self.kind.as_str(), self.node, self.msg)
    }
}
