//! Cell logic over equal parts: many tasks split the input into equal parts (halves, thirds,
//! quarters, quadrants; separator lines between them are skipped) and make each output cell
//! from the same cell of every part. Two rules are read off the demo pairs directly:
//! - overlay: the parts stacked in some order, the first non-black colour wins;
//! - logic: one colour where the parts' black/non-black pattern is in a set (and, or, xor,
//!   and not...), another colour elsewhere.
//!
//! Either gives a plain arc-dsl program, validated like any other candidate. Training tasks of
//! this kind: 0520fde7, 1b2d62fb, 3428a4f5, 6430c8c4, 94f9d214, 99b1bc43, ce4f8723, dae9d2b5,
//! fafffa47 (two halves); 75b8110e, a68b268e (quadrants overlaid).

use batt_dsl::{Ctx, Grid, Value};
use batt_program::canon::canonicalize;
use batt_program::{eval, parse_program, Program};

use crate::task::TaskData;

/// The arc-dsl name of colour `c` (`ZERO`...`NINE`), from the parser's own constants table.
pub(crate) fn colour_name(c: i64) -> &'static str {
    batt_program::constants::name_of(&Value::Int(c)).expect("a colour has a constant's name")
}

/// Most parts the logic rule takes (it spells out one intersection per black/non-black
/// pattern: 2^k of them).
const MAX_LOGIC_PARTS: usize = 3;

/// Program text under construction, one assignment a line.
#[derive(Clone, Default)]
pub(crate) struct Text {
    lines: Vec<String>,
}

impl Text {
    pub(crate) fn let_(&mut self, expr: String) -> String {
        let v = format!("x{}", self.lines.len() + 1);
        self.lines.push(format!("{v} = {expr}"));
        v
    }

    /// The (canonical) program whose output is the last line's value.
    pub(crate) fn program(&self) -> Option<Program> {
        let (last, init) = self.lines.split_last()?;
        let (_, expr) = last.split_once(" = ")?;
        let body: String = init.iter().chain(std::iter::once(&format!("O = {expr}"))).map(|l| format!("    {l}\n")).collect();
        // Canonical, as every made candidate is: scoring and validation hash that form.
        parse_program(&format!("def solve(I):\n{body}    return O\n")).ok().map(|p| canonicalize(&p))
    }
}

/// A split appends its steps to the text and returns the parts' variables, in reading order.
type Split = Box<dyn Fn(&mut Text) -> Vec<String>>;

/// The splits, each its own `Split`.
fn splits() -> Vec<Split> {
    let halves =
        |a: &'static str, b: &'static str| -> Split { Box::new(move |t: &mut Text| vec![t.let_(format!("{a}(I)")), t.let_(format!("{b}(I)"))]) };
    // Three parts: arc-dsl's hsplit skips one separator line between parts; the middle part
    // is centred, (W - w) / 2 from the left.
    let thirds = |split: &'static str, size: &'static str, vec: &'static str| -> Split {
        Box::new(move |t: &mut Text| {
            let s = t.let_(format!("{split}(I, THREE)"));
            let a = t.let_(format!("first({s})"));
            let c = t.let_(format!("last({s})"));
            let whole = t.let_(format!("{size}(I)"));
            let part = t.let_(format!("{size}({a})"));
            let d = t.let_(format!("subtract({whole}, {part})"));
            let h = t.let_(format!("halve({d})"));
            let off = t.let_(format!("{vec}({h})"));
            let sh = t.let_(format!("shape({a})"));
            let b = t.let_(format!("crop(I, {off}, {sh})"));
            vec![a, b, c]
        })
    };
    // Four parts in a line, or two by two: halves of halves.
    let nested = |outer: [&'static str; 2], inner: [&'static str; 2], order: [usize; 4]| -> Split {
        Box::new(move |t: &mut Text| {
            let o: Vec<String> = outer.iter().map(|f| t.let_(format!("{f}(I)"))).collect();
            let p: Vec<String> = o.iter().flat_map(|x| inner.iter().map(|f| format!("{f}({x})")).collect::<Vec<_>>()).map(|e| t.let_(e)).collect();
            order.iter().map(|&k| p[k].clone()).collect()
        })
    };
    vec![
        halves("lefthalf", "righthalf"),
        halves("tophalf", "bottomhalf"),
        thirds("hsplit", "width", "tojvec"),
        thirds("vsplit", "height", "toivec"),
        nested(["lefthalf", "righthalf"], ["lefthalf", "righthalf"], [0, 1, 2, 3]),
        nested(["tophalf", "bottomhalf"], ["tophalf", "bottomhalf"], [0, 1, 2, 3]),
        // Quadrants in reading order: (left top, left bottom, right top, right bottom) reordered.
        nested(["lefthalf", "righthalf"], ["tophalf", "bottomhalf"], [0, 2, 1, 3]),
    ]
}

/// Every order of `0..k`, the identity first.
fn permutations(k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for first in 0..k {
        for rest in permutations(k - 1) {
            let mut p = vec![first];
            p.extend(rest.into_iter().map(|r| if r >= first { r + 1 } else { r }));
            out.push(p);
        }
    }
    out
}

/// `parts[p][k]`: part p on train input k; `outs[k]`: demo output k (of the parts' shape).
fn overlay_order(parts: &[Vec<Grid>], outs: &[&Grid]) -> Option<Vec<usize>> {
    permutations(parts.len()).into_iter().find(|order| {
        outs.iter()
            .enumerate()
            .all(|(k, o)| (0..o.cells.len()).all(|x| order.iter().map(|&p| parts[p][k].cells[x]).find(|&c| c != 0).unwrap_or(0) == o.cells[x]))
    })
}

/// The logic rule: (colour elsewhere, colour on the patterns, patterns), where a pattern has
/// bit p set when part p is non-black.
fn logic_table(parts: &[Vec<Grid>], outs: &[&Grid]) -> Option<(i8, i8, Vec<usize>)> {
    let mut table: Vec<Option<i8>> = vec![None; 1 << parts.len()];
    for (k, o) in outs.iter().enumerate() {
        for x in 0..o.cells.len() {
            let m = (0..parts.len()).filter(|&p| parts[p][k].cells[x] != 0).fold(0, |m, p| m | 1 << p);
            if *table[m].get_or_insert(o.cells[x]) != o.cells[x] {
                return None;
            }
        }
    }
    let mut colours: Vec<i8> = table.iter().flatten().copied().collect();
    colours.sort_unstable();
    colours.dedup();
    let [a, b] = colours[..] else { return None };
    let count = |c: i8| table.iter().filter(|&&t| t == Some(c)).count();
    let off = table[0].unwrap_or(if count(a) >= count(b) { a } else { b });
    let on = if off == a { b } else { a };
    Some((off, on, (0..table.len()).filter(|&m| table[m] == Some(on)).collect()))
}

fn overlay_text(mut t: Text, vars: &[String], order: &[usize]) -> Text {
    let mut x = vars[*order.last().expect("a part")].clone();
    for &p in order[..order.len() - 1].iter().rev() {
        let v = &vars[p];
        let bg = t.let_(format!("ofcolor({v}, ZERO)"));
        let all = t.let_(format!("asindices({v})"));
        let fg = t.let_(format!("difference({all}, {bg})"));
        let o = t.let_(format!("toobject({fg}, {v})"));
        x = t.let_(format!("paint({x}, {o})"));
    }
    t
}

fn logic_text(mut t: Text, vars: &[String], (off, on, patterns): (i8, i8, Vec<usize>)) -> Text {
    let all = t.let_(format!("asindices({})", vars[0]));
    let bg: Vec<String> = vars.iter().map(|v| t.let_(format!("ofcolor({v}, ZERO)"))).collect();
    let fg: Vec<String> = bg.iter().map(|b| t.let_(format!("difference({all}, {b})"))).collect();
    let mut union: Option<String> = None;
    for m in patterns {
        let lit = |p: usize| if m >> p & 1 == 1 { fg[p].clone() } else { bg[p].clone() };
        let mut term = lit(0);
        for p in 1..vars.len() {
            term = t.let_(format!("intersection({term}, {})", lit(p)));
        }
        union = Some(match union {
            None => term,
            Some(u) => t.let_(format!("combine({u}, {term})")),
        });
    }
    let sh = t.let_(format!("shape({})", vars[0]));
    let canvas = t.let_(format!("canvas({}, {sh})", colour_name(off as i64)));
    t.let_(format!("fill({canvas}, {}, {})", colour_name(on as i64), union.unwrap_or(all)));
    t
}

/// The overlay and logic programs that fit the demo pairs' cells, for every split whose
/// parts have the demo outputs' shape.
pub fn part_programs(task: &TaskData, fuel: u64) -> Vec<Program> {
    let outs: Option<Vec<&Grid>> = task.train.iter().map(|(_, o)| if let Value::Grid(g) = o { Some(&**g) } else { None }).collect();
    let Some(outs) = outs else { return Vec::new() };
    let mut found = Vec::new();
    for split in splits() {
        let mut t = Text::default();
        let vars = split(&mut t);
        // Each part on every train input, by running the split's steps up to it.
        let parts: Option<Vec<Vec<Grid>>> = vars
            .iter()
            .map(|v| {
                let mut pt = t.clone();
                pt.let_(format!("identity({v})"));
                let p = pt.program()?;
                task.train
                    .iter()
                    .zip(&outs)
                    .map(|((i, _), o)| match eval(&p, std::slice::from_ref(i), &mut Ctx::new(fuel)) {
                        Ok(Value::Grid(g)) if (g.h, g.w) == (o.h, o.w) => Some((*g).clone()),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let Some(parts) = parts else { continue };
        if let Some(order) = overlay_order(&parts, &outs) {
            found.extend(overlay_text(t.clone(), &vars, &order).program());
        }
        if parts.len() <= MAX_LOGIC_PARTS {
            if let Some(table) = logic_table(&parts, &outs) {
                found.extend(logic_text(t, &vars, table).program());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(p: &Program, rows: &[Vec<u8>]) -> Vec<Vec<u8>> {
        let g = crate::task::grid_from_rows(rows).unwrap();
        let Ok(Value::Grid(o)) = eval(p, &[Value::grid(g)], &mut Ctx::new(1 << 20)) else { panic!() };
        o.cells.chunks(o.w).map(|r| r.iter().map(|&c| c as u8).collect()).collect()
    }

    /// Two 2x2 halves either side of a separator column: `rule` of each cell pair is the output.
    fn halves_task(rule: impl Fn(u8, u8) -> u8) -> (TaskData, Vec<Vec<u8>>) {
        let lefts = [[[1, 0], [0, 1]], [[1, 1], [0, 0]], [[0, 0], [1, 0]]];
        let rights = [[[2, 2], [0, 0]], [[0, 2], [0, 2]], [[0, 2], [2, 0]]];
        let pair = |l: &[[u8; 2]; 2], r: &[[u8; 2]; 2]| {
            let i: Vec<Vec<u8>> = (0..2).map(|y| vec![l[y][0], l[y][1], 5, r[y][0], r[y][1]]).collect();
            let o: Vec<Vec<u8>> = (0..2).map(|y| (0..2).map(|x| rule(l[y][x], r[y][x])).collect()).collect();
            (i, o)
        };
        let train: Vec<_> = lefts.iter().zip(&rights).skip(1).map(|(l, r)| pair(l, r)).collect();
        let (test, want) = pair(&lefts[0], &rights[0]);
        (TaskData::from_rows("t", &train, std::slice::from_ref(&test)).unwrap(), want)
    }

    #[test]
    fn overlay_and_logic_rules_are_read_off_the_demo_pairs() {
        // The right half over the left one.
        let (task, _) = halves_task(|l, r| if r != 0 { r } else { l });
        let found = part_programs(&task, 1 << 20);
        let test = vec![vec![1, 0, 5, 2, 2], vec![0, 1, 5, 0, 0]];
        assert!(found.iter().any(|p| run(p, &test) == vec![vec![2, 2], vec![0, 1]]), "{}", found.len());
        // Exclusive or, in colour 3 on 0.
        let (task, want) = halves_task(|l, r| if (l != 0) != (r != 0) { 3 } else { 0 });
        let found = part_programs(&task, 1 << 20);
        assert!(found.iter().any(|p| run(p, &test) == want));
        // One output cell that no rule of the parts explains: nothing is offered.
        let (task, _) = halves_task(|l, _| if l != 0 { 0 } else { 4 });
        let mut task = task;
        if let Value::Grid(g) = &task.train[0].1 {
            let mut g = (**g).clone();
            g.cells[0] = 7;
            task.train[0].1 = Value::grid(g);
        }
        assert!(part_programs(&task, 1 << 20).is_empty());
    }
}
