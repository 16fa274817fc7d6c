//! Recolouring by an object property: the demo output is the input with some of its objects
//! filled in one colour each, the colour a function of one key of the object (its size, height,
//! width, colours, cells of one colour, background cells in its box, holes, whether it is a
//! line, a square, on the border...), or of being the object with the most or the fewest of it. Read
//! off the demo pairs, each such map is a plain arc-dsl program of `mfilter`/`matcher` (or
//! `argmax`/`argmin`) and `fill` steps, validated like any other candidate.
//!
//! A map that names only the key values seen leaves an object with an unseen value as it is;
//! the variant that first fills every object with the most common target colour gives it that
//! colour. Both are offered. Training tasks of this kind: 6e82a1ae, d2abd087, aedd82e4,
//! 67385a82 (by size); a61f2674, ea32f347 (the largest and smallest object); 08ed6ac7 (each
//! object by its rank).

use batt_dsl::{call_prim, Ctx, Grid, Value};
use batt_program::{eval, Program};

use crate::parts::{colour_name, Text};
use crate::task::{palette_mask, TaskData};

/// A key of one object: how it is computed here, and written in the program.
enum Key {
    /// Primitive calls, innermost first (`f(g(obj))` is `["g", "f"]`), the first with `extra`
    /// as its second argument when there is one; written as `text`.
    Calls { text: String, calls: Vec<&'static str>, extra: Option<Value> },
    /// `bordering(obj, I)`, on each pair's own input.
    Bordering,
    /// How many holes the object has: regions of other cells in its box that its cells close
    /// off (4-connected), computed here by flood fill.
    Holes,
}

impl Key {
    fn prim(name: &'static str) -> Key {
        Key::Calls { text: name.into(), calls: vec![name], extra: None }
    }

    fn value(&self, ctx: &mut Ctx, obj: &Value, input: &Value) -> Option<Value> {
        match self {
            Key::Calls { calls, extra, .. } => {
                let mut v = obj.clone();
                for (k, name) in calls.iter().enumerate() {
                    let args = match (extra, k) {
                        (Some(e), 0) => vec![v, e.clone()],
                        _ => vec![v],
                    };
                    v = call_prim(ctx, name, &args).ok()?;
                }
                Some(v)
            }
            Key::Bordering => call_prim(ctx, "bordering", &[obj.clone(), input.clone()]).ok(),
            Key::Holes => Some(Value::Int(holes(&cells(obj)))),
        }
    }

    /// The key's function in the program (its steps appended to `t` where it needs some).
    fn write(&self, t: &mut Text) -> String {
        match self {
            Key::Calls { text, .. } if !text.contains('(') => text.clone(),
            Key::Calls { text, .. } => t.let_(text.clone()),
            Key::Bordering => t.let_("rbind(bordering, I)".into()),
            // The object on a canvas of TEN one cell bigger all round: its holes are the
            // components of TEN but the outside one.
            Key::Holes => {
                let canvas = t.let_("lbind(canvas, TEN)".into());
                let grow = t.let_("rbind(add, TWO)".into());
                let blank = t.let_(format!("chain({canvas}, {grow}, shape)"));
                let inset = t.let_("rbind(shift, UNITY)".into());
                let placed = t.let_(format!("compose({inset}, normalize)"));
                let padded = t.let_(format!("fork(paint, {blank}, {placed})"));
                let o1 = t.let_("rbind(objects, F)".into());
                let o2 = t.let_(format!("rbind({o1}, F)"));
                let o3 = t.let_(format!("rbind({o2}, T)"));
                let tens = t.let_("rbind(colorfilter, TEN)".into());
                let count = t.let_(format!("chain(size, {tens}, {o3})"));
                let holes = t.let_(format!("compose(decrement, {count})"));
                t.let_(format!("compose({holes}, {padded})"))
            }
        }
    }
}

/// Regions of non-object cells in the object's box, padded by one all round, but the outside.
fn holes(cells: &[(i32, i32, i32)]) -> i64 {
    let (Some(i0), Some(j0)) = (cells.iter().map(|c| c.1).min(), cells.iter().map(|c| c.2).min()) else { return 0 };
    let (h, w) = (cells.iter().map(|c| c.1 - i0).max().unwrap_or(0) as usize + 3, cells.iter().map(|c| c.2 - j0).max().unwrap_or(0) as usize + 3);
    let mut seen = vec![false; h * w];
    cells.iter().for_each(|c| seen[(c.1 - i0 + 1) as usize * w + (c.2 - j0 + 1) as usize] = true);
    let mut regions = 0;
    for start in 0..h * w {
        if seen[start] {
            continue;
        }
        regions += 1;
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(k) = stack.pop() {
            let (i, j) = (k / w, k % w);
            let next = [(i > 0).then(|| k - w), (i + 1 < h).then(|| k + w), (j > 0).then(|| k - 1), (j + 1 < w).then(|| k + 1)];
            for n in next.into_iter().flatten() {
                if !seen[n] {
                    seen[n] = true;
                    stack.push(n);
                }
            }
        }
    }
    regions - 1
}

/// The keys for a task whose inputs use `colours`. No positions: on training, a map of
/// `leftmost` values fitted d5d6de2d by coincidence.
fn keys(colours: &[i64]) -> Vec<Key> {
    let mut keys: Vec<Key> = ["size", "height", "width", "numcolors", "vline", "hline", "square"].into_iter().map(Key::prim).collect();
    keys.push(Key::Calls { text: "compose(size, delta)".into(), calls: vec!["delta", "size"], extra: None });
    // Odd or even sides (training 868de0fa: enclosed areas of even width take one colour, of
    // odd width another, and a map of sizes seen fits the demos but not the test).
    keys.extend(["width", "height"].map(|k| Key::Calls { text: format!("compose(even, {k})"), calls: vec![k, "even"], extra: None }));
    keys.extend(colours.iter().map(|&c| Key::Calls {
        text: format!("rbind(colorcount, {})", colour_name(c)),
        calls: vec!["colorcount"],
        extra: Some(Value::Int(c)),
    }));
    keys.extend([Key::Bordering, Key::Holes]);
    keys
}

/// What an object becomes in the demo output: one colour, or kept as it is (several colours).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    Colour(i8),
    Kept,
}

/// One object of a demo input: its target and whether its cells change.
struct Obj {
    value: Value,
    target: Target,
    changed: bool,
}

fn cells(obj: &Value) -> Vec<(i32, i32, i32)> {
    match obj {
        Value::Object(cs) => cs.iter().map(|c| (c.c, c.i, c.j)).collect(),
        _ => Vec::new(),
    }
}

/// The target of each object, or `None` when the output differs from the input outside the
/// objects or an object neither keeps its cells nor takes one colour.
fn targets(objs: &[Value], i: &Grid, o: &Grid) -> Option<Vec<(Target, bool)>> {
    let mut covered = vec![false; i.cells.len()];
    let mut out = Vec::with_capacity(objs.len());
    for obj in objs {
        let cs = cells(obj);
        let at = |&(_, r, c): &(i32, i32, i32)| r as usize * o.w + c as usize;
        let first = o.cells[at(cs.first()?)];
        let changed = cs.iter().any(|cell| o.cells[at(cell)] as i32 != cell.0);
        let target = if cs.iter().all(|cell| o.cells[at(cell)] == first) {
            Target::Colour(first)
        } else if !changed {
            Target::Kept
        } else {
            return None;
        };
        cs.iter().for_each(|cell| covered[at(cell)] = true);
        out.push((target, changed));
    }
    let outside_same = (0..i.cells.len()).all(|k| covered[k] || i.cells[k] == o.cells[k]);
    outside_same.then_some(out)
}

/// Fill steps: `(selector expression, colour)` after an optional fill of every object.
fn program(base: &Text, objs: &str, default: Option<i8>, fills: &[(String, i8)]) -> Option<Program> {
    let mut t = base.clone();
    let mut grid = "I".to_string();
    if let Some(d) = default {
        let all = t.let_(format!("merge({objs})"));
        grid = t.let_(format!("fill({grid}, {}, {all})", colour_name(d as i64)));
    }
    for (selector, c) in fills {
        let patch = t.let_(selector.clone());
        grid = t.let_(format!("fill({grid}, {}, {patch})", colour_name(*c as i64)));
    }
    t.program()
}

/// The most common colour among `targets`, if any.
fn commonest(targets: impl Iterator<Item = Target>) -> Option<i8> {
    let mut n = [0usize; 256];
    targets.for_each(|t| {
        if let Target::Colour(c) = t {
            n[c as u8 as usize] += 1
        }
    });
    (0..256).filter(|&c| n[c] > 0).max_by_key(|&c| (n[c], std::cmp::Reverse(c))).map(|c| c as u8 as i8)
}

/// How a recolouring generalises, best first (the first one that fits is kept): extremes
/// and maps of both values of a yes/no key hold for any key values; a default colour for every
/// object gives unseen values a colour; a map of the seen values only leaves other objects as
/// they are.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Extreme,
    Default,
    SeenOnly,
}

/// Maps from key values to colours (value classes), for one key's objects of every pair.
/// The classes a map fills must mostly recur: fewer than one in three may be seen in one demo
/// pair only. A value seen once is as likely a coincidence of the key as a rule (on eval-dev,
/// widths seen once each gave 009d5c81 a false fit), but one new value among recurring ones is
/// how many tasks show their last class (a count of holes seen in one pair, in 0a2355a6).
fn class_maps(base: &Text, objs: &str, key: &str, pairs: &[Vec<Obj>]) -> Vec<(Rank, Program)> {
    // (value, target, changed, pairs seen in as a bit mask)
    let mut classes: Vec<(Value, Target, bool, u64)> = Vec::new();
    for (k, o) in pairs.iter().enumerate().flat_map(|(k, p)| p.iter().map(move |o| (k, o))) {
        let bit = 1u64 << k.min(63);
        match classes.iter_mut().find(|(v, ..)| batt_dsl::order::canon_eq(v, &o.value)) {
            Some((_, t, changed, seen)) if *t == o.target => {
                *changed |= o.changed;
                *seen |= bit;
            }
            Some(_) => return Vec::new(),
            None => classes.push((o.value.clone(), o.target, o.changed, bit)),
        }
    }
    // Key values by name, or as a number past arc-dsl's named ones (sizes over TEN).
    let name = |v: &Value| match v {
        Value::Int(n) if *n >= 0 => Some(batt_program::print::const_text(v)),
        _ => batt_program::constants::name_of(v).map(String::from),
    };
    let Some(names) = classes.iter().map(|(v, ..)| name(v)).collect::<Option<Vec<_>>>() else {
        return Vec::new();
    };
    // The fills, if the map is trusted.
    let trusted = |fills: Vec<(String, i8, u64)>| {
        let once = fills.iter().filter(|f| f.2.count_ones() < 2).count();
        (once * 3 <= fills.len()).then(|| fills.into_iter().map(|(s, c, _)| (s, c)).collect::<Vec<_>>())
    };
    let selector = |name: &str| format!("mfilter({objs}, matcher({key}, {name}))");
    let mut found = Vec::new();
    // The default colour fills every object first: it needs a colour for every class, and at
    // least two classes taking it (otherwise it is no "everything else").
    let default = commonest(classes.iter().map(|c| c.1));
    if let Some(d) =
        default.filter(|&d| classes.iter().all(|c| c.1 != Target::Kept) && classes.iter().filter(|c| c.1 == Target::Colour(d)).count() >= 2)
    {
        let rest: Vec<(String, i8, u64)> = classes
            .iter()
            .zip(&names)
            .filter_map(|((_, t, _, seen), name)| match t {
                Target::Colour(c) if *c != d => Some((selector(name), *c, *seen)),
                _ => None,
            })
            .collect();
        found.extend(trusted(rest).and_then(|rest| program(base, objs, Some(d), &rest)).map(|p| (Rank::Default, p)));
    }
    let seen_only: Vec<(String, i8, u64)> = classes
        .iter()
        .zip(&names)
        .filter_map(|((_, t, changed, seen), name)| match t {
            Target::Colour(c) if *changed => Some((selector(name), *c, *seen)),
            _ => None,
        })
        .collect();
    // A yes/no key with both answers seen leaves no value unseen: its map holds for any object.
    let total = classes.len() == 2 && classes.iter().all(|c| matches!(c.0, Value::Bool(_)));
    let rank = if total { Rank::Extreme } else { Rank::SeenOnly };
    found.extend(trusted(seen_only).and_then(|s| program(base, objs, None, &s)).map(|p| (rank, p)));
    found
}

/// The object with the most (`argmax`) or fewest (`argmin`) of the key takes one colour, and
/// both at once; every other object is kept or takes one colour of its own.
fn extreme_maps(base: &Text, objs: &str, key: &str, pairs: &[Vec<Obj>]) -> Vec<(Rank, Program)> {
    // The unique extreme object of each pair, by index.
    let extreme = |objs: &[Obj], max: bool| -> Option<usize> {
        let ints: Vec<i64> = objs.iter().map(|o| if let Value::Int(n) = o.value { Some(n) } else { None }).collect::<Option<_>>()?;
        let best = if max { *ints.iter().max()? } else { *ints.iter().min()? };
        (ints.iter().filter(|&&n| n == best).count() == 1).then(|| ints.iter().position(|&n| n == best).unwrap())
    };
    let mut found = Vec::new();
    for picks in [&[true][..], &[false], &[true, false]] {
        let Some(chosen) = pairs.iter().map(|p| picks.iter().map(|&m| extreme(p, m)).collect::<Option<Vec<_>>>()).collect::<Option<Vec<_>>>() else {
            continue;
        };
        if chosen.iter().any(|c| c.len() == 2 && c[0] == c[1]) {
            continue;
        }
        // Each pick's colour, the same in every pair.
        let colours: Option<Vec<i8>> = (0..picks.len())
            .map(|k| {
                let ts: Vec<Target> = pairs.iter().zip(&chosen).map(|(p, c)| p[c[k]].target).collect();
                match ts[0] {
                    Target::Colour(c) if ts.iter().all(|&t| t == ts[0]) => Some(c),
                    _ => None,
                }
            })
            .collect();
        let Some(colours) = colours else { continue };
        let rest = pairs.iter().zip(&chosen).flat_map(|(p, c)| p.iter().enumerate().filter(move |(k, _)| !c.contains(k)).map(|(_, o)| o));
        let rest: Vec<&Obj> = rest.collect();
        let default = if rest.iter().all(|o| !o.changed) {
            None
        } else {
            match rest[0].target {
                Target::Colour(c) if rest.iter().all(|o| o.target == rest[0].target) => Some(c),
                _ => continue,
            }
        };
        let fills: Vec<(String, i8)> =
            picks.iter().zip(&colours).map(|(&m, &c)| (format!("{}({objs}, {key})", if m { "argmax" } else { "argmin" }), c)).collect();
        found.extend(program(base, objs, default, &fills).map(|p| (Rank::Extreme, p)));
    }
    found
}

/// Every object takes the colour of its rank by the key: the one with the most first, then the
/// one with the most of the others... (training 08ed6ac7: four bars take 1, 2, 3, 4 from the
/// tallest down, and a map of the heights seen fits the demos but not the test). Each pair
/// must have the same number of objects, at least three (two are the extremes), with
/// distinct key values, and each rank one colour in every pair.
fn ranked_map(base: &Text, objs: &str, key: &str, pairs: &[Vec<Obj>]) -> Option<(Rank, Program)> {
    let n = pairs.first()?.len();
    if !(3..=6).contains(&n) || pairs.iter().any(|p| p.len() != n) {
        return None;
    }
    let mut colours: Option<Vec<i8>> = None;
    for p in pairs {
        let mut ranked: Vec<(i64, Target)> =
            p.iter().map(|o| if let Value::Int(v) = o.value { Some((v, o.target)) } else { None }).collect::<Option<_>>()?;
        ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        if ranked.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        let cs: Vec<i8> = ranked.iter().map(|r| if let Target::Colour(c) = r.1 { Some(c) } else { None }).collect::<Option<_>>()?;
        if colours.get_or_insert_with(|| cs.clone()) != &cs {
            return None;
        }
    }
    let mut t = base.clone();
    let (mut grid, mut rest) = ("I".to_string(), objs.to_string());
    for (k, c) in colours?.iter().enumerate() {
        let top = t.let_(format!("argmax({rest}, {key})"));
        grid = t.let_(format!("fill({grid}, {}, {top})", colour_name(*c as i64)));
        if k + 1 < n {
            rest = t.let_(format!("remove({top}, {rest})"));
        }
    }
    Some((Rank::Extreme, t.program()?))
}

/// The recolouring programs of every objects setting whose objects explain the demo outputs.
pub fn recolour_programs(task: &TaskData, fuel: u64) -> Vec<Program> {
    let grids: Option<Vec<(&Grid, &Grid)>> = task
        .train
        .iter()
        .map(|(i, o)| match (i, o) {
            (Value::Grid(i), Value::Grid(o)) if (i.h, i.w) == (o.h, o.w) && i != o => Some((&**i, &**o)),
            _ => None,
        })
        .collect();
    let Some(grids) = grids else { return Vec::new() };
    let mask = task.train.iter().fold(0, |m, (i, _)| m | palette_mask(i));
    let colours: Vec<i64> = (0..10).filter(|c| mask & (1 << c) != 0).collect();
    let mut found = Vec::new();
    // Background excluded first: recolouring the background's objects too is rarely meant.
    // Then the background's regions off the border alone (`bg_only`): the areas frames
    // enclose, filled by their size (training c0f76784), where a frame's or the outside's
    // size may equal an area's and make the map of every object no function.
    let settings = (0..8).map(|k| (k & 1 == 0, k & 2 == 2, k & 4 == 0, false)).chain([false, true].map(|d| (true, d, false, true)));
    for (univalued, diagonal, without_bg, bg_only) in settings {
        let b = |x: bool| if x { "T" } else { "F" };
        let mut base = Text::default();
        let mut objs = base.let_(format!("objects(I, {}, {}, {})", b(univalued), b(diagonal), b(without_bg)));
        if bg_only {
            let bg = base.let_("mostcolor(I)".into());
            let bgs = base.let_(format!("colorfilter({objs}, {bg})"));
            let edge = base.let_("rbind(bordering, I)".into());
            let inner = base.let_(format!("compose(flip, {edge})"));
            objs = base.let_(format!("sfilter({bgs}, {inner})"));
        }
        // The objects as the program computes them (its steps so far, to `objs`).
        let mut upto = base.clone();
        upto.let_(format!("identity({objs})"));
        let Some(objects) = upto.program() else { continue };
        // Each setting its own fuel: one with many objects does not starve the next.
        let mut ctx = Ctx::new(fuel);
        // Each pair's objects with their targets, or skip the setting.
        let mut per_pair: Vec<Vec<(Value, Target, bool)>> = Vec::new();
        for ((i, _), (gi, go)) in task.train.iter().zip(&grids) {
            let Ok(Value::Set(objs)) = eval(&objects, std::slice::from_ref(i), &mut ctx) else { break };
            let Some(ts) = targets(&objs, gi, go) else { break };
            per_pair.push(objs.iter().cloned().zip(ts).map(|(o, (t, c))| (o, t, c)).collect());
        }
        if per_pair.len() != grids.len() || per_pair.iter().flatten().all(|o| !o.2) {
            continue;
        }
        for key in keys(&colours) {
            let pairs: Option<Vec<Vec<Obj>>> = per_pair
                .iter()
                .zip(&task.train)
                .map(|(p, (i, _))| {
                    p.iter().map(|(o, target, changed)| Some(Obj { value: key.value(&mut ctx, o, i)?, target: *target, changed: *changed })).collect()
                })
                .collect();
            let Some(pairs) = pairs else { continue };
            let mut t = base.clone();
            let k = key.write(&mut t);
            found.extend(class_maps(&t, &objs, &k, &pairs));
            found.extend(extreme_maps(&t, &objs, &k, &pairs));
            found.extend(ranked_map(&t, &objs, &k, &pairs));
        }
    }
    // Fewer classes first within a rank: a map of two parities over one of seven sizes seen.
    found.sort_by_key(|f| (f.0, f.1.nodes.len()));
    found.into_iter().map(|f| f.1).collect()
}

#[cfg(test)]
#[path = "recolour_tests.rs"]
mod tests;
