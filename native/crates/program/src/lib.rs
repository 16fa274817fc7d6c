//! batt programs: arc-dsl solver files parsed into a typed SSA DAG (`ir`), printed back
//! (`print`), canonicalised and hashed (`canon`), and interpreted under a budget (`eval`).

pub mod batch;
pub mod canon;
pub mod constants;
pub mod error;
pub mod eval;
pub mod ir;
pub mod lexer;
pub mod limits;
pub mod parser;
pub mod print;

pub use canon::{canonical_form, canonical_text, canonicalize, program_hash, CanonicalForm};
pub use error::{EvalError, EvalErrorKind, ParseError};
pub use eval::{eval, eval_all, eval_until};
pub use ir::{Node, NodeId, Program};
pub use limits::{cancel_all, deadline_at, expired, MAX_STEPS};
pub use parser::{parse_bytes, parse_file, parse_file_until, parse_program, parse_program_until};
pub use print::{print, print_file};
