use batt_search::*;
fn main() {
    let seeds = corpus::bundled_seeds().unwrap();
    let args: Vec<String> = std::env::args().collect();
    let id = args.get(1).map(|s| s.as_str()).unwrap_or("3c9b0459");
    let task = corpus::training_task(id).unwrap();
    let cfg = SearchConfig::default();
    let out = search_task(&task, &seeds[..32.min(seeds.len())], &cfg);
    println!("{:?} {:?} nodes {} members {} skipped {:?}", out.counts, out.timings, out.batt_nodes, out.batt_members, out.skipped_seeds);
    for c in out.candidates.iter().take(5) {
        println!("{} {:.3} {} {}\n{}", c.score, c.partial, c.size, c.lineage, c.text);
    }
    let en = enumerate(&task, &EnumConfig::default());
    println!("enum: {} programs, evals {}, bank {}, truncated {}", en.programs.len(), en.evals, en.bank, en.truncated);
}
