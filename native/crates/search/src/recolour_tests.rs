//! Tests of recolouring by an object property.

use super::*;

fn fits(task: &TaskData, p: &Program) -> bool {
    task.train.iter().all(|(i, o)| {
        eval(p, std::slice::from_ref(i), &mut Ctx::new(1 << 20)).is_ok_and(|v| matches!((&v, o), (Value::Grid(a), Value::Grid(b)) if a == b))
    })
}

#[test]
fn objects_take_the_colour_of_their_size() {
    // Objects of 2 cells become 2, of 3 cells become 3; a 1-cell object stays 5.
    let a = vec![vec![5, 5, 0, 5], vec![0, 0, 0, 5], vec![5, 0, 0, 5]];
    let ao = vec![vec![2, 2, 0, 3], vec![0, 0, 0, 3], vec![5, 0, 0, 3]];
    let b = vec![vec![5, 0, 5, 5], vec![5, 0, 0, 0], vec![5, 0, 5, 0]];
    let bo = vec![vec![3, 0, 2, 2], vec![3, 0, 0, 0], vec![3, 0, 5, 0]];
    let task = TaskData::from_rows("t", &[(a, ao), (b, bo)], &[]).unwrap();
    let found = recolour_programs(&task, 1 << 20);
    let fitting: Vec<String> = found.iter().filter(|p| fits(&task, p)).map(batt_program::print).collect();
    let all: Vec<String> = found.iter().map(batt_program::print).collect();
    assert!(fitting.iter().any(|t| t.contains("matcher(size, TWO)")), "{all:?}");
    // The map must be a function of the key: the same object that becomes 2 in one pair
    // and 4 in another gets no map at all.
    let c = vec![vec![5, 5, 0], vec![0, 0, 0]];
    let task = TaskData::from_rows("t", &[(c.clone(), vec![vec![2, 2, 0], vec![0, 0, 0]]), (c, vec![vec![4, 4, 0], vec![0, 0, 0]])], &[]).unwrap();
    assert!(recolour_programs(&task, 1 << 20).is_empty());
}

#[test]
fn objects_take_the_colour_of_their_hole_count() {
    // A ring (one hole) becomes 3, a figure of eight (two holes) becomes 4, whatever the sizes.
    let rows = |g: &[&str]| -> Vec<Vec<u8>> { g.iter().map(|r| r.bytes().map(|b| b - b'0').collect()).collect() };
    let a = rows(&["5550555", "5050505", "5550555", "0000505", "0000555"]);
    let ao = rows(&["3330444", "3030404", "3330444", "0000404", "0000444"]);
    let b = rows(&["555505550", "500505050", "500505550", "555505050", "000005550"]);
    let bo = rows(&["333304440", "300304040", "300304440", "333304040", "000004440"]);
    let task = TaskData::from_rows("t", &[(a, ao), (b, bo)], &[]).unwrap();
    let fitting: Vec<String> = recolour_programs(&task, 1 << 24).iter().filter(|p| fits(&task, p)).map(batt_program::print).collect();
    assert!(fitting.iter().any(|t| t.contains("decrement") && t.contains("matcher(")), "{fitting:?}");
}

#[test]
fn enclosed_areas_take_the_colour_of_their_parity_first() {
    // Areas inside frames of 1: even width -> 2, odd width -> 7. The outside is an area of
    // background too, but on the border, so it is not one of them. A test area 4 wide is
    // right only by parity (not by the sizes or heights seen).
    let rows = |g: &[&str]| -> Vec<Vec<u8>> { g.iter().map(|r| r.bytes().map(|b| b - b'0').collect()).collect() };
    let a = rows(&["11110111", "10010101", "10010111", "11110000", "00000000"]);
    let ao = rows(&["11110111", "12210171", "12210111", "11110000", "00000000"]);
    let b = rows(&["1111101111", "1000101001", "1000101001", "1000101111", "1111100000", "0000000000", "0111000000", "0101000000", "0111000000"]);
    let bo = rows(&["1111101111", "1777101221", "1777101221", "1777101111", "1111100000", "0000000000", "0111000000", "0171000000", "0111000000"]);
    let t = rows(&["111111011111", "100001010001", "100001010001", "100001010001", "100001011111", "111111000000"]);
    let to = rows(&["111111011111", "122221017771", "122221017771", "122221017771", "122221011111", "111111000000"]);
    let task = TaskData::from_rows("t", &[(a, ao), (b, bo)], &[]).unwrap();
    let first = recolour_programs(&task, 1 << 22).into_iter().find(|p| fits(&task, p)).expect("a fit");
    let test = TaskData::from_rows("t", &[(t, to)], &[]).unwrap();
    assert!(fits(&test, &first), "{}", batt_program::print(&first));
}

#[test]
fn the_largest_object_takes_one_colour_and_the_rest_another() {
    let a = vec![vec![5, 5, 5, 0], vec![0, 0, 0, 0], vec![5, 0, 5, 5]];
    let ao = vec![vec![1, 1, 1, 0], vec![0, 0, 0, 0], vec![2, 0, 2, 2]];
    let b = vec![vec![5, 0, 5, 0], vec![5, 0, 0, 0], vec![5, 0, 5, 5]];
    let bo = vec![vec![1, 0, 2, 0], vec![1, 0, 0, 0], vec![1, 0, 2, 2]];
    let task = TaskData::from_rows("t", &[(a, ao), (b, bo)], &[]).unwrap();
    let fitting: Vec<String> = recolour_programs(&task, 1 << 20).iter().filter(|p| fits(&task, p)).map(batt_program::print).collect();
    assert!(fitting.iter().any(|t| t.contains("argmax(") && t.contains("merge(")), "{fitting:?}");
}

#[test]
fn objects_take_the_colour_of_their_rank() {
    // Three bars of 5: the tallest becomes 1, the next 2, the shortest 3, whatever the heights;
    // a test with heights never seen is right only by rank.
    let rows = |g: &[&str]| -> Vec<Vec<u8>> { g.iter().map(|r| r.bytes().map(|b| b - b'0').collect()).collect() };
    let a = rows(&["50000", "50500", "50505", "50505"]);
    let ao = rows(&["10000", "10200", "10203", "10203"]);
    let b = rows(&["00500", "00505", "50505", "50505"]);
    let bo = rows(&["00100", "00102", "30102", "30102"]);
    let t = rows(&["00005", "00005", "00005", "50005", "50505"]);
    let to = rows(&["00001", "00001", "00001", "20001", "20301"]);
    let task = TaskData::from_rows("t", &[(a, ao), (b, bo)], &[]).unwrap();
    let first = recolour_programs(&task, 1 << 22).into_iter().find(|p| fits(&task, p)).expect("a fit");
    let test = TaskData::from_rows("t", &[(t, to)], &[]).unwrap();
    assert!(fits(&test, &first), "{}", batt_program::print(&first));
}
