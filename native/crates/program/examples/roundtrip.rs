//! `roundtrip FILE`: parses a solver file, prints it back, and checks print(parse(print)) is stable.
fn main() {
    let path = std::env::args().nth(1).expect("usage: roundtrip FILE");
    let src = std::fs::read(&path).expect("read");
    let t = std::time::Instant::now();
    let ps = batt_program::parse_bytes(&src).unwrap_or_else(|e| panic!("{path}:{e}"));
    let dt = t.elapsed();
    let text = batt_program::print_file(&ps);
    let again = batt_program::print_file(&batt_program::parse_file(&text).unwrap());
    assert_eq!(text, again);
    let hashes: std::collections::HashSet<_> = ps.iter().map(batt_program::program_hash).collect();
    println!("{} programs parsed in {:?}, {} distinct canonical hashes, round trip ok", ps.len(), dt, hashes.len());
}
