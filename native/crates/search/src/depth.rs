//! Recolouring by depth: the demo output is the input with the cells of its shapes (every cell
//! but the background's) recoloured by how deep inside a shape they lie, one colour a depth.
//! A cell's depth is 1 on a shape's outline (next to the background, 4-connected, or to the
//! grid's edge), 2 one step further in, and so on: the layers that peel off a shape one
//! erosion at a time. Training tasks of this kind paint depth 2 and deeper in one colour
//! (a shape's inside: 50cb2852, bb43febb, 4347f46a); a map per depth also gives concentric
//! rings. Written as plain arc-dsl: one erosion per layer (`sfilter` of the cells whose four
//! `dneighbors` are all in the shape), each ring the `difference` of two erosions, filled.

use batt_dsl::{call_prim, Ctx, Grid, Value};
use batt_program::Program;

use crate::parts::{colour_name, Text};
use crate::task::TaskData;

/// The deepest layer a program recolours (one erosion is spelled out per layer).
const MAX_DEPTH: usize = 6;

/// Each cell's depth: 0 on the background, else its 4-connected distance to the background
/// or to the outside of the grid.
fn depths(g: &Grid, bg: i8) -> Vec<usize> {
    let (h, w) = (g.h, g.w);
    let mut d = vec![usize::MAX; h * w];
    let mut queue = std::collections::VecDeque::new();
    for (k, (dk, &c)) in d.iter_mut().zip(&g.cells).enumerate() {
        let (i, j) = (k / w, k % w);
        if c == bg {
            *dk = 0;
            queue.push_back(k);
        } else if i == 0 || j == 0 || i == h - 1 || j == w - 1 {
            *dk = 1;
            queue.push_back(k);
        }
    }
    while let Some(k) = queue.pop_front() {
        let (i, j) = (k / w, k % w);
        let next = [(i.wrapping_sub(1), j), (i + 1, j), (i, j.wrapping_sub(1)), (i, j + 1)];
        for (a, b) in next {
            if a < h && b < w && d[a * w + b] > d[k] + 1 {
                d[a * w + b] = d[k] + 1;
                queue.push_back(a * w + b);
            }
        }
    }
    d
}

/// What the demo pairs say of one depth: the output colours of its cells, whether any changed,
/// and in how many pairs it occurs.
#[derive(Clone, Default)]
struct Layer {
    outs: u16,
    changed: bool,
    pairs: usize,
}

/// The program that fills each depth's ring in its colour, if the demo pairs give every depth
/// one colour (or leave it as it is) and change nothing else.
pub fn depth_programs(task: &TaskData) -> Vec<Program> {
    let mut layers = vec![Layer::default(); MAX_DEPTH + 1];
    let mut backs = Vec::new();
    for (i, o) in &task.train {
        let (Value::Grid(gi), Value::Grid(go)) = (i, o) else { return Vec::new() };
        if (gi.h, gi.w) != (go.h, go.w) {
            return Vec::new();
        }
        let Some(bg) = call_prim(&mut Ctx::new(1 << 20), "mostcolor", std::slice::from_ref(i)).ok().and_then(|v| v.as_int()) else {
            return Vec::new();
        };
        backs.push(bg);
        let mut seen = vec![false; MAX_DEPTH + 1];
        for (k, d) in depths(gi, bg as i8).into_iter().enumerate() {
            let (a, b) = (gi.cells[k], go.cells[k]);
            if d == 0 || d > MAX_DEPTH {
                if a != b {
                    return Vec::new();
                }
                continue;
            }
            seen[d] = true;
            layers[d].outs |= 1 << b;
            layers[d].changed |= a != b;
        }
        for (l, s) in layers.iter_mut().zip(seen) {
            l.pairs += s as usize;
        }
    }
    // A depth recoloured must become one colour, and (given two pairs or more) be seen in two
    // of them: a ring seen once is as likely a coincidence.
    let mut fills = Vec::new();
    for (d, l) in layers.iter().enumerate().filter(|(_, l)| l.changed) {
        if l.outs.count_ones() != 1 || (task.train.len() > 1 && l.pairs < 2) {
            return Vec::new();
        }
        fills.push((d, l.outs.trailing_zeros() as i64));
    }
    let Some(&(deepest, _)) = fills.last() else { return Vec::new() };
    let mut t = Text::default();
    // The background is the demo inputs' commonest colour; where that is one colour in every
    // pair it is that constant, since a test input's shapes may outnumber its background
    // (training bb43febb: `mostcolor` of its test input is the rectangles' colour).
    let bg = match backs.iter().all(|&b| b == backs[0]) {
        true => colour_name(backs[0]).to_string(),
        false => t.let_("mostcolor(I)".into()),
    };
    let back = t.let_(format!("ofcolor(I, {bg})"));
    let all = t.let_("asindices(I)".into());
    // shapes[d - 1]: the cells of depth d or more.
    let mut shapes = vec![t.let_(format!("difference({all}, {back})"))];
    for _ in 0..deepest {
        let inside = shapes.last().unwrap().clone();
        let within = t.let_(format!("rbind(intersection, {inside})"));
        let near = t.let_(format!("compose({within}, dneighbors)"));
        let count = t.let_(format!("compose(size, {near})"));
        let all_in = t.let_(format!("matcher({count}, FOUR)"));
        shapes.push(t.let_(format!("sfilter({inside}, {all_in})")));
    }
    let mut grid = "I".to_string();
    for (d, c) in fills {
        let ring = t.let_(format!("difference({}, {})", shapes[d - 1], shapes[d]));
        grid = t.let_(format!("fill({grid}, {}, {ring})", colour_name(c)));
    }
    t.program().into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use batt_program::eval;

    fn fits(task: &TaskData, p: &Program) -> bool {
        task.train.iter().all(|(i, o)| {
            eval(p, std::slice::from_ref(i), &mut Ctx::new(1 << 22)).is_ok_and(|v| matches!((&v, o), (Value::Grid(a), Value::Grid(b)) if a == b))
        })
    }

    fn rows(g: &[&str]) -> Vec<Vec<u8>> {
        g.iter().map(|r| r.bytes().map(|b| b - b'0').collect()).collect()
    }

    #[test]
    fn rings_take_the_colour_of_their_depth() {
        // Rectangles of 1: depth 2 becomes 2, depth 3 becomes 3, the outline stays 1.
        let a = rows(&["00000000", "01111100", "01111100", "01111100", "01111100", "01111100", "00000000", "00000000"]);
        let ao = rows(&["00000000", "01111100", "01222100", "01232100", "01222100", "01111100", "00000000", "00000000"]);
        // A square on the grid's edge (its outline runs along the edge), and a bar too thin
        // to have an inside.
        let b = rows(&["11111000", "11111000", "11111000", "11111000", "11111000", "00000000", "00110000"]);
        let bo = rows(&["11111000", "12221000", "12321000", "12221000", "11111000", "00000000", "00110000"]);
        let task = TaskData::from_rows("t", &[(a.clone(), ao.clone()), (b, bo)], &[]).unwrap();
        let found = depth_programs(&task);
        assert_eq!(found.len(), 1);
        assert!(fits(&task, &found[0]), "{}", batt_program::print(&found[0]));
        // A test input whose shape outnumbers its background: the demos' background, 0, is
        // a constant (`mostcolor` would take the shape for the background).
        let t = rows(&["111110", "111110", "111110", "111110", "111110", "000000"]);
        let to = rows(&["111110", "122210", "123210", "122210", "111110", "000000"]);
        assert!(fits(&TaskData::from_rows("t", &[(t, to)], &[]).unwrap(), &found[0]), "{}", batt_program::print(&found[0]));
        // Depth 3 seen in one pair only: no program.
        let c = rows(&["0000", "0110", "0110", "0000"]);
        let co = rows(&["0000", "0110", "0110", "0000"]);
        let one = TaskData::from_rows("t", &[(a, ao), (c, co)], &[]).unwrap();
        assert!(depth_programs(&one).is_empty());
        // A depth that becomes two colours is no map.
        let d = rows(&["00000", "01110", "01110", "01110", "00000"]);
        let (d2, d3) = (rows(&["00000", "01110", "01210", "01110", "00000"]), rows(&["00000", "01110", "01310", "01110", "00000"]));
        let two = TaskData::from_rows("t", &[(d.clone(), d2), (d, d3)], &[]).unwrap();
        assert!(depth_programs(&two).is_empty());
    }
}
