//! Object selection: the demo output is the bounding box of one of the input's objects, the
//! one with the most or the fewest of something (cells, rows, columns, colours, cells of one
//! colour, background cells in its box) or the one furthest up, down, left or right. For each
//! way of splitting the input into objects where every demo output is some object's crop, each
//! such choice is a three-step arc-dsl program, validated like any other candidate. Training
//! tasks of this kind: 1f85a75f, 23b5c85d, 48d8fb45, be94b721, d9fac9be; by how many objects
//! are the same as it, 39a8645d and 88a62173.

use batt_dsl::{call_prim, Ctx, Value};
use batt_program::{eval, Program};

use crate::parts::{colour_name, Text};
use crate::task::{palette_mask, TaskData};

/// Keys of one object; `colorcount` of each of the task's colours is added to them.
const KEYS: &[&str] = &["size", "height", "width", "numcolors", "uppermost", "lowermost", "leftmost", "rightmost", "compose(size, delta)"];

/// The key `same_count` writes: how many of the objects are the same as this one.
const SAME: &str = "same";

/// How many of `objs` equal an object once both are moved to the origin (itself included):
/// the odd one out has the fewest (training 88a62173), the commonest shape the most
/// (training 39a8645d).
fn same_count(t: &mut Text, objs: &str) -> String {
    let like = t.let_("lbind(matcher, normalize)".into());
    let same_as = t.let_(format!("compose({like}, normalize)"));
    let among = t.let_(format!("lbind(sfilter, {objs})"));
    t.let_(format!("chain(size, {among}, {same_as})"))
}

/// `objects(I, univalued, diagonal, without_bg)` for the eight settings.
fn settings() -> impl Iterator<Item = String> {
    (0..8).map(|k| {
        let b = |bit: usize| if k >> bit & 1 == 1 { "T" } else { "F" };
        format!("objects(I, {}, {}, {})", b(0), b(1), b(2))
    })
}

fn same_grid(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Grid(a), Value::Grid(b)) if a == b)
}

/// Is some object's crop the demo output, in every demo pair?
fn crops_cover(task: &TaskData, objects: &Program, fuel: u64) -> bool {
    task.train.iter().all(|(i, o)| {
        let mut ctx = Ctx::new(fuel);
        let Ok(Value::Set(objs)) = eval(objects, std::slice::from_ref(i), &mut ctx) else { return false };
        objs.iter().any(|obj| call_prim(&mut ctx, "subgrid", &[obj.clone(), i.clone()]).is_ok_and(|g| same_grid(&g, o)))
    })
}

/// The selection programs of every objects setting whose crops cover the demo outputs.
pub fn selection_programs(task: &TaskData, fuel: u64) -> Vec<Program> {
    let mask = task.train.iter().fold(0, |m, (i, _)| m | palette_mask(i));
    let colours: Vec<i64> = (0..10).filter(|c| mask & (1 << c) != 0).collect();
    let mut found = Vec::new();
    for objects in settings() {
        let mut t = Text::default();
        let objs = t.let_(objects);
        let mut check = t.clone();
        check.let_(format!("identity({objs})"));
        if !check.program().is_some_and(|p| crops_cover(task, &p, fuel)) {
            continue;
        }
        let keys = KEYS.iter().map(|k| k.to_string()).chain(colours.iter().map(|&c| format!("rbind(colorcount, {})", colour_name(c))));
        for key in keys.chain([SAME.to_string()]) {
            for pick in ["argmax", "argmin"] {
                let mut p = t.clone();
                let k = match key.as_str() {
                    SAME => same_count(&mut p, &objs),
                    _ if key.contains('(') => p.let_(key.clone()),
                    _ => key.clone(),
                };
                let x = p.let_(format!("{pick}({objs}, {k})"));
                p.let_(format!("subgrid({x}, I)"));
                found.extend(p.program());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(task: &TaskData, p: &Program) -> bool {
        task.train.iter().all(|(i, o)| eval(p, std::slice::from_ref(i), &mut Ctx::new(1 << 20)).is_ok_and(|v| same_grid(&v, o)))
    }

    #[test]
    fn the_object_with_most_cells_of_a_colour_is_cropped() {
        // Two objects a pair; the output is the one with more 2s, whatever the sizes.
        let a = vec![vec![0, 0, 0, 0, 0, 0], vec![1, 1, 1, 0, 2, 1], vec![1, 1, 1, 0, 2, 2], vec![0, 0, 0, 0, 0, 0]];
        let b = vec![vec![2, 2, 0, 0, 0, 0], vec![0, 0, 0, 1, 1, 1], vec![0, 0, 0, 1, 2, 1], vec![0, 0, 0, 1, 1, 1]];
        let task = TaskData::from_rows("t", &[(a, vec![vec![2, 1], vec![2, 2]]), (b, vec![vec![2, 2]])], &[]).unwrap();
        let found = selection_programs(&task, 1 << 20);
        let text = |p: &Program| batt_program::print(p);
        let fitting: Vec<String> = found.iter().filter(|p| fits(&task, p)).map(text).collect();
        assert!(fitting.iter().any(|t| t.contains("colorcount")), "{fitting:?}");
        // The odd one out: three equal objects and their mirror image, in any place.
        let a = vec![vec![3, 3, 0, 3, 3], vec![3, 0, 0, 3, 0], vec![0, 0, 0, 0, 0], vec![3, 3, 0, 3, 3], vec![3, 0, 0, 0, 3]];
        let b = vec![vec![3, 3, 0, 3, 3], vec![0, 3, 0, 3, 0], vec![0, 0, 0, 0, 0], vec![3, 3, 0, 3, 3], vec![3, 0, 0, 3, 0]];
        let task = TaskData::from_rows("t", &[(a, vec![vec![3, 3], vec![0, 3]]), (b, vec![vec![3, 3], vec![0, 3]])], &[]).unwrap();
        let odd: Vec<String> = selection_programs(&task, 1 << 20).iter().filter(|p| fits(&task, p)).map(text).collect();
        assert!(odd.iter().any(|t| t.contains("lbind(matcher, normalize)") && t.contains("argmin")), "{odd:?}");
        // A task whose output is no object's crop gets nothing.
        let task = TaskData::from_rows("t", &[(vec![vec![1, 0], vec![0, 1]], vec![vec![3]])], &[]).unwrap();
        assert!(selection_programs(&task, 1 << 20).is_empty());
    }
}
