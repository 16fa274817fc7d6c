//! Every record of every shared golden file must pass (100%, no exceptions).

use std::path::PathBuf;

fn golden_dir() -> PathBuf {
    match std::env::var_os("BATT_GOLDEN_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/golden/arc-dsl"),
    }
}

#[test]
fn golden_vectors_all_pass() {
    let dir = golden_dir();
    let report = batt_dsl::conformance::run_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read golden vectors at {}: {e}", dir.display()));
    let mut lines = Vec::new();
    for (name, r) in &report.by_prim {
        if r.failed > 0 {
            lines.push(format!("{name}: {} passed, {} failed", r.passed, r.failed));
            for f in &r.failures {
                lines.push(format!("    {f}"));
            }
        }
    }
    assert!(report.passed() > 0, "no golden records found in {}", dir.display());
    assert!(report.failed() == 0, "{} golden records failed:\n{}", report.failed(), lines.join("\n"));
}
