//! Candidates the scoring stage makes itself, scored where they are evaluated: typed
//! enumeration (its values on every input are already there, so nothing is printed, shipped
//! or evaluated again), the compositions of its partial candidates (`compose`, with patches
//! one map further, `patchmaps`) and its best
//! partial candidates deepened by appended transforms (`deepen`).

use std::rc::Rc;
use std::time::Instant;

use batt_dsl::{Ctx, Grid};
use batt_program::batch::as_arc_grid;
use batt_program::{eval, Program};
use rustc_hash::FxHashSet;
use serde_json::{json, Value as Json};

use crate::classify::classification_programs;
use crate::compose::{build, compose, is_objects, ComposeConfig, GridCand, PatchCand};
use crate::deepen::{deepen, DeepenConfig, Root};
use crate::depth::depth_programs;
use crate::enumerate::{enumerate, EnumConfig};
use crate::moves::move_programs;
use crate::parts::part_programs;
use crate::patchmaps::patch_maps;
use crate::recolour::recolour_programs;
use crate::score::{scored, Scored, Source};
use crate::select::selection_programs;
use crate::task::TaskData;
use crate::tiles::{self, tilings};

/// A synthesis family: whether it is on, its lineage's source, and its programs (made only
/// when asked for).
type Family<'a> = (bool, &'static str, &'a dyn Fn() -> Vec<Program>);

/// A grid (or none) on every input: train inputs, then test inputs.
type Outputs = Vec<Option<Rc<Grid>>>;

/// A made candidate: its program, its scores and where it came from.
pub struct Made {
    pub program: Program,
    pub scored: Scored,
    pub lineage: Json,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct MadeCounts {
    /// Distinct behaviours enumeration found (all types), and argument combinations it tried.
    pub enumerated: usize,
    pub evals: usize,
    pub truncated: bool,
    pub composed: usize,
    /// Deepened candidates made, and transform applications deepening evaluated.
    pub deepened: usize,
    pub deepen_evals: usize,
    /// Fuel enumeration spent.
    pub work: u64,
}

fn grid_outputs(p: &Program, task: &TaskData, fuel: u64) -> Vec<Option<Rc<Grid>>> {
    task.inputs()
        .iter()
        .map(|input| {
            let mut ctx = Ctx::new(fuel);
            eval(p, std::slice::from_ref(input), &mut ctx).ok().as_ref().and_then(as_arc_grid)
        })
        .collect()
}

/// Enumerates `task`, then composes and deepens the results while nothing fits;
/// `Source::Enum(k)` of each candidate is its index in the returned list.
pub fn made_candidates(
    task: &TaskData,
    en: &EnumConfig,
    comp: Option<&ComposeConfig>,
    deep: Option<&DeepenConfig>,
    fuel: u64,
    deadline: Option<Instant>,
) -> (Vec<Made>, MadeCounts) {
    let mut en = en.clone();
    en.last_patches |= comp.is_some();
    if let Some(d) = deadline {
        let left = d.saturating_duration_since(Instant::now());
        en.time_limit = Some(en.time_limit.map_or(left, |t| t.min(left)));
    }
    let mut r = enumerate(task, &en);
    let mut counts = MadeCounts { enumerated: r.bank, evals: r.evals, truncated: r.truncated, work: r.work, ..Default::default() };
    let expected = task.train_outputs();
    let grids: Vec<Vec<Option<Rc<Grid>>>> = r.programs.iter().map(|e| e.outputs.iter().map(as_arc_grid).collect()).collect();
    let mut out: Vec<Made> = Vec::new();
    for (e, outs) in r.programs.iter().zip(&grids) {
        if let Some(s) = scored(Source::Enum(out.len()), outs.clone(), &expected) {
            out.push(Made { program: e.program.clone(), scored: s, lineage: json!({ "source": "enumeration", "cost": e.cost }) });
        }
    }
    let fits = |out: &[Made]| out.iter().any(|m| m.scored.score == 1.0);
    let complete = |o: &[Option<Rc<Grid>>]| o.iter().all(|g| g.is_some());
    let gi: Vec<usize> = (0..grids.len()).filter(|&k| complete(&grids[k])).collect();
    let mut gc: Vec<GridCand<'_>> = gi.iter().map(|&k| GridCand { outputs: &grids[k], cost: r.programs[k].cost }).collect();
    // Programs read off the demo pairs: tilings of the candidates, rules over equal parts,
    // object selections, recolourings by a key, objects moved toward a target. Each is kept
    // only if it fits: one that does not is no partial solution, only a competitor of the
    // partial candidates for the two attempts (on eval-dev, keeping them lost d56f2372's right
    // answer).
    // Each family is read off only while nothing fits: a fit makes the later ones unnecessary.
    if let Some(c) = comp {
        let targets = expected.iter().cloned().collect::<Option<Vec<_>>>();
        let families: [Family<'_>; 6] = [
            (c.classification, "classification", &|| classification_programs(task, &r.features)),
            (c.tilings && targets.is_some(), "tiling", &|| {
                let targets = targets.as_deref().unwrap_or_default();
                tilings(targets, &gc).iter().map(|t| tiles::build(t, |g| r.programs[gi[g]].program.clone())).collect()
            }),
            (c.part_logic, "part logic", &|| part_programs(task, fuel)),
            (c.selection, "selection", &|| selection_programs(task, fuel)),
            (c.recolour, "recolouring", &|| {
                let mut found = recolour_programs(task, fuel);
                found.extend(depth_programs(task));
                found
            }),
            (c.moves, "moves", &|| move_programs(task)),
        ];
        for (on, source, programs) in families {
            if !on || fits(&out) {
                continue;
            }
            for p in programs() {
                if fits(&out) || batt_program::expired(deadline) {
                    break;
                }
                if let Some(s) = scored(Source::Enum(out.len()), grid_outputs(&p, task, fuel), &expected).filter(|s| s.score == 1.0) {
                    counts.composed += 1;
                    out.push(Made { program: p, scored: s, lineage: json!({ "source": source }) });
                }
            }
        }
    }
    let mut patches = std::mem::take(&mut r.patches);
    // Only for composition, which a fit makes unnecessary.
    if let Some(pm) = comp.and_then(|c| c.patch_maps.as_ref()).filter(|_| !fits(&out)) {
        patches.extend(patch_maps(&patches, pm));
    }
    let run_compose =
        |gc: &[GridCand<'_>], program: &dyn Fn(usize) -> Program, comp: &ComposeConfig, out: &mut Vec<Made>, counts: &mut MadeCounts| {
            if fits(out) || batt_program::expired(deadline) {
                return;
            }
            let pc: Vec<PatchCand<'_>> = patches.iter().map(|e| PatchCand { values: &e.outputs, cost: e.cost }).collect();
            let inputs: Vec<Option<Rc<Grid>>> = task.train.iter().map(|(i, _)| as_arc_grid(i)).collect();
            for c in compose(&expected, &inputs, gc, &pc, comp) {
                if batt_program::expired(deadline) {
                    break;
                }
                let p = build(&c, program, |k| (patches[k].program.clone(), is_objects(&patches[k].outputs)));
                let outs = grid_outputs(&p, task, fuel);
                if let Some(s) = scored(Source::Enum(out.len()), outs, &expected) {
                    counts.composed += 1;
                    out.push(Made { program: p, scored: s, lineage: json!({ "source": "composition", "layers": c.layers.len(), "cost": c.cost }) });
                }
            }
        };
    if let Some(comp) = comp {
        run_compose(&gc, &|g| r.programs[gi[g]].program.clone(), comp, &mut out, &mut counts);
    }
    let Some(deep) = deep.filter(|_| !fits(&out) && !batt_program::expired(deadline)) else { return (out, counts) };
    let full: Vec<Vec<Rc<Grid>>> = gi.iter().map(|&k| grids[k].iter().flatten().cloned().collect()).collect();
    let roots: Vec<Root<'_>> =
        gi.iter().zip(&full).map(|(&k, o)| Root { program: &r.programs[k].program, outputs: o, cost: r.programs[k].cost }).collect();
    let mut seen: FxHashSet<u128> = r.programs.iter().map(|e| e.behaviour).collect();
    let (made, c) = deepen(task, &roots, &mut seen, deep, deadline);
    counts.deepen_evals = c.evals;
    // Deepened programs complete on every input, with their grids and costs.
    let mut deepened: Vec<(Program, Outputs, usize)> = Vec::new();
    for d in made {
        // Re-evaluated from its program, as compositions are: what is scored is what the
        // program computes, not the values it was searched with.
        let outs = grid_outputs(&d.program, task, fuel);
        if let Some(s) = scored(Source::Enum(out.len()), outs.clone(), &expected) {
            counts.deepened += 1;
            let lineage = json!({ "source": "deepening", "steps": d.steps, "cost": d.cost });
            out.push(Made { program: d.program.clone(), scored: s, lineage });
            if complete(&outs) {
                deepened.push((d.program, outs, d.cost));
            }
        }
    }
    // Deepened candidates are better bases (more cells right): compose again with them.
    // Layers stacked on deepened bases overfit: on training, up to 4 of them made 2 more fits
    // than 1 layer, both wrong on test, for the same right outputs (`compose_layers`).
    if let Some(comp) = comp.filter(|_| deep.compose_layers > 0 && !deepened.is_empty()) {
        let comp = ComposeConfig { max_layers: comp.max_layers.min(deep.compose_layers), ..comp.clone() };
        gc.extend(deepened.iter().map(|(_, o, cost)| GridCand { outputs: o, cost: *cost }));
        let n = gi.len();
        run_compose(&gc, &|g| if g < n { r.programs[gi[g]].program.clone() } else { deepened[g - n].0.clone() }, &comp, &mut out, &mut counts);
    }
    (out, counts)
}
