//! Layers that pass under one colour of the input: `fill(x, c, difference(P, ofcolor(I, k)))`,
//! the patch's cells but the input's cells of colour k. `underfill` passes under every colour
//! but the background (training 41e4d17e: lines through each shape's centre, under its cells,
//! where the shapes are the only other colour); on grids of many colours a line may instead
//! paint over all of them but one. No training task fits through it that underfill does not
//! fit (training unchanged); on eval-dev it gained one right answer.

use std::rc::Rc;

use batt_dsl::Grid;

use super::{index, Bits, Cover, Layer};

/// The patch's layers that leave the input's cells of one colour as they are: a line or a
/// frontier passing under cells of that colour (the fill is right on every other cell it
/// paints). The colour must be among the patch's cells in every demo pair, and some other
/// cell too; patches whose cells are only that colour and the background are underfill's.
/// It is never the background: on eval-dev, fills that skipped the background (painting
/// only objects) fitted two tasks by coincidence.
pub(super) fn except_layers(
    targets: &[Rc<Grid>],
    bgs: &[Option<(&Grid, i8)>],
    cells: &[Vec<(i32, i32, Option<i8>)>],
    patch: usize,
    cost: usize,
) -> Vec<Cover> {
    let n = targets.len();
    // Target colours over the patch's cells of each input colour, and the input colours of
    // its cells in each pair.
    let mut under = [0u16; 10];
    let mut colours = vec![0u16; n];
    for k in 0..n {
        let Some((g, _)) = bgs[k] else { return Vec::new() };
        for &(i, j, own) in &cells[k] {
            // Indices only: an object's cells hold colours, and `difference` with indices
            // would keep them all.
            if own.is_some() {
                return Vec::new();
            }
            let Some(x) = index(&targets[k], i, j) else { continue };
            let a = g.cells[x];
            if !(0..10).contains(&a) {
                return Vec::new();
            }
            under[a as usize] |= 1 << targets[k].cells[x];
            colours[k] |= 1 << a;
        }
    }
    let mut out = Vec::new();
    for a in 0..10i8 {
        let bit = 1u16 << a;
        let in_all = colours.iter().all(|&c| c & bit != 0 && c & !bit != 0);
        let only_bg = bgs.iter().zip(&colours).all(|(b, &c)| b.is_some_and(|(_, bg)| c & !(bit | 1 << bg) == 0));
        let is_bg = bgs.iter().any(|b| b.is_some_and(|(_, bg)| bg == a));
        // The cells it passes under stay as they are in every output: a layer that leaves
        // them for another to repaint fitted training's d90796e8 by coincidence.
        let kept = under[a as usize] == bit;
        if !in_all || only_bg || is_bg || !kept {
            continue;
        }
        let t: u16 = (0..10).filter(|&b| b != a as usize).map(|b| under[b]).fold(0, |x, y| x | y);
        if t.count_ones() != 1 {
            continue;
        }
        let masks = (0..n)
            .map(|k| {
                let mut m = Bits::new(targets[k].cells.len());
                let g = bgs[k].unwrap().0;
                cells[k].iter().filter_map(|&(i, j, _)| index(&targets[k], i, j)).filter(|&x| g.cells[x] != a).for_each(|x| m.set(x));
                m
            })
            .collect();
        out.push(Cover { layer: Layer::FillExcept { patch, colour: t.trailing_zeros() as i8, except: a }, cost: cost + 3, masks });
    }
    out
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use batt_dsl::{Grid, Value};

    use crate::compose::{compose, ComposeConfig, GridCand, Layer, PatchCand};

    fn grid(rows: &[&str]) -> Rc<Grid> {
        let cells = rows.iter().flat_map(|r| r.bytes().map(|b| (b - b'0') as i8)).collect();
        Rc::new(Grid::new(rows.len(), rows[0].len(), cells))
    }

    /// The row of each pair's 0 cell, as indices.
    fn row(i: i32, w: i32) -> Value {
        Value::indices_sorted((0..w).map(|j| (i, j)).collect())
    }

    /// Layers of `fill(I, 0, <the 0 cell's row> but the cells of colour 2)` on two pairs.
    fn layers(second_input: &[&str], second_target: &[&str]) -> Vec<Vec<Layer>> {
        let inputs = [grid(&["1111", "3023", "1111"]), grid(second_input)];
        let targets = [grid(&["1111", "0020", "1111"]), grid(second_target)];
        let targets: Vec<Option<Rc<Grid>>> = targets.into_iter().map(Some).collect();
        let ins: Vec<Option<Rc<Grid>>> = inputs.iter().cloned().map(Some).collect();
        let patch = [row(1, 4), row(0, 4)];
        let grids = [GridCand { outputs: &ins, cost: 0 }];
        let patches = [PatchCand { values: &patch, cost: 2 }];
        compose(&targets, &ins, &grids, &patches, &ComposeConfig::default()).into_iter().map(|c| c.layers).collect()
    }

    #[test]
    fn a_fill_passes_under_one_colour_of_the_input() {
        // The row is painted 0 but its 2 cells (3 and 1 cells are painted over).
        let found = layers(&["3201", "1111", "1311"], &["0200", "1111", "1311"]);
        assert_eq!(found, vec![vec![Layer::FillExcept { patch: 0, colour: 0, except: 2 }]]);
    }

    #[test]
    fn the_cells_passed_under_keep_their_colour() {
        // One pair: the row of 3, 0, 2, 3 painted 0 but its 2 cell, which stays 2 or becomes 3.
        let input = grid(&["1111", "3023", "1111"]);
        let cells = vec![(0..4).map(|j| (1, j, None)).collect::<Vec<_>>()];
        let bgs = [Some((&*input, 1))];
        let excepts =
            |target: &[&str]| -> Vec<Layer> { super::except_layers(&[grid(target)], &bgs, &cells, 0, 2).into_iter().map(|c| c.layer).collect() };
        assert_eq!(excepts(&["1111", "0020", "1111"]), vec![Layer::FillExcept { patch: 0, colour: 0, except: 2 }]);
        assert!(excepts(&["1111", "0030", "1111"]).is_empty());
    }

    #[test]
    fn the_kept_colour_is_in_the_patch_in_every_pair() {
        // The second pair's row has no 2: that the layer is right there is no evidence.
        let found = layers(&["3101", "1111", "1311"], &["0000", "1111", "1311"]);
        assert!(found.is_empty(), "{found:?}");
    }
}
