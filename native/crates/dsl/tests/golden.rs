//! Every record of every golden file must pass (100%, no exceptions).
//!
//! The records come from `tests/golden/*.jsonl.gz` in this crate (a gzipped copy of the shared
//! developer set, so a clone of the repository tests itself; see tests/golden/README.md), or,
//! when `BATT_GOLDEN_DIR` is set, from the plain `*.jsonl` files of that directory instead.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use batt_dsl::conformance::{check_record, run_dir, Report};

/// Records in the bundled copy (the shared set's README: "39463 records"); a truncated or
/// partial copy fails here rather than passing on fewer records.
const BUNDLED_RECORDS: usize = 39_463;
const BUNDLED_FILES: usize = 160;

fn bundled_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Checks every record of the bundled gzipped files, grouped by primitive like `run_dir`.
fn run_bundled(dir: &Path) -> Report {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.gz"))
        .collect();
    files.sort();
    let mut report = Report::default();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().trim_end_matches(".jsonl.gz").to_owned();
        let mut text = String::new();
        flate2::read::GzDecoder::new(fs::File::open(path).unwrap())
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("cannot decompress {}: {e}", path.display()));
        let r = report.by_prim.entry(name).or_default();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match check_record(line) {
                Ok(()) => r.passed += 1,
                Err(msg) => {
                    r.failed += 1;
                    if r.failures.len() < 5 {
                        r.failures.push(format!("line {}: {msg}", n + 1));
                    }
                }
            }
        }
    }
    report
}

#[test]
fn golden_vectors_all_pass() {
    let (report, from) = match std::env::var_os("BATT_GOLDEN_DIR") {
        Some(d) => {
            let dir = PathBuf::from(d);
            let r = run_dir(&dir).unwrap_or_else(|e| panic!("cannot read golden vectors at {} (BATT_GOLDEN_DIR): {e}", dir.display()));
            (r, dir)
        }
        None => {
            let dir = bundled_dir();
            let r = run_bundled(&dir);
            assert_eq!(r.by_prim.len(), BUNDLED_FILES, "primitives in {}", dir.display());
            assert_eq!(r.passed() + r.failed(), BUNDLED_RECORDS, "records in {}", dir.display());
            (r, dir)
        }
    };
    let mut lines = Vec::new();
    for (name, r) in &report.by_prim {
        if r.failed > 0 {
            lines.push(format!("{name}: {} passed, {} failed", r.passed, r.failed));
            for f in &r.failures {
                lines.push(format!("    {f}"));
            }
        }
    }
    assert!(report.passed() > 0, "no golden records found in {}", from.display());
    assert!(report.failed() == 0, "{} golden records failed:\n{}", report.failed(), lines.join("\n"));
}
