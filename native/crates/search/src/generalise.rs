//! What the generalisation mutations read from a task's demonstrations: the colours that
//! appear or disappear between inputs and outputs, ranked, and the spatial transform (if any)
//! that maps every demo input to its output. Computed once per task, from train pairs only.

use batt_dsl::order::canon_eq;
use batt_dsl::{call_prim, prim_id, Ctx, PrimId};

use crate::task::{palette_mask, TaskData};
use crate::typing::TRANSFORMS;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Colours in an output but not its input, most pairs first, then by colour.
    pub appear: Vec<i64>,
    /// Colours in an input but not its output, ranked the same way.
    pub disappear: Vec<i64>,
    /// The first of `TRANSFORMS` that maps every demo input exactly to its output.
    pub transform: Option<PrimId>,
}

/// Fuel for one transform check (a 30x30 grid costs about a thousand).
const CHECK_FUEL: u64 = 100_000;

pub fn analyse(task: &TaskData) -> Facts {
    let mut appear = [0usize; 10];
    let mut disappear = [0usize; 10];
    for (i, o) in &task.train {
        let (pi, po) = (palette_mask(i), palette_mask(o));
        for c in 0..10 {
            let bit = 1u16 << c;
            if po & bit != 0 && pi & bit == 0 {
                appear[c] += 1;
            }
            if pi & bit != 0 && po & bit == 0 {
                disappear[c] += 1;
            }
        }
    }
    Facts { appear: ranked(&appear), disappear: ranked(&disappear), transform: mapping_transform(task) }
}

fn ranked(counts: &[usize; 10]) -> Vec<i64> {
    let mut cs: Vec<(usize, i64)> = (0..10).filter(|&c| counts[c] > 0).map(|c| (counts[c], c as i64)).collect();
    cs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    cs.into_iter().map(|x| x.1).collect()
}

fn mapping_transform(task: &TaskData) -> Option<PrimId> {
    if task.train.is_empty() {
        return None;
    }
    TRANSFORMS.iter().find_map(|name| {
        let ok = task.train.iter().all(|(i, o)| {
            let mut ctx = Ctx::new(CHECK_FUEL);
            matches!(call_prim(&mut ctx, name, std::slice::from_ref(i)), Ok(v) if canon_eq(&v, o))
        });
        if ok {
            prim_id(name)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use batt_dsl::Grid;

    #[test]
    fn colours_that_appear_and_disappear() {
        let g = |c: Vec<i8>| Grid::new(1, c.len(), c);
        let t = TaskData::new("t", vec![(g(vec![1, 2, 0]), g(vec![3, 2, 0])), (g(vec![1, 5]), g(vec![3, 4]))], vec![]);
        let f = analyse(&t);
        assert_eq!(f.appear, vec![3, 4]);
        assert_eq!(f.disappear, vec![1, 5]);
    }

    #[test]
    fn identity_task_maps_by_identity() {
        let g = Grid::new(2, 2, vec![1, 2, 3, 4]);
        let t = TaskData::new("t", vec![(g.clone(), g)], vec![]);
        assert_eq!(analyse(&t).transform, prim_id("identity"));
    }
}
