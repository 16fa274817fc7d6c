//! Candidates the scoring stage makes itself, scored where they are evaluated: typed
//! enumeration (its values on every input are already there, so nothing is printed, shipped
//! or evaluated again) and the compositions of its partial candidates (`compose`).

use std::rc::Rc;
use std::time::Instant;

use batt_dsl::{Ctx, Grid};
use batt_program::batch::as_arc_grid;
use batt_program::{eval, Program};
use serde_json::{json, Value as Json};

use crate::compose::{build, compose, is_objects, ComposeConfig, GridCand, PatchCand};
use crate::enumerate::{enumerate, EnumConfig};
use crate::patchmaps::patch_maps;
use crate::score::{scored, Scored, Source};
use crate::task::TaskData;

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

/// Enumerates `task` and composes the results; `Source::Enum(k)` of each candidate is its
/// index in the returned list.
pub fn made_candidates(
    task: &TaskData,
    en: &EnumConfig,
    comp: Option<&ComposeConfig>,
    fuel: u64,
    deadline: Option<Instant>,
) -> (Vec<Made>, MadeCounts) {
    let mut en = en.clone();
    en.last_patches |= comp.is_some();
    if let Some(d) = deadline {
        let left = d.saturating_duration_since(Instant::now());
        en.time_limit = Some(en.time_limit.map_or(left, |t| t.min(left)));
    }
    let r = enumerate(task, &en);
    let mut counts = MadeCounts { enumerated: r.bank, evals: r.evals, truncated: r.truncated, composed: 0, work: r.work };
    let expected = task.train_outputs();
    let grids: Vec<Vec<Option<Rc<Grid>>>> = r.programs.iter().map(|e| e.outputs.iter().map(as_arc_grid).collect()).collect();
    let mut out: Vec<Made> = Vec::new();
    for (e, outs) in r.programs.iter().zip(&grids) {
        if let Some(s) = scored(Source::Enum(out.len()), outs.clone(), &expected) {
            out.push(Made { program: e.program.clone(), scored: s, lineage: json!({ "source": "enumeration", "cost": e.cost }) });
        }
    }
    let Some(comp) = comp else { return (out, counts) };
    if out.iter().any(|m| m.scored.score == 1.0) || batt_program::expired(deadline) {
        return (out, counts);
    }
    let complete = |o: &[Option<Rc<Grid>>]| o.iter().all(|g| g.is_some());
    let gi: Vec<usize> = (0..grids.len()).filter(|&k| complete(&grids[k])).collect();
    let gc: Vec<GridCand<'_>> = gi.iter().map(|&k| GridCand { outputs: &grids[k], cost: r.programs[k].cost }).collect();
    let mut patches = r.patches;
    if let Some(pm) = &comp.patch_maps {
        patches.extend(patch_maps(&patches, pm));
    }
    let pc: Vec<PatchCand<'_>> = patches.iter().map(|e| PatchCand { values: &e.outputs, cost: e.cost }).collect();
    let inputs: Vec<Option<Rc<Grid>>> = task.train.iter().map(|(i, _)| as_arc_grid(i)).collect();
    for c in compose(&expected, &inputs, &gc, &pc, comp) {
        if batt_program::expired(deadline) {
            break;
        }
        let p = build(&c, |g| r.programs[gi[g]].program.clone(), |k| (patches[k].program.clone(), is_objects(&patches[k].outputs)));
        let outs = grid_outputs(&p, task, fuel);
        if let Some(s) = scored(Source::Enum(out.len()), outs, &expected) {
            counts.composed += 1;
            out.push(Made { program: p, scored: s, lineage: json!({ "source": "composition", "layers": c.layers.len(), "cost": c.cost }) });
        }
    }
    (out, counts)
}
