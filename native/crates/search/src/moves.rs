//! Object moves: objects slide toward a target object until they touch it (arc-dsl's
//! `gravitate`), and are painted there over the input with their old cells covered. The target
//! is the object of one colour, or the largest or smallest object; the movers are every other
//! object, or the objects of one other colour. Training has 05f2a901 (one object toward
//! another); a48eeaf7's cells move diagonally, which `gravitate` does not. Each choice is a
//! plain arc-dsl program, validated like any other candidate, and kept only if it fits.

use batt_program::Program;

use crate::parts::{colour_name, Text};
use crate::task::{palette_mask, TaskData};

/// Ways of splitting the input into objects (univalued ones first).
const OBJECTS: &[&str] = &["objects(I, T, F, T)", "objects(I, T, T, T)", "objects(I, F, T, T)"];

/// Can objects have moved: every demo output the input's shape and palette, not the input?
fn may_move(task: &TaskData) -> bool {
    task.train.iter().all(|(i, o)| match (i, o) {
        (batt_dsl::Value::Grid(a), batt_dsl::Value::Grid(b)) => (a.h, a.w) == (b.h, b.w) && a != b && palette_mask(i) == palette_mask(o),
        _ => false,
    })
}

/// The move programs for `task` (none unless `may_move`).
pub fn move_programs(task: &TaskData) -> Vec<Program> {
    if !may_move(task) {
        return Vec::new();
    }
    // Colours in every demo input.
    let common = task.train.iter().fold(0x3ff, |m, (i, _)| m & palette_mask(i));
    let colours: Vec<&str> = (0..10).filter(|c| common & (1 << c) != 0).map(colour_name).collect();
    let mut found = Vec::new();
    for objects in OBJECTS {
        let targets = colours
            .iter()
            .map(|&c| (Some(c), format!("colorfilter(OBJS, {c})")))
            .chain(["argmax", "argmin"].into_iter().map(|pick| (None, format!("{pick}(OBJS, size)"))));
        for (target_colour, target) in targets {
            let others = std::iter::once(None).chain(colours.iter().copied().filter(|&c| Some(c) != target_colour).map(Some));
            for movers in others {
                let mut t = Text::default();
                let objs = t.let_(objects.to_string());
                let chosen = t.let_(target.replace("OBJS", &objs));
                // A colour's objects are a set: its first is the target.
                let target = if target_colour.is_some() { t.let_(format!("first({chosen})")) } else { chosen };
                let movers = match movers {
                    None => t.let_(format!("remove({target}, {objs})")),
                    Some(c) => t.let_(format!("colorfilter({objs}, {c})")),
                };
                let toward = t.let_(format!("rbind(gravitate, {target})"));
                let step = t.let_(format!("fork(shift, identity, {toward})"));
                let moved = t.let_(format!("mapply({step}, {movers})"));
                let old = t.let_(format!("merge({movers})"));
                let covered = t.let_(format!("cover(I, {old})"));
                t.let_(format!("paint({covered}, {moved})"));
                found.extend(t.program());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use batt_dsl::{Ctx, Value};
    use batt_program::eval;

    #[test]
    fn an_object_slides_until_it_touches_the_target() {
        // A 2-cell pair slides right until it touches the 8 block; rows differ per pair.
        let row = |k: usize| -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
            let mut i = vec![vec![0u8; 8]; 4];
            let mut o = i.clone();
            (i[k][0], i[k][1], i[k][6], i[k][7]) = (2, 2, 8, 8);
            (o[k][4], o[k][5], o[k][6], o[k][7]) = (2, 2, 8, 8);
            (i, o)
        };
        let pairs: Vec<_> = (0..3).map(row).collect();
        let task = TaskData::from_rows("t", &pairs, &[row(3).0]).unwrap();
        let run = |p: &Program, i: &Value| eval(p, std::slice::from_ref(i), &mut Ctx::new(1 << 20)).ok();
        let grid = |rows: &[Vec<u8>]| Value::Grid(std::rc::Rc::new(crate::task::grid_from_rows(rows).unwrap()));
        let found = move_programs(&task);
        let fit = found.iter().find(|p| task.train.iter().all(|(i, o)| run(p, i).is_some_and(|v| batt_dsl::order::canon_eq(&v, o)))).expect("a fit");
        assert!(batt_program::print(fit).contains("gravitate"));
        assert!(batt_dsl::order::canon_eq(&run(fit, &task.test_inputs[0]).unwrap(), &grid(&row(3).1)));
        // A task whose outputs are not its inputs' shape gets nothing.
        let task = TaskData::from_rows("t", &[(vec![vec![1, 0]], vec![vec![1]])], &[]).unwrap();
        assert!(move_programs(&task).is_empty());
    }
}
