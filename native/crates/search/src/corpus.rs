//! Loading what search runs on from files: seed solvers (arc-dsl syntax) and ARC task files.
//! The bundled data lives in the repository's `data/` directory.

use std::path::{Path, PathBuf};

use batt_program::parse_file;

use crate::batt::SeedProgram;
use crate::task::TaskData;

/// The repository's `data/` directory (for tests, benchmarks and defaults).
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../data")
}

/// Every solver of a solver file as a seed: id = the function name, score 1 (a seed solves
/// its own task). Attach tasks with `with_tasks` for role-aware colour generalisation.
pub fn seeds_from_source(src: &str) -> Result<Vec<SeedProgram>, String> {
    let ps = parse_file(src).map_err(|e| format!("seed file: {e}"))?;
    Ok(ps.into_iter().map(|p| SeedProgram { id: p.name.clone(), score: 1.0, program: p, task: None }).collect())
}

/// The task id of a solver named `solve_<id>`.
pub fn task_id(solver_name: &str) -> Option<&str> {
    solver_name.strip_prefix("solve_")
}

/// Reads `<dir>/<id>.json`.
pub fn load_task(dir: &Path, id: &str) -> Result<TaskData, String> {
    let path = dir.join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    TaskData::from_arc_json(id, &text)
}

/// Attaches each seed's own task from `dir`, where a file for it exists.
pub fn with_tasks(mut seeds: Vec<SeedProgram>, dir: &Path) -> Vec<SeedProgram> {
    for s in &mut seeds {
        if let Some(id) = task_id(&s.id) {
            s.task = load_task(dir, id).ok();
        }
    }
    seeds
}

/// The bundled seeds (`data/seeds/solvers.py`) with their ARC-AGI-1 training tasks.
pub fn bundled_seeds() -> Result<Vec<SeedProgram>, String> {
    let dir = data_dir();
    let src = std::fs::read_to_string(dir.join("seeds/solvers.py")).map_err(|e| format!("seed file: {e}"))?;
    Ok(with_tasks(seeds_from_source(&src)?, &dir.join("arc-agi-1/training")))
}

/// A bundled ARC-AGI-1 training task.
pub fn training_task(id: &str) -> Result<TaskData, String> {
    load_task(&data_dir().join("arc-agi-1/training"), id)
}
