//! `dsl-conformance DIR [--verbose]`: per-primitive results and `N passed, M failed`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let Some(dir) = args.iter().find(|a| !a.starts_with('-')) else {
        eprintln!("usage: dsl-conformance DIR [--verbose]");
        return ExitCode::from(2);
    };
    let report = match batt_dsl::conformance::run_dir(&PathBuf::from(dir)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot read {dir}: {e}");
            return ExitCode::from(2);
        }
    };
    for (name, r) in &report.by_prim {
        let mark = if r.failed == 0 { "ok  " } else { "FAIL" };
        println!("{mark} {name:<14} {:>4} passed, {:>4} failed", r.passed, r.failed);
        if verbose || r.failed > 0 {
            for f in &r.failures {
                println!("       {f}");
            }
        }
    }
    println!("{} passed, {} failed", report.passed(), report.failed());
    if report.failed() == 0 && report.passed() > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
