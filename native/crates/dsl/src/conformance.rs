//! Runs golden-vector files (one JSONL file per primitive) against this implementation.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value as Json;

use crate::budget::Ctx;
use crate::json::{decode, encode};
use crate::registry::call_prim;

/// Results for one primitive's file.
#[derive(Debug, Default, Clone)]
pub struct PrimReport {
    pub passed: usize,
    pub failed: usize,
    /// The first few failures, human-readable (line number, what was expected, what came out).
    pub failures: Vec<String>,
}

#[derive(Debug, Default, Clone)]
pub struct Report {
    pub by_prim: BTreeMap<String, PrimReport>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.by_prim.values().map(|r| r.passed).sum()
    }
    pub fn failed(&self) -> usize {
        self.by_prim.values().map(|r| r.failed).sum()
    }
}

const KEEP_FAILURES: usize = 5;

/// Checks one record; `Err` describes the mismatch.
pub fn check_record(line: &str) -> Result<(), String> {
    let rec: Json = serde_json::from_str(line).map_err(|e| format!("bad JSON: {e}"))?;
    let f = rec.get("f").and_then(Json::as_str).ok_or("record has no \"f\"")?;
    let args = rec.get("args").and_then(Json::as_array).ok_or("record has no \"args\" list")?;
    let args = args.iter().map(decode).collect::<Result<Vec<_>, _>>().map_err(|e| format!("args: {e}"))?;
    let mut ctx = Ctx::default();
    let got = call_prim(&mut ctx, f, &args);
    match (rec.get("out"), rec.get("err"), got) {
        (Some(want), _, Ok(v)) => {
            let enc = encode(&v);
            if &enc == want {
                Ok(())
            } else {
                Err(format!("want {}, got {}", clip(want), clip(&enc)))
            }
        }
        (Some(want), _, Err(e)) => Err(format!("want {}, got error {e}", clip(want))),
        (None, Some(err), Ok(v)) => Err(format!("want error {err}, got {}", clip(&encode(&v)))),
        (None, Some(_), Err(_)) => Ok(()),
        (None, None, _) => Err("record has neither \"out\" nor \"err\"".into()),
    }
}

fn clip(j: &Json) -> String {
    let s = j.to_string();
    if s.len() > 300 {
        format!("{}...", &s[..300])
    } else {
        s
    }
}

/// Runs every `*.jsonl` file in `dir`; a record is named by its file (the primitive) and line.
pub fn run_dir(dir: &Path) -> std::io::Result<Report> {
    let mut files: Vec<_> =
        fs::read_dir(dir)?.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().map(|x| x == "jsonl").unwrap_or(false)).collect();
    files.sort();
    let mut report = Report::default();
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read(&path)?;
        let text = String::from_utf8_lossy(&text);
        let r = report.by_prim.entry(name).or_default();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match check_record(line) {
                Ok(()) => r.passed += 1,
                Err(msg) => {
                    r.failed += 1;
                    if r.failures.len() < KEEP_FAILURES {
                        r.failures.push(format!("line {}: {msg}", n + 1));
                    }
                }
            }
        }
    }
    Ok(report)
}
