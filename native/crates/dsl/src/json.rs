//! The golden-vector value encoding (shared/golden/arc-dsl/README.md) in both directions.

use serde_json::{json, Map, Value as Json};

use crate::func::{Builder, Func};
use crate::registry::prim_id;
use crate::value::Value;

/// Decodes one encoded value. Closures are rebuilt through their builders, so a closure
/// whose construction the reference rejects fails to decode as well.
pub fn decode(j: &Json) -> Result<Value, String> {
    Ok(match j {
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64().ok_or_else(|| format!("not an integer: {n}"))?),
        Json::Null => Value::None,
        Json::Object(m) => {
            if let Some(t) = m.get("t") {
                Value::tuple(decode_list(t)?)
            } else if let Some(s) = m.get("s") {
                Value::set(decode_list(s)?)
            } else if let Some(Json::String(name)) = m.get("fn") {
                decode_fn(name, m)?
            } else {
                return Err(format!("unknown value encoding: {j}"));
            }
        }
        _ => return Err(format!("unknown value encoding: {j}")),
    })
}

fn decode_list(j: &Json) -> Result<Vec<Value>, String> {
    match j {
        Json::Array(a) => a.iter().map(decode).collect(),
        _ => Err(format!("expected a list, got {j}")),
    }
}

fn decode_fn(name: &str, m: &Map<String, Json>) -> Result<Value, String> {
    match m.get("args") {
        None => match prim_id(name) {
            Some(id) => Ok(Value::func(Func::prim(id))),
            None => Err(format!("unknown primitive {name:?}")),
        },
        Some(args) => {
            let b = Builder::from_name(name).ok_or_else(|| format!("unknown closure builder {name:?}"))?;
            let args = decode_list(args)?;
            let want = match b {
                Builder::Chain | Builder::Fork => 3,
                _ => 2,
            };
            if args.len() != want {
                return Err(format!("{name} takes {want} arguments, got {}", args.len()));
            }
            Func::build(b, args).map_err(|e| format!("cannot build {name}: {e}"))
        }
    }
}

/// Encodes a value the way the reference's recorder does.
pub fn encode(v: &Value) -> Json {
    match v {
        Value::Bool(b) => json!(b),
        Value::Int(n) => json!(n),
        Value::None => Json::Null,
        Value::Func(f) => {
            if f.args.is_empty() && matches!(f.kind, crate::func::FuncKind::Prim(_)) {
                json!({ "fn": f.name() })
            } else {
                json!({ "fn": f.name(), "args": f.args.iter().map(encode).collect::<Vec<_>>() })
            }
        }
        _ if v.is_tuple() => json!({ "t": v.elems().unwrap().iter().map(encode).collect::<Vec<_>>() }),
        _ => json!({ "s": v.elems().unwrap().iter().map(encode).collect::<Vec<_>>() }),
    }
}
