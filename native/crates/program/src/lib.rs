//! batt programs: arc-dsl solver files parsed into a typed SSA DAG (`ir`), printed back
//! (`print`), canonicalised and hashed (`canon`), and interpreted under a budget (`eval`).

pub mod batch;
pub mod canon;
pub mod constants;
pub mod error;
pub mod eval;
pub mod ir;
pub mod lexer;
pub mod parser;
pub mod print;

pub use canon::{canonical_text, canonicalize, program_hash};
pub use error::{EvalError, EvalErrorKind, ParseError};
pub use eval::{eval, eval_all};
pub use ir::{Node, NodeId, Program};
pub use parser::{parse_bytes, parse_file, parse_program};
pub use print::{print, print_file};
