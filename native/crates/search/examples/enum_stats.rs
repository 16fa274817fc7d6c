use batt_search::*;
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let id = args.get(1).map(|s| s.as_str()).unwrap_or("1190e5a7");
    let task = corpus::training_task(id).unwrap();
    let cfg = EnumConfig { time_limit: None, max_evals: 10_000_000, ..Default::default() };
    let t = Instant::now();
    let r = enumerate(&task, &cfg);
    println!("{id}: evals {} bank {} programs {} truncated {} in {:?}", r.evals, r.bank, r.programs.len(), r.truncated, t.elapsed());
    let mut by: std::collections::BTreeMap<String, usize> = Default::default();
    for e in &r.programs { let txt = batt_program::print(&e.program); let last = txt.lines().rev().nth(1).unwrap().split('=').nth(1).unwrap().trim().split('(').next().unwrap().to_string(); *by.entry(last).or_default() += 1; }
    let mut v: Vec<_> = by.into_iter().collect(); v.sort_by_key(|x| std::cmp::Reverse(x.1));
    println!("{:?}", &v[..v.len().min(25)]);
}
