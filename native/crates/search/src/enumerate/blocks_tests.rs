//! Tests of the building blocks: each computes what its comment says.

use super::*;
use batt_program::{canonical_text, print};

/// A grid from rows of colours.
fn grid(rows: &[Vec<u8>]) -> batt_dsl::Grid {
    crate::task::grid_from_rows(rows).unwrap()
}

/// A grid as an argument of a block.
fn value(g: batt_dsl::Grid) -> Value {
    Value::Grid(std::rc::Rc::new(g))
}

/// The grid block `name` gives on `args`, at `fuel` for one call (scaled as `Block::fuel` does).
fn grid_of(name: &str, args: &[Value], fuel: u64) -> batt_dsl::Grid {
    let b = blocks().iter().find(|b| b.name == name).unwrap();
    match b.apply(&mut Ctx::new(b.fuel(fuel)), args) {
        Some(Value::Grid(g)) => (*g).clone(),
        v => panic!("{name}: {v:?}"),
    }
}

#[test]
fn every_block_parses_and_inlines_to_its_own_steps() {
    for b in blocks() {
        let mut nodes = vec![Node::Param(0)];
        let extra: Vec<NodeId> = b.params[1..]
            .iter()
            .map(|p| {
                assert_eq!(p.0, Type::Integer);
                nodes.push(Node::Const(Value::Int(2)));
                (nodes.len() - 1) as NodeId
            })
            .collect();
        let args: Vec<NodeId> = std::iter::once(0).chain(extra).collect();
        let out = b.inline(&mut nodes, &args);
        let p = Program { name: "t".into(), params: vec!["I".into()], nodes, output: out };
        let text = print(&p);
        let back = parse_program(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", b.name));
        assert_eq!(canonical_text(&back), canonical_text(&p), "{}", b.name);
        assert_eq!(p.size(), b.program.size(), "{}: one step per block step", b.name);
    }
}

#[test]
fn blocks_compute_what_they_say() {
    let g = |rows: &[&[u8]]| value(batt_search_grid(rows));
    let enclosed = blocks().iter().find(|b| b.name == "enclosed").unwrap();
    let ring = g(&[&[0, 0, 0, 0, 0], &[0, 3, 3, 3, 0], &[0, 3, 0, 3, 0], &[0, 3, 3, 3, 0], &[0, 0, 0, 0, 0]]);
    let v = enclosed.apply(&mut Ctx::new(1_000_000), std::slice::from_ref(&ring)).unwrap();
    let Value::Object(cells) = &v else { panic!("{v:?}") };
    assert_eq!(cells.iter().map(|c| (c.i, c.j)).collect::<Vec<_>>(), vec![(2, 2)]);
    let crop = blocks().iter().find(|b| b.name == "crop_content").unwrap();
    let Value::Grid(c) = crop.apply(&mut Ctx::new(1_000_000), &[ring]).unwrap() else { panic!() };
    assert_eq!((c.h, c.w), (3, 3));
}

#[test]
fn gravity_blocks_slide_cells_to_one_side_in_order() {
    let run = |name: &str, rows: &[Vec<u8>]| grid_of(name, &[value(grid(rows))], 200_000);
    // Background 0 (the most common colour); the order of the other cells is kept.
    let input = vec![vec![1, 0, 2, 0], vec![0, 0, 0, 3], vec![0, 4, 0, 0]];
    assert_eq!(run("gravity_right", &input), grid(&[vec![0, 0, 1, 2], vec![0, 0, 0, 3], vec![0, 0, 0, 4]]));
    assert_eq!(run("gravity_left", &input), grid(&[vec![1, 2, 0, 0], vec![3, 0, 0, 0], vec![4, 0, 0, 0]]));
    assert_eq!(run("gravity_down", &input), grid(&[vec![0, 0, 0, 0], vec![0, 0, 0, 0], vec![1, 4, 2, 3]]));
    assert_eq!(run("gravity_up", &input), grid(&[vec![1, 4, 2, 3], vec![0, 0, 0, 0], vec![0, 0, 0, 0]]));
}

#[test]
fn slide_blocks_stop_against_other_cells() {
    let run = |name: &str, rows: &[Vec<u8>]| grid_of(name, &[value(grid(rows))], 200_000);
    // Background 0: the 3s (the rarest colour) slide until the border, an 8 or a 3 already
    // stopped; the 8s stay.
    let input = vec![vec![8, 0, 0, 3, 3, 0], vec![8, 0, 0, 0, 0, 3], vec![0, 8, 0, 0, 0, 8], vec![0, 0, 0, 0, 0, 0]];
    assert_eq!(run("slide_left", &input), grid(&[vec![8, 3, 3, 0, 0, 0], vec![8, 3, 0, 0, 0, 0], vec![0, 8, 0, 0, 0, 8], vec![0, 0, 0, 0, 0, 0]]));
    assert_eq!(run("slide_right", &input), grid(&[vec![8, 0, 0, 0, 3, 3], vec![8, 0, 0, 0, 0, 3], vec![0, 8, 0, 0, 0, 8], vec![0, 0, 0, 0, 0, 0]]));
    assert_eq!(run("slide_down", &input), grid(&[vec![8, 0, 0, 0, 0, 0], vec![8, 0, 0, 0, 0, 3], vec![0, 8, 0, 0, 0, 8], vec![0, 0, 0, 3, 3, 0]]));
    // A 30x30 grid stays within the block's fuel.
    let big: Vec<Vec<u8>> = (0..30).map(|i| (0..30).map(|j| if j == 29 && i % 2 == 0 { 3 } else { 0 }).collect()).collect();
    let out = run("slide_left", &big);
    assert_eq!(out.get(0, 0), 3);
}

#[test]
fn fall_blocks_move_objects_as_rigid_bodies() {
    let run = |name: &str, rows: &[Vec<u8>]| grid_of(name, &[value(grid(rows))], 200_000);
    // An L of 1s and a bar of 2s under it: the bar falls to the floor, the L keeps its shape
    // and lands on the bar (cell by cell, its right column would fall further).
    let input = vec![vec![1, 0, 0], vec![1, 1, 0], vec![0, 0, 0], vec![0, 2, 2], vec![0, 0, 0], vec![0, 0, 0]];
    let want = vec![vec![0, 0, 0], vec![0, 0, 0], vec![0, 0, 0], vec![1, 0, 0], vec![1, 1, 0], vec![0, 2, 2]];
    assert_eq!(run("fall_down", &input), grid(&want));
    // Multicoloured objects move whole: a 1-2 domino slides right against the 3 and stops.
    let input = vec![vec![1, 2, 0, 0, 3], vec![0, 0, 0, 0, 0]];
    assert_eq!(run("fall_multi_right", &input), grid(&[vec![0, 0, 1, 2, 3], vec![0, 0, 0, 0, 0]]));
    // Single-coloured objects move each on its own: the 1 falls past the 2 it touched.
    let input = vec![vec![1, 2], vec![0, 2], vec![0, 0]];
    assert_eq!(run("fall_multi_down", &input), grid(&[vec![0, 0], vec![1, 2], vec![0, 2]]));
    assert_eq!(run("fall_down", &input), grid(&[vec![0, 0], vec![0, 2], vec![1, 2]]));
    let input = vec![vec![1, 1, 0, 2, 0], vec![0, 0, 0, 0, 0]];
    assert_eq!(run("fall_left", &input), grid(&[vec![1, 1, 2, 0, 0], vec![0, 0, 0, 0, 0]]));
}

/// `name(masked, 0)` gives `want` (and its crop variant the cells under the mask).
fn repairs(name: &str, want: &[Vec<u8>], mask: &[(usize, usize)]) {
    let mut masked = want.to_vec();
    for &(i, j) in mask {
        masked[i][j] = 0;
    }
    let run = |name: &str| grid_of(name, &[value(grid(&masked)), Value::Int(0)], 200_000);
    assert_eq!(run(name), grid(want), "{name}");
    let (i0, j0) = (mask.iter().map(|m| m.0).min().unwrap(), mask.iter().map(|m| m.1).min().unwrap());
    let (i1, j1) = (mask.iter().map(|m| m.0).max().unwrap(), mask.iter().map(|m| m.1).max().unwrap());
    let crop: Vec<Vec<u8>> = want[i0..=i1].iter().map(|r| r[j0..=j1].to_vec()).collect();
    assert_eq!(run(&format!("{name}_crop")), grid(&crop), "{name}_crop");
}

#[test]
fn repair_blocks_restore_masked_patterns() {
    // Periods 3 across and 2 down; the 2x3 hole is wider than a period.
    let periodic: Vec<Vec<u8>> = (0..7).map(|i| (0..8).map(|j| 1 + ((j + 2 * (i % 2)) % 3) as u8).collect()).collect();
    repairs("repair_periodic", &periodic, &[(2, 2), (2, 3), (2, 4), (3, 2), (3, 3), (3, 4)]);
    // Mirror-symmetric about the axis between columns 2 and 3, not the grid's centre (the
    // last column has no mirror image); the hole is on one side of the axis.
    let rows: [[u8; 7]; 4] = [[1, 2, 3, 3, 2, 1, 4], [5, 6, 7, 7, 6, 5, 4], [2, 2, 8, 8, 2, 2, 9], [3, 1, 1, 1, 1, 3, 9]];
    let symmetric: Vec<Vec<u8>> = rows.iter().map(|r| r.to_vec()).collect();
    repairs("repair_symmetric", &symmetric, &[(1, 0), (1, 1), (2, 1)]);
}

#[test]
fn repair_diagonal_finds_the_period_across_diagonals_from_sparse_lines() {
    let run = |input: &[Vec<u8>]| {
        let b = blocks().iter().find(|b| b.name == "repair_diagonal").unwrap();
        match b.apply(&mut Ctx::new(b.fuel(200_000)), &[value(grid(input)), Value::Int(0)]) {
            Some(Value::Grid(g)) => Some((*g).clone()),
            _ => None,
        }
    };
    // Colour by (r + c) mod 3, only the anti-diagonals 1, 6 and 11 visible: no two visible
    // cells of a row or column are a period apart, so only the classes of lines taken
    // together (1, 6, 11 are 1, 0, 2 mod 3; mod 2, lines 1 and 11 disagree) give the period.
    let want: Vec<Vec<u8>> = (0..7).map(|r| (0..7).map(|c| [3, 5, 8][(r + c) % 3]).collect()).collect();
    let sparse: Vec<Vec<u8>> = (0..7).map(|r| (0..7).map(|c| if [1, 6, 11].contains(&(r + c)) { want[r][c] } else { 0 }).collect()).collect();
    assert_eq!(run(&sparse), Some(grid(&want)));
    // Colour by (c - r) mod 4 (diagonals), a 2x3 hole.
    let want: Vec<Vec<u8>> = (0..5).map(|r| (0..6).map(|c| [1, 2, 6, 7][(c + 4 - r) % 4]).collect()).collect();
    let mut holed = want.clone();
    for (r, c) in [(1, 2), (1, 3), (1, 4), (2, 2), (2, 3), (2, 4)] {
        holed[r][c] = 0;
    }
    assert_eq!(run(&holed), Some(grid(&want)));
    // Periods 2 down and 3 across, no colour per line of either kind: no candidate, the
    // block fails.
    let mut tiles: Vec<Vec<u8>> = (0..4).map(|r| (0..6).map(|c| 1 + (3 * (r % 2) + c % 3) as u8).collect()).collect();
    tiles[0][0] = 0;
    assert_eq!(run(&tiles), None);
}

#[test]
fn fractal_blocks_copy_the_grid_into_the_places_of_its_cells() {
    let input = grid(&[vec![5, 0], vec![0, 0]]);
    let run = |name: &str, args: Vec<Value>| grid_of(name, &args, 200_000);
    let i = || value(input.clone());
    let at = grid(&[vec![5, 0, 0, 0], vec![0, 0, 0, 0], vec![0, 0, 0, 0], vec![0, 0, 0, 0]]);
    assert_eq!(run("fractal_at", vec![i(), Value::Int(5)]), at);
    assert_eq!(run("fractal_least", vec![i()]), at);
    let except = grid(&[vec![0, 0, 5, 0], vec![0, 0, 0, 0], vec![5, 0, 5, 0], vec![0, 0, 0, 0]]);
    assert_eq!(run("fractal_except", vec![i(), Value::Int(5)]), except);
    assert_eq!(run("fractal_most", vec![i()]), except);
}

#[test]
fn join_blocks_draw_each_colours_segments_in_order() {
    // Two 3s in a row, two 2s in a column; the segments cross at (1, 2).
    let input = grid(&[vec![0, 0, 2, 0], vec![3, 0, 0, 3], vec![0, 0, 2, 0]]);
    let run = |name: &str| grid_of(name, &[value(input.clone())], 200_000);
    assert_eq!(run("join_across_then_down"), grid(&[vec![0, 0, 2, 0], vec![3, 3, 2, 3], vec![0, 0, 2, 0]]));
    assert_eq!(run("join_down_then_across"), grid(&[vec![0, 0, 2, 0], vec![3, 3, 3, 3], vec![0, 0, 2, 0]]));
}

#[test]
fn dedupe_runs_keeps_each_run_of_equal_rows_and_columns_once() {
    let b = blocks().iter().find(|b| b.name == "dedupe_runs").unwrap();
    // Rows 0 and 1 are one run, row 3 repeats row 0 after another row (kept); columns too.
    let input = grid(&[vec![0, 0, 8, 0], vec![0, 0, 8, 0], vec![3, 3, 8, 3], vec![0, 0, 8, 0]]);
    let out = b.apply(&mut Ctx::new(b.fuel(200_000)), &[value(input)]);
    let Some(Value::Grid(out)) = out else { panic!("{out:?}") };
    assert_eq!(*out, grid(&[vec![0, 8, 0], vec![3, 8, 3], vec![0, 8, 0]]));
}

/// The cells a block that makes indices gives on `args`.
fn cells_of(name: &str, args: &[Value]) -> Vec<(i32, i32)> {
    let b = blocks().iter().find(|b| b.name == name).unwrap();
    match b.apply(&mut Ctx::new(b.fuel(1_000_000)), args) {
        Some(Value::Indices(ix)) => ix.iter().copied().collect(),
        v => panic!("{name}: {v:?}"),
    }
}

fn batt_search_grid(rows: &[&[u8]]) -> batt_dsl::Grid {
    let rows: Vec<Vec<u8>> = rows.iter().map(|r| r.to_vec()).collect();
    crate::task::grid_from_rows(&rows).unwrap()
}

#[test]
fn symmetry_blocks_fill_cells_whose_mirror_image_is_missing_too() {
    let run = |name: &str, input: &[Vec<u8>], args: &[Value]| {
        let all: Vec<Value> = std::iter::once(value(grid(input))).chain(args.iter().cloned()).collect();
        grid_of(name, &all, 200_000)
    };
    // Symmetric under every turn and mirror of the square; both top corners are missing, so
    // the left-right mirror alone cannot restore them.
    let want: Vec<Vec<u8>> = vec![vec![1, 0, 0, 0, 1], vec![0, 2, 0, 2, 0], vec![0, 0, 3, 0, 0], vec![0, 2, 0, 2, 0], vec![1, 0, 0, 0, 1]];
    let mut drawn = want.clone();
    (drawn[0][0], drawn[0][4], drawn[1][1]) = (0, 0, 0);
    assert_ne!(run("complete_vmirror", &drawn, &[]), grid(&want));
    assert_eq!(run("complete_all", &drawn, &[]), grid(&want));
    // The same under a mask of colour 5 on a pattern without background.
    let want: Vec<Vec<u8>> = vec![vec![1, 2, 2, 1], vec![2, 3, 3, 2], vec![2, 3, 3, 2], vec![1, 2, 2, 1]];
    let mut masked = want.clone();
    (masked[0][0], masked[0][3], masked[1][1]) = (5, 5, 5);
    assert_ne!(run("repair_vmirror", &masked, &[Value::Int(5)]), grid(&want));
    assert_eq!(run("repair_all", &masked, &[Value::Int(5)]), grid(&want));
}

#[test]
fn recolour_nearest_gives_each_cell_the_colour_of_the_nearest_marker() {
    // Markers 2 (left) and 4 (right) on background 0; the 5s take the nearer one's colour.
    let input = vec![vec![2, 5, 5, 0, 5, 4], vec![2, 0, 0, 0, 5, 4], vec![0, 0, 0, 0, 0, 0], vec![0, 0, 0, 0, 0, 0]];
    let want = vec![vec![2, 2, 2, 0, 4, 4], vec![2, 0, 0, 0, 4, 4], vec![0, 0, 0, 0, 0, 0], vec![0, 0, 0, 0, 0, 0]];
    assert_eq!(grid_of("recolour_nearest", &[value(grid(&input)), Value::Int(5)], 1_000_000), grid(&want));
}

#[test]
fn recolour_nearest_objects_gives_each_object_the_colour_of_the_nearest_marker() {
    // Marks 2 and 3 in the top row; each box of 5s below takes the colour of the mark above it.
    let input = vec![vec![0, 2, 0, 0, 3], vec![0, 0, 0, 0, 0], vec![5, 5, 0, 5, 5], vec![5, 5, 0, 5, 5]];
    let want = vec![vec![0, 2, 0, 0, 3], vec![0, 0, 0, 0, 0], vec![2, 2, 0, 3, 3], vec![2, 2, 0, 3, 3]];
    assert_eq!(grid_of("recolour_nearest_objects", &[value(grid(&input)), Value::Int(5)], 1_000_000), grid(&want));
}

#[test]
fn stamp_blocks_copy_the_pattern_or_its_mirror_image_over_each_placeholder() {
    let run = |name: &str, input: &[Vec<u8>]| grid_of(name, &[value(grid(input)), Value::Int(5)], 1_000_000);
    // A 2x2 pattern of 1, 2, 3, 4 top left; two grey placeholders of its shape.
    let input = vec![vec![1, 2, 0, 5, 5], vec![3, 4, 0, 5, 5], vec![0, 0, 0, 0, 0], vec![5, 5, 0, 0, 0], vec![5, 5, 0, 0, 0]];
    let want = vec![vec![1, 2, 0, 1, 2], vec![3, 4, 0, 3, 4], vec![0, 0, 0, 0, 0], vec![1, 2, 0, 0, 0], vec![3, 4, 0, 0, 0]];
    assert_eq!(run("stamp", &input), grid(&want));
    let mirrored = vec![vec![1, 2, 0, 2, 1], vec![3, 4, 0, 4, 3], vec![0, 0, 0, 0, 0], vec![2, 1, 0, 0, 0], vec![4, 3, 0, 0, 0]];
    assert_eq!(run("stamp_vmirror", &input), grid(&mirrored));
    let turned = vec![vec![1, 2, 0, 1, 3], vec![3, 4, 0, 2, 4], vec![0, 0, 0, 0, 0], vec![1, 3, 0, 0, 0], vec![2, 4, 0, 0, 0]];
    assert_eq!(run("stamp_dmirror", &input), grid(&turned));
    // No pattern of two colours or more: nothing to stamp.
    let b = blocks().iter().find(|b| b.name == "stamp").unwrap();
    let mono = vec![vec![1, 1, 0, 5, 5], vec![0, 0, 0, 0, 0], vec![0, 0, 0, 0, 0]];
    assert!(b.apply(&mut Ctx::new(1_000_000), &[value(grid(&mono)), Value::Int(5)]).is_none());
}

#[test]
fn leaks_fill_a_containers_inside_and_run_out_through_its_gap() {
    // A box of 5s open on the right at (2, 4) and a closed box of 3s, on background 0.
    let input = batt_search_grid(&[
        &[5, 5, 5, 5, 5, 0, 0],
        &[5, 0, 0, 0, 5, 0, 0],
        &[5, 0, 0, 0, 0, 0, 0],
        &[5, 5, 5, 5, 5, 0, 0],
        &[0, 0, 0, 0, 0, 0, 0],
        &[3, 3, 3, 0, 0, 0, 0],
        &[3, 0, 3, 0, 0, 0, 0],
        &[3, 3, 3, 0, 0, 0, 0],
    ]);
    // The inside, the gap and the ray to the right (shoot runs past the grid's edge).
    let on_grid: Vec<(i32, i32)> = cells_of("leaks", &[value(input)]).into_iter().filter(|&(i, j)| i < 8 && j < 7).collect();
    let mut want: Vec<(i32, i32)> = (1..3).flat_map(|i| (1..4).map(move |j| (i, j))).collect();
    want.extend([(2, 4), (2, 5), (2, 6)]);
    want.sort();
    assert_eq!(on_grid, want);
}

#[test]
fn a_stamp_copies_the_largest_object_onto_each_mark() {
    let run = |name: &str, rows: &[&[u8]]| grid_of(name, &[value(batt_search_grid(rows)), Value::Int(5)], 1_000_000);
    // Centred: a 3x3 shape and a mark 5 at (4, 4); the copy's centre lands on the mark.
    let input: &[&[u8]] =
        &[&[2, 1, 0, 0, 0, 0], &[0, 1, 0, 0, 0, 0], &[0, 3, 3, 0, 0, 0], &[0, 0, 0, 0, 0, 0], &[0, 0, 0, 0, 5, 0], &[0, 0, 0, 0, 0, 0]];
    let want: &[&[u8]] =
        &[&[2, 1, 0, 0, 0, 0], &[0, 1, 0, 0, 0, 0], &[0, 3, 3, 0, 0, 0], &[0, 0, 0, 2, 1, 0], &[0, 0, 0, 0, 1, 0], &[0, 0, 0, 0, 3, 3]];
    assert_eq!(run("stamp_centred", input), batt_search_grid(want));
}

#[test]
fn interior_erodes_a_colours_cells_by_one() {
    // A 4x5 area of 0s at the top left (touching the edge) and a 3x3 one in 7s: only cells
    // with eight neighbours of colour 0 on the grid are kept.
    let input = batt_search_grid(&[
        &[0, 0, 0, 0, 0, 7, 7],
        &[0, 0, 0, 0, 0, 7, 7],
        &[0, 0, 0, 0, 0, 7, 7],
        &[0, 0, 0, 0, 0, 7, 7],
        &[7, 7, 7, 7, 7, 7, 7],
        &[7, 0, 0, 0, 7, 7, 7],
        &[7, 0, 0, 0, 7, 7, 7],
        &[7, 0, 0, 0, 7, 7, 7],
    ]);
    assert_eq!(cells_of("interior", &[value(input), Value::Int(0)]), vec![(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (6, 2)]);
}

#[test]
fn align_tops_lines_objects_up_with_one_colour() {
    let run = |name: &str, rows: &[Vec<u8>], c: i64| grid_of(name, &[value(grid(rows)), Value::Int(c)], 200_000);
    // The 2 and the 4 move to the rows of the 1, each keeping its column.
    let input = vec![vec![2, 0, 0, 0, 0], vec![2, 0, 1, 0, 0], vec![0, 0, 1, 0, 0], vec![0, 0, 0, 0, 4]];
    let tops = vec![vec![0, 0, 0, 0, 0], vec![2, 0, 1, 0, 4], vec![2, 0, 1, 0, 0], vec![0, 0, 0, 0, 0]];
    assert_eq!(run("align_tops_to", &input, 1), grid(&tops));
}

#[test]
fn layers_reversed_swaps_outer_and_inner_colours() {
    let run = |name: &str, rows: &[Vec<u8>]| grid_of(name, &[value(grid(rows))], 200_000);
    // The whole grid: a 2-thick ring of 1 around a ring of 2 around a 3 (thicknesses kept).
    let rows = |a: u8, b: u8, c: u8| {
        let (o, m) = (vec![a; 7], vec![a, a, b, b, b, a, a]);
        vec![o.clone(), o.clone(), m.clone(), vec![a, a, b, c, b, a, a], m, o.clone(), o]
    };
    let (whole, want) = (rows(1, 2, 3), rows(3, 2, 1));
    assert_eq!(run("layers_reversed", &whole), grid(&want));
    // Two objects on a background of 0, each with its own colours: 4 around 5, and 6
    // around 7 around 8 (its middle layer stays).
    let objs = vec![
        vec![4, 4, 4, 0, 0, 0, 0, 0],
        vec![4, 5, 4, 0, 6, 6, 6, 6],
        vec![4, 4, 4, 0, 6, 7, 7, 6],
        vec![0, 0, 0, 0, 6, 7, 8, 6],
        vec![0, 0, 0, 0, 6, 7, 7, 6],
        vec![0, 0, 0, 0, 6, 6, 6, 6],
        vec![0, 0, 0, 0, 0, 0, 0, 0],
    ];
    let want = vec![
        vec![5, 5, 5, 0, 0, 0, 0, 0],
        vec![5, 4, 5, 0, 8, 8, 8, 8],
        vec![5, 5, 5, 0, 8, 7, 7, 8],
        vec![0, 0, 0, 0, 8, 7, 6, 8],
        vec![0, 0, 0, 0, 8, 7, 7, 8],
        vec![0, 0, 0, 0, 8, 8, 8, 8],
        vec![0, 0, 0, 0, 0, 0, 0, 0],
    ];
    assert_eq!(run("layers_reversed_objects", &objs), grid(&want));
    assert_ne!(run("layers_reversed", &objs), grid(&want), "the whole grid is one pattern there");
}

#[test]
fn bridges_across_fill_gaps_between_facing_objects_of_one_colour() {
    // Two 2-rectangles side by side (gap at columns 2..4 of rows 0-1), a 1 facing a 2 (another
    // colour: no bridge), and in row 4 two 3s with a 5 between them (blocked: no bridge).
    let input = batt_search_grid(&[&[2, 2, 0, 0, 2, 0], &[2, 2, 0, 0, 2, 0], &[0, 0, 0, 0, 0, 0], &[1, 0, 0, 2, 0, 0], &[3, 0, 5, 0, 3, 0]]);
    let got = cells_of("bridges_across", &[value(input)]);
    assert_eq!(got, vec![(0, 2), (0, 3), (1, 2), (1, 3)]);
}
