//! Tiling synthesis: a demo output that splits into a `rows` x `cols` layout of equal parts,
//! each part equal in every demo pair to a grid the search already computed, is those grids
//! concatenated (`hconcat` along a row, `vconcat` of the rows). Found by hashing each part's
//! demo values and looking the hash up among the candidates', so a layout costs one lookup a
//! part. Training tasks made this way: 3af2c5a8, 46442a0e, 62c24649, 67e8384a, 6d0aefbc,
//! 6fa7a44f, 7fe24cdd, 8be77c9e, a416b8f3, c9e6f938 (mirrored and rotated copies of the input).

use std::rc::Rc;

use batt_dsl::Grid;
use batt_program::canon::canonicalize;
use batt_program::Program;
use rustc_hash::FxHashMap;

use crate::compose::GridCand;
use crate::hash::grids_hash;
use crate::stages::Dag;

/// Most parts along a side of a layout.
pub const MAX_SIDE: usize = 4;

/// A layout and the grid candidate of each part (row by row).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tiling {
    pub rows: usize,
    pub cols: usize,
    pub parts: Vec<usize>,
    /// The parts' costs plus one per concatenation.
    pub cost: usize,
}

/// Part (p, q) of `g` in a `rows` x `cols` layout of equal parts.
fn part(g: &Grid, rows: usize, cols: usize, p: usize, q: usize) -> Grid {
    let (h, w) = (g.h / rows, g.w / cols);
    let mut cells = Vec::with_capacity(h * w);
    for i in p * h..(p + 1) * h {
        cells.extend_from_slice(&g.cells[i * g.w + q * w..i * g.w + (q + 1) * w]);
    }
    Grid::new(h, w, cells)
}

/// Every layout of at most `MAX_SIDE` parts a side (not the whole grid) whose parts are all
/// among `grids` (the cheapest of equal ones), for the demo outputs `targets`.
pub fn tilings(targets: &[Rc<Grid>], grids: &[GridCand<'_>]) -> Vec<Tiling> {
    let n = targets.len();
    let mut by_hash: FxHashMap<u128, usize> = FxHashMap::default();
    for (k, g) in grids.iter().enumerate() {
        let h = grids_hash(g.outputs[..n].iter().map(|o| o.as_deref()));
        let e = by_hash.entry(h).or_insert(k);
        if grids[*e].cost > g.cost {
            *e = k;
        }
    }
    let mut out = Vec::new();
    for rows in 1..=MAX_SIDE {
        'layout: for cols in 1..=MAX_SIDE {
            if rows * cols == 1 || !targets.iter().all(|t| t.h % rows == 0 && t.w % cols == 0) {
                continue;
            }
            let mut parts = Vec::with_capacity(rows * cols);
            for p in 0..rows {
                for q in 0..cols {
                    let want: Vec<Grid> = targets.iter().map(|t| part(t, rows, cols, p, q)).collect();
                    match by_hash.get(&grids_hash(want.iter().map(Some))) {
                        Some(&k) => parts.push(k),
                        None => continue 'layout,
                    }
                }
            }
            let cost = parts.iter().map(|&k| grids[k].cost).sum::<usize>() + rows * cols - 1;
            out.push(Tiling { rows, cols, parts, cost });
        }
    }
    out
}

/// The arc-dsl program of a tiling, given each grid candidate's program.
pub fn build(t: &Tiling, grid: impl Fn(usize) -> Program) -> Program {
    let mut dag = Dag::new();
    let mut rows = Vec::with_capacity(t.rows);
    for r in t.parts.chunks(t.cols) {
        let nodes: Vec<_> = r
            .iter()
            .map(|&k| {
                let p = grid(k);
                dag.absorb(&p)[p.output as usize]
            })
            .collect();
        rows.push(nodes.into_iter().reduce(|a, b| dag.prim_call("hconcat", vec![a, b])).expect("a part"));
    }
    dag.program.output = rows.into_iter().reduce(|a, b| dag.prim_call("vconcat", vec![a, b])).expect("a row");
    canonicalize(&dag.program)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::grid_from_rows;
    use batt_dsl::{Ctx, Value};
    use batt_program::{eval, parse_program};

    fn g(rows: &[&[u8]]) -> Rc<Grid> {
        Rc::new(grid_from_rows(&rows.iter().map(|r| r.to_vec()).collect::<Vec<_>>()).unwrap())
    }

    fn one_call(f: &str) -> Program {
        parse_program(&format!("def t(I):\n    O = {f}(I)\n    return O\n")).unwrap()
    }

    #[test]
    fn a_mirrored_pair_is_found_as_a_one_by_two_layout_and_built_as_hconcat() {
        let inputs = [g(&[&[1, 2], &[3, 4]]), g(&[&[5, 6, 7]])];
        let run = |p: &Program, x: &Rc<Grid>| match eval(p, &[Value::Grid(x.clone())], &mut Ctx::new(1 << 20)) {
            Ok(Value::Grid(o)) => o,
            v => panic!("{v:?}"),
        };
        let names = ["identity", "vmirror", "hmirror"];
        let programs: Vec<Program> =
            names.iter().map(|f| if *f == "identity" { parse_program("def t(I):\n    return I\n").unwrap() } else { one_call(f) }).collect();
        let outs: Vec<Vec<Option<Rc<Grid>>>> = programs.iter().map(|p| inputs.iter().map(|x| Some(run(p, x))).collect()).collect();
        let cands: Vec<GridCand<'_>> = outs.iter().enumerate().map(|(k, o)| GridCand { outputs: o, cost: k.min(1) }).collect();
        let want = |x: &Rc<Grid>| run(&parse_program("def t(I):\n    x1 = vmirror(I)\n    O = hconcat(I, x1)\n    return O\n").unwrap(), x);
        let targets: Vec<Rc<Grid>> = inputs.iter().map(want).collect();
        let found = tilings(&targets, &cands);
        assert_eq!(found, vec![Tiling { rows: 1, cols: 2, parts: vec![0, 1], cost: 2 }]);
        let p = build(&found[0], |k| programs[k].clone());
        for (x, t) in inputs.iter().zip(&targets) {
            assert_eq!(run(&p, x), *t);
        }
        // A layout whose part is not among the candidates is not offered.
        assert!(tilings(&targets, &cands[..1]).is_empty());
    }
}
