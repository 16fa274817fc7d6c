use batt_search::*;
fn main() {
    let seeds = corpus::bundled_seeds().unwrap();
    let mut ok = vec![];
    for s in &seeds {
        let t = s.task.as_ref().unwrap();
        let v = validate(&batt_program::print(&s.program), t, 50_000_000).unwrap();
        if v.score == 1.0 { ok.push(s.id.clone()); }
    }
    println!("{} of {} seeds solve their task: {:?}", ok.len(), seeds.len(), ok);
}
