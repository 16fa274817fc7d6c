//! arc-dsl's named constants (`constants.py`), for reading and for printing programs.

use batt_dsl::Value;

/// Every constant of arc-dsl's `constants.py`, with its value.
pub const CONSTANTS: &[(&str, ConstVal)] = &[
    ("F", ConstVal::Bool(false)),
    ("T", ConstVal::Bool(true)),
    ("ZERO", ConstVal::Int(0)),
    ("ONE", ConstVal::Int(1)),
    ("TWO", ConstVal::Int(2)),
    ("THREE", ConstVal::Int(3)),
    ("FOUR", ConstVal::Int(4)),
    ("FIVE", ConstVal::Int(5)),
    ("SIX", ConstVal::Int(6)),
    ("SEVEN", ConstVal::Int(7)),
    ("EIGHT", ConstVal::Int(8)),
    ("NINE", ConstVal::Int(9)),
    ("TEN", ConstVal::Int(10)),
    ("NEG_ONE", ConstVal::Int(-1)),
    ("NEG_TWO", ConstVal::Int(-2)),
    ("DOWN", ConstVal::Pair(1, 0)),
    ("RIGHT", ConstVal::Pair(0, 1)),
    ("UP", ConstVal::Pair(-1, 0)),
    ("LEFT", ConstVal::Pair(0, -1)),
    ("ORIGIN", ConstVal::Pair(0, 0)),
    ("UNITY", ConstVal::Pair(1, 1)),
    ("NEG_UNITY", ConstVal::Pair(-1, -1)),
    ("UP_RIGHT", ConstVal::Pair(-1, 1)),
    ("DOWN_LEFT", ConstVal::Pair(1, -1)),
    ("ZERO_BY_TWO", ConstVal::Pair(0, 2)),
    ("TWO_BY_ZERO", ConstVal::Pair(2, 0)),
    ("TWO_BY_TWO", ConstVal::Pair(2, 2)),
    ("THREE_BY_THREE", ConstVal::Pair(3, 3)),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstVal {
    Bool(bool),
    Int(i64),
    Pair(i64, i64),
}

impl ConstVal {
    pub fn value(self) -> Value {
        match self {
            ConstVal::Bool(b) => Value::Bool(b),
            ConstVal::Int(n) => Value::Int(n),
            ConstVal::Pair(a, b) => Value::Pair(a, b),
        }
    }
}

/// The value of constant `name`.
pub fn lookup(name: &str) -> Option<Value> {
    CONSTANTS.iter().find(|c| c.0 == name).map(|c| c.1.value())
}

/// The constant's name for a value, if it has one (bools and ints -2..10 and the named pairs).
pub fn name_of(v: &Value) -> Option<&'static str> {
    let want = match v {
        Value::Bool(b) => ConstVal::Bool(*b),
        Value::Int(n) => ConstVal::Int(*n),
        Value::Pair(a, b) => ConstVal::Pair(*a, *b),
        _ => return None,
    };
    CONSTANTS.iter().find(|c| c.1 == want).map(|c| c.0)
}
