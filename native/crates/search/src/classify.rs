//! Classification: every demo output is a grid of one colour, so the output is
//! `canvas(colour, shape)` with the colour and the shape read off the input. Enumeration
//! hands over the programs whose values equal the demo outputs' colours and shapes on every
//! demo input (`EnumResult::features`); a shape may also be a constant, and where the outputs
//! have two colours, a boolean that tells them apart picks one (`branch`). Training has 11
//! tasks whose demo outputs are one colour each (27a28665, 44f52bb0, 5582e5ca, d631b094...);
//! on training this took 44f52bb0 to a fit, on eval-dev it made one false positive (a
//! colour feature that agreed with 4 demo pairs by chance) and no right answer.

use batt_dsl::Value;
use batt_program::canon::canonicalize;
use batt_program::Program;

use crate::enumerate::Enumerated;
use crate::stages::Dag;
use crate::task::TaskData;

/// A one-colour demo output: its colour and its shape.
pub type Uniform = (i8, (usize, usize));

/// Each demo output's colour and shape, if every one is a grid of one colour.
pub fn uniform_outputs(task: &TaskData) -> Option<Vec<Uniform>> {
    task.train
        .iter()
        .map(|(_, o)| match o {
            Value::Grid(g) => {
                let c = *g.cells.first()?;
                g.cells.iter().all(|&x| x == c).then_some((c, (g.h, g.w)))
            }
            _ => None,
        })
        .collect()
}

/// What a feature's demo values are.
enum Kind {
    Colour,
    Shape,
    /// True exactly where the output has the first demo output's colour.
    Split,
    /// True exactly where it has the other colour.
    Flipped,
}

/// `canvas(colour, shape)` programs, cheapest first, from `features` (see `uniform_features`).
pub fn classification_programs(task: &TaskData, features: &[Enumerated]) -> Vec<Program> {
    let Some(outs) = uniform_outputs(task) else { return Vec::new() };
    let kind = |f: &Enumerated| match &f.outputs[0] {
        Value::Int(_) => Some(Kind::Colour),
        Value::Pair(..) => Some(Kind::Shape),
        Value::Bool(b) => Some(if *b { Kind::Split } else { Kind::Flipped }),
        _ => None,
    };
    // A colour: a feature, or a boolean's branch between the two demo colours.
    let first = outs[0].0 as i64;
    let other = outs.iter().map(|o| o.0 as i64).find(|&c| c != first);
    let mut colours: Vec<(usize, Colour<'_>)> = Vec::new();
    for f in features {
        match (kind(f), other) {
            (Some(Kind::Colour), _) => colours.push((f.cost, Colour::Computed(&f.program))),
            (Some(Kind::Split), Some(o)) => colours.push((f.cost + 1, Colour::Branch(&f.program, first, o))),
            (Some(Kind::Flipped), Some(o)) => colours.push((f.cost + 1, Colour::Branch(&f.program, o, first))),
            _ => {}
        }
    }
    // Every output in one colour: that colour, fixed, before any computed colour that merely
    // equals it on the demos (the simplest account of a colour that never changes).
    if outs.iter().all(|o| o.0 == outs[0].0) {
        colours.insert(0, (0, Colour::Fixed(first)));
    }
    let mut shapes: Vec<(usize, Option<&Program>)> =
        features.iter().filter(|f| matches!(kind(f), Some(Kind::Shape))).map(|f| (f.cost, Some(&f.program))).collect();
    if outs.iter().all(|o| o.1 == outs[0].1) {
        shapes.insert(0, (0, None));
    }
    let mut out: Vec<(usize, Program)> = Vec::new();
    for (cc, colour) in &colours {
        for (sc, shape) in &shapes {
            let mut dag = Dag::new();
            let c = match colour {
                Colour::Computed(p) => dag.absorb(p)[p.output as usize],
                Colour::Fixed(c) => dag.konst(Value::Int(*c)),
                Colour::Branch(p, yes, no) => {
                    let b = dag.absorb(p)[p.output as usize];
                    let (y, z) = (dag.konst(Value::Int(*yes)), dag.konst(Value::Int(*no)));
                    dag.prim_call("branch", vec![b, y, z])
                }
            };
            let s = match shape {
                Some(p) => dag.absorb(p)[p.output as usize],
                None => dag.konst(Value::Pair(outs[0].1 .0 as i64, outs[0].1 .1 as i64)),
            };
            dag.program.output = dag.prim_call("canvas", vec![c, s]);
            out.push((cc + sc + 1, canonicalize(&dag.program)));
        }
    }
    out.sort_by_key(|(c, _)| *c);
    out.into_iter().map(|(_, p)| p).collect()
}

enum Colour<'a> {
    Fixed(i64),
    Computed(&'a Program),
    Branch(&'a Program, i64, i64),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enumerate::{enumerate, EnumConfig};
    use batt_dsl::Ctx;
    use batt_program::eval;

    fn run(p: &Program, input: &Value) -> Option<Value> {
        eval(p, std::slice::from_ref(input), &mut Ctx::new(1 << 20)).ok()
    }

    fn grid(v: &Option<Value>) -> Option<Vec<i8>> {
        match v {
            Some(Value::Grid(g)) => Some(g.cells.to_vec()),
            _ => None,
        }
    }

    #[test]
    fn a_one_colour_output_takes_the_input_s_most_common_colour_at_a_fixed_shape() {
        let a = vec![vec![3, 3, 1], vec![3, 0, 3]];
        let b = vec![vec![2, 2, 2], vec![5, 2, 2], vec![0, 0, 2]];
        let out = |c: u8| vec![vec![c, c]];
        let task = TaskData::from_rows("t", &[(a, out(3)), (b, out(2))], &[vec![vec![7, 7, 1]]]).unwrap();
        let r = enumerate(&task, &EnumConfig::default());
        let found = classification_programs(&task, &r.features);
        let fit = found.iter().find(|p| task.train.iter().all(|(i, o)| grid(&run(p, i)) == grid(&Some(o.clone())))).expect("a fit");
        assert_eq!(grid(&run(fit, &task.test_inputs[0])), Some(vec![7, 7]));
    }

    #[test]
    fn a_bar_one_longer_than_a_count_in_a_fixed_colour() {
        // A column of 0s one cell longer than the number of cells of 5.
        let bar = |n: usize| vec![vec![0]; n + 1];
        let task = TaskData::from_rows(
            "t",
            &[
                (vec![vec![5, 0, 0], vec![0, 0, 5]], bar(2)),
                (vec![vec![5, 0, 5], vec![0, 5, 0]], bar(3)),
                (vec![vec![0, 0, 0], vec![0, 5, 0]], bar(1)),
            ],
            &[vec![vec![5, 5, 5], vec![5, 0, 5]]],
        )
        .unwrap();
        let r = enumerate(&task, &EnumConfig::default());
        let found = classification_programs(&task, &r.features);
        let fit = found.iter().find(|p| task.train.iter().all(|(i, o)| grid(&run(p, i)) == grid(&Some(o.clone())))).expect("a fit");
        let text = batt_program::print(fit);
        assert!(text.contains("increment") && text.contains("canvas(ZERO"), "{text}");
        assert_eq!(grid(&run(fit, &task.test_inputs[0])), Some(vec![0; 6]));
    }

    #[test]
    fn two_output_colours_are_told_apart_by_a_boolean() {
        // 1 where the input is symmetric left to right, 7 where it is not.
        let task = TaskData::from_rows(
            "t",
            &[
                (vec![vec![2, 0, 2], vec![2, 2, 2]], vec![vec![1]]),
                (vec![vec![2, 0, 0], vec![2, 2, 0]], vec![vec![7]]),
                (vec![vec![4, 4, 4, 4], vec![0, 4, 4, 0]], vec![vec![1]]),
            ],
            &[vec![vec![3, 3, 0]]],
        )
        .unwrap();
        let r = enumerate(&task, &EnumConfig::default());
        let found = classification_programs(&task, &r.features);
        let texts: Vec<String> = found.iter().map(batt_program::print).collect();
        assert!(texts.iter().any(|t| t.contains("branch(")), "{texts:?}");
        // Nothing is offered where an output has two colours.
        let task = TaskData::from_rows("t", &[(vec![vec![1, 2]], vec![vec![1, 2]])], &[]).unwrap();
        assert!(uniform_outputs(&task).is_none());
        assert!(enumerate(&task, &EnumConfig::default()).features.is_empty());
    }
}
