//! The non-grid values `classify` reads one-colour outputs off (`EnumResult::features`).

use batt_dsl::types::Type;
use batt_dsl::Value;
use batt_program::canon::canonicalize;

use super::{Enumerated, Enumerator};
use crate::classify::Uniform;
use crate::hash::behaviour_hash;

/// Most features of each kind `uniform_features` keeps (the cheapest).
const MAX_FEATURES: usize = 8;

/// Where every demo output is a grid of one colour: the cheapest computed programs equal to
/// the outputs' colours on every demo input (integers), to their shapes (pairs), and, where
/// the outputs have two colours, the booleans that tell them apart (`equality_features`: true
/// for one colour on every demo input). Their test values are whatever they compute.
pub(super) fn uniform_features(en: &Enumerator<'_>) -> Vec<Enumerated> {
    let Some(outs) = &en.uniform else { return Vec::new() };
    let first = outs[0].0;
    let two = outs.iter().any(|o| o.0 != first) && outs.iter().all(|o| o.0 == first || outs.iter().all(|p| p.0 == first || p.0 == o.0));
    let n = outs.len();
    let mut kinds: [Vec<u32>; 2] = Default::default();
    for (e, x) in en.bank.iter().enumerate() {
        if x.konst {
            continue;
        }
        let all = |f: &dyn Fn(&Value, &Uniform) -> bool| x.vals[..n].iter().zip(outs).all(|(v, o)| f(v, o));
        let kind = match x.ty {
            Type::Integer if all(&|v, o| matches!(v, Value::Int(c) if *c == o.0 as i64)) => 0,
            Type::IntegerTuple if all(&|v, o| matches!(v, Value::Pair(h, w) if (*h, *w) == (o.1 .0 as i64, o.1 .1 as i64))) => 1,
            _ => continue,
        };
        kinds[kind].push(e as u32);
    }
    let mut out: Vec<Enumerated> = kinds
        .iter_mut()
        .flat_map(|k| {
            k.sort_by_key(|&e| en.bank[e as usize].cost);
            k.truncate(MAX_FEATURES);
            k.iter().copied()
        })
        .collect::<Vec<u32>>()
        .into_iter()
        .map(|e| {
            let x = &en.bank[e as usize];
            Enumerated { program: en.program(e), outputs: x.vals.to_vec(), behaviour: behaviour_hash(x.vals.iter().map(Some)), cost: x.cost }
        })
        .collect();
    if two {
        out.extend(equality_features(en, &outs.iter().map(|o| o.0 == first).collect::<Vec<_>>()));
    }
    out.extend(dimension_features(en, outs));
    out
}

/// One side of a shape: a fixed length, or an integer feature plus `adj` (0 or 1:
/// `increment`), its cost, and its values on every input.
struct Side {
    cost: usize,
    entry: Option<u32>,
    adj: i64,
    vals: Vec<i64>,
}

/// Shapes enumeration does not build: `astuple(h, w)` of a height and a width that are each
/// a fixed length or an integer feature (or one more than it) on every demo input, at least
/// one computed: a bar as long as a count (training d631b094; one row more than the count,
/// eval-dev's counting tasks), the cheapest few.
fn dimension_features(en: &Enumerator<'_>, outs: &[Uniform]) -> Vec<Enumerated> {
    let n = outs.len();
    let sides: Vec<Vec<Side>> = (0..2)
        .map(|d| {
            let dim = |o: &Uniform| if d == 0 { o.1 .0 as i64 } else { o.1 .1 as i64 };
            let mut sides = Vec::new();
            if outs.iter().all(|o| dim(o) == dim(&outs[0])) {
                sides.push(Side { cost: 0, entry: None, adj: 0, vals: vec![dim(&outs[0]); en.n_inputs] });
            }
            for (e, x) in en.bank.iter().enumerate() {
                if x.konst || x.ty != Type::Integer || x.cost > 2 {
                    continue;
                }
                let ints: Option<Vec<i64>> = x.vals.iter().map(|v| if let Value::Int(k) = v { Some(*k) } else { None }).collect();
                let Some(ints) = ints else { continue };
                for adj in [0, 1] {
                    if ints[..n].iter().zip(outs).all(|(k, o)| k + adj == dim(o)) {
                        sides.push(Side { cost: x.cost + adj as usize, entry: Some(e as u32), adj, vals: ints.iter().map(|k| k + adj).collect() });
                    }
                }
            }
            sides.sort_by_key(|s| s.cost);
            sides.truncate(MAX_FEATURES / 2);
            sides
        })
        .collect();
    let mut out = Vec::new();
    for h in &sides[0] {
        for w in sides[1].iter().filter(|w| h.entry.is_some() || w.entry.is_some()) {
            let mut dag = crate::stages::Dag::new();
            let node = |s: &Side, dag: &mut crate::stages::Dag| match s.entry {
                None => dag.konst(Value::Int(s.vals[0])),
                Some(e) => {
                    let p = en.program(e);
                    let x = dag.absorb(&p)[p.output as usize];
                    if s.adj == 1 {
                        dag.prim_call("increment", vec![x])
                    } else {
                        x
                    }
                }
            };
            let (hn, wn) = (node(h, &mut dag), node(w, &mut dag));
            dag.program.output = dag.prim_call("astuple", vec![hn, wn]);
            let vals: Vec<Value> = h.vals.iter().zip(&w.vals).map(|(&a, &b)| Value::Pair(a, b)).collect();
            out.push(Enumerated {
                program: canonicalize(&dag.program),
                behaviour: behaviour_hash(vals.iter().map(Some)),
                outputs: vals,
                cost: h.cost + w.cost + 1,
            });
        }
    }
    out.sort_by_key(|e| e.cost);
    out.truncate(MAX_FEATURES);
    out
}

/// Booleans enumeration does not build (it leaves out predicates): `equality(a, b)` of two
/// values of cost at most 1 and one type (grids, integers, constants included), true on
/// exactly the demo inputs `split` marks or exactly the others; the cheapest few.
fn equality_features(en: &Enumerator<'_>, split: &[bool]) -> Vec<Enumerated> {
    let n = split.len();
    let cands: Vec<u32> = (0..en.bank.len() as u32)
        .filter(|&e| matches!(en.bank[e as usize].ty, Type::Grid | Type::Integer) && en.bank[e as usize].cost <= 1)
        .collect();
    let mut found: Vec<(usize, u32, u32)> = Vec::new();
    for (k, &a) in cands.iter().enumerate() {
        for &b in &cands[k + 1..] {
            let (x, y) = (&en.bank[a as usize], &en.bank[b as usize]);
            if x.ty != y.ty || x.konst && y.konst {
                continue;
            }
            let eq: Vec<bool> = (0..n).map(|i| batt_dsl::order::canon_eq(&x.vals[i], &y.vals[i])).collect();
            if eq == split || eq.iter().zip(split).all(|(e, s)| e != s) {
                found.push((x.cost + y.cost, a, b));
            }
        }
    }
    found.sort();
    found.truncate(MAX_FEATURES);
    found
        .into_iter()
        .map(|(cost, a, b)| {
            let mut dag = crate::stages::Dag::new();
            let (pa, pb) = (en.program(a), en.program(b));
            let na = dag.absorb(&pa)[pa.output as usize];
            let nb = dag.absorb(&pb)[pb.output as usize];
            dag.program.output = dag.prim_call("equality", vec![na, nb]);
            let vals: Vec<Value> = (0..en.n_inputs)
                .map(|i| Value::Bool(batt_dsl::order::canon_eq(&en.bank[a as usize].vals[i], &en.bank[b as usize].vals[i])))
                .collect();
            Enumerated { program: canonicalize(&dag.program), behaviour: behaviour_hash(vals.iter().map(Some)), outputs: vals, cost: cost + 1 }
        })
        .collect()
}
