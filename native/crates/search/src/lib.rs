//! batt's native search core, one task at a time:
//!
//! - `task`: what search sees of a task (demo pairs and test inputs, never test outputs);
//! - `batt`, `mutate`, `generalise`, `typing`: population batts, seed programs interleaved
//!   into one hash-consed DAG and mutated into a well-typed population;
//! - `enumerate`: typed bottom-up enumeration of small programs, one per behaviour;
//! - `compose`, `patchmaps`, `deepen`, `expand`: candidates made inside scoring: enumerated
//!   candidates layered (with patches one map further), or deepened by appended transforms;
//! - `score`: every node of a batt evaluated once per input, every grid a scored candidate;
//! - `dedup`: one candidate per behaviour, extracted as a minimal canonical program;
//! - `validate`: the extracted text re-parsed and re-run standalone;
//! - `stages`: the round as three calls on plain data (generate, score, validate), one per
//!   service;
//! - `search`: `search_task`, the stages chained in one process.
//!
//! Everything is deterministic: a seeded PRNG (`rng`), a stable value hash (`hash`), and no
//! hash-map iteration order reaching a result. (Enumeration's optional wall-clock cap is the
//! one exception, and only when it binds.)
//!
//! ```no_run
//! use batt_search::{corpus, search_task, SearchConfig};
//!
//! let seeds = corpus::bundled_seeds().unwrap();
//! let task = corpus::training_task("68b16354").unwrap();
//! let out = search_task(&task, &seeds[..32], &SearchConfig { rng_seed: 1, ..Default::default() });
//! for c in out.candidates.iter().filter(|c| c.score == 1.0) {
//!     println!("{} {}\n{}", c.hash, c.lineage, c.text);
//! }
//! ```

pub mod batt;
pub mod classify;
pub mod compose;
pub mod corpus;
pub mod dedup;
pub mod deepen;
pub mod depth;
pub mod enumerate;
pub mod expand;
pub mod generalise;
pub mod hash;
pub mod moves;
pub mod mutate;
pub mod parts;
pub mod patchmaps;
pub mod recolour;
pub mod rng;
pub mod score;
pub mod search;
pub mod select;
pub mod stages;
pub mod task;
pub mod tiles;
pub mod typing;
pub mod validate;

pub use batt::{Batt, SeedProgram};
pub use dedup::{extract, Extracted};
pub use enumerate::{enumerate, EnumConfig, EnumResult, Enumerated};
pub use mutate::{population, MutationConfig};
pub use score::{score_batt, Scored};
pub use search::{search_task, Candidate, Counts, SearchConfig, SearchOutcome, Timings};
pub use stages::{generate, score_program, validate_many, GenerateConfig, Generated, Proposal, ScoreConfig, ScoreOutcome, ValidateRun};
pub use task::TaskData;
pub use validate::{validate, validate_program, validate_program_until, Validation};
