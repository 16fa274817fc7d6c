//! The binding's operations in plain Rust, free of N-API types so `cargo test` covers them.
//!
//! `Err(String)` always means the caller handed over something malformed; a DSL error is a
//! normal result (an `{"err": ...}` value or a failed record), never an `Err` here.

use std::panic::{catch_unwind, AssertUnwindSafe};

use batt_dsl::conformance::check_record;
use batt_dsl::json::{decode, encode};
use batt_dsl::{call_prim, Ctx};
use serde_json::{json, Value as Json};

/// Calls primitive `name` on a JSON array of golden-encoded arguments and returns
/// `{"out": value}` or `{"err": kind, "message": msg}`.
pub fn call_json(name: &str, args_json: &str) -> Result<String, String> {
    let args: Json = serde_json::from_str(args_json).map_err(|e| format!("argsJson is not valid JSON: {e}"))?;
    let Json::Array(args) = args else {
        return Err("argsJson must be a JSON array of encoded arguments".into());
    };
    let args = args.iter().enumerate().map(|(k, a)| decode(a).map_err(|e| format!("argument {k}: {e}"))).collect::<Result<Vec<_>, _>>()?;
    let mut ctx = Ctx::default();
    let reply = match call_prim(&mut ctx, name, &args) {
        Ok(v) => json!({ "out": encode(&v) }),
        Err(e) => json!({ "err": e.kind.as_str(), "message": e.msg }),
    };
    Ok(reply.to_string())
}

/// Outcome of checking a batch of golden records.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Checked {
    pub passed: u32,
    pub failed: u32,
    /// One entry per failed record: `line N: what differed` (N counts from 1).
    pub failures: Vec<String>,
}

/// Checks each record; a malformed record or a panicking primitive is a failed record, so one
/// bad line never hides the results of the others.
pub fn check_lines<S: AsRef<str>>(lines: &[S]) -> Checked {
    let mut out = Checked::default();
    for (n, line) in lines.iter().enumerate() {
        let result =
            catch_unwind(AssertUnwindSafe(|| check_record(line.as_ref()))).unwrap_or_else(|p| Err(format!("panicked: {}", panic_message(&*p))));
        match result {
            Ok(()) => out.passed += 1,
            Err(msg) => {
                out.failed += 1;
                out.failures.push(format!("line {}: {msg}", n + 1));
            }
        }
    }
    out
}

/// The text of a panic payload (`panic!` with a literal or a formatted message).
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_return_out_or_err() {
        assert_eq!(call_json("add", "[1, 2]").unwrap(), r#"{"out":3}"#);
        assert_eq!(call_json("divide", "[1, 0]").unwrap(), r#"{"err":"zero_division","message":"division by zero"}"#);
        let unknown: Json = serde_json::from_str(&call_json("nosuch", "[]").unwrap()).unwrap();
        assert_eq!(unknown["err"], "type");
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert!(call_json("add", "[1,").unwrap_err().contains("not valid JSON"));
        assert!(call_json("add", r#"{"t": [1]}"#).unwrap_err().contains("array"));
        assert!(call_json("add", r#"[1, {"x": 2}]"#).unwrap_err().starts_with("argument 1"));
    }

    #[test]
    fn records_are_counted_not_thrown() {
        let lines = [
            r#"{"f":"add","args":[1,2],"out":3}"#,
            r#"{"f":"add","args":[1,2],"out":4}"#,
            "not json",
            r#"{"f":"divide","args":[1,0],"err":"ZeroDivisionError"}"#,
        ];
        let c = check_lines(&lines);
        assert_eq!((c.passed, c.failed), (2, 2));
        assert!(c.failures[0].starts_with("line 2: "), "{:?}", c.failures);
        assert!(c.failures[1].starts_with("line 3: bad JSON"), "{:?}", c.failures);
    }
}
