//! Errors are values: where the reference Python raises, a primitive returns `Err(DslError)`.

use std::fmt;

/// What went wrong, coarse enough to act on (a budget stop is never confused with a bug).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Wrong type of argument, wrong arity, calling a non-function (Python `TypeError`/`AttributeError`).
    Type,
    /// An empty container where an element was needed (`max()` of nothing, `StopIteration`).
    Empty,
    /// An index or value outside its domain (`IndexError`, `ValueError`, `KeyError`).
    OutOfRange,
    /// Integer division or modulo by zero.
    ZeroDivision,
    /// Unbounded recursion in the reference (`power(f, 0)`), or closures nested too deeply.
    Recursion,
    /// A cap or the fuel budget was exceeded: the call was stopped, not wrong.
    Budget,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Type => "type",
            ErrorKind::Empty => "empty",
            ErrorKind::OutOfRange => "out_of_range",
            ErrorKind::ZeroDivision => "zero_division",
            ErrorKind::Recursion => "recursion",
            ErrorKind::Budget => "budget",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DslError {
    pub kind: ErrorKind,
    pub msg: &'static str,
}

impl fmt::Display for DslError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.msg)
    }
}

impl std::error::Error for DslError {}

pub type DslResult<T> = Result<T, DslError>;

pub fn type_err<T>(msg: &'static str) -> DslResult<T> {
    Err(DslError { kind: ErrorKind::Type, msg })
}
pub fn empty_err<T>(msg: &'static str) -> DslResult<T> {
    Err(DslError { kind: ErrorKind::Empty, msg })
}
pub fn range_err<T>(msg: &'static str) -> DslResult<T> {
    Err(DslError { kind: ErrorKind::OutOfRange, msg })
}
pub fn budget_err<T>(msg: &'static str) -> DslResult<T> {
    Err(DslError { kind: ErrorKind::Budget, msg })
}
pub fn zero_div_err<T>() -> DslResult<T> {
    Err(DslError { kind: ErrorKind::ZeroDivision, msg: "division by zero" })
}
pub fn recursion_err<T>(msg: &'static str) -> DslResult<T> {
    Err(DslError { kind: ErrorKind::Recursion, msg })
}
