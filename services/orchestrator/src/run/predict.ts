// Test predictions from stored solvers: up to two distinct grids per test input, from the
// best solvers first (all demo pairs solved, then simplest, then fastest).
import { type Grid, gridToJson, packGrids, type Task, unpackGrids } from '@batt/arc-data';
import { DEFAULT_FUEL, ProgramSet } from '@batt/native';
import type { StoredSolver } from '@batt/store';


/** The source of a stored (canonical) program as a named solver function. */
export function solverSource(taskId: string, text: string, suffix = ''): string {
  return `def solve_${taskId}${suffix}${text}`;
}

export function predictionOrder(a: StoredSolver, b: StoredSolver): number {
  return b.score - a.score || a.size - b.size || a.work - b.work || (a.hash < b.hash ? -1 : 1);
}

/**
 * For each task, its attempts per test input (0 to 2 grids each). Runs every task's stored
 * solvers on its test inputs in one native batch. Test outputs are never looked at.
 */
export function predict(tasks: readonly Task[], solvers: ReadonlyMap<string, StoredSolver[]>): Map<string, Grid[][]> {
  const lines: string[] = [];
  const grids: Grid[] = [];
  const jobs: number[] = [];
  const slots: { taskId: string; test: number }[] = [];
  let program = 0;
  for (const t of tasks) {
    const ranked = [...(solvers.get(t.id) ?? [])].sort(predictionOrder);
    const first = grids.length;
    for (const p of t.test) grids.push(p.input);
    for (const s of ranked) {
      lines.push(solverSource(t.id, s.text, `_${program}`));
      t.test.forEach((_, k) => {
        jobs.push(program, first + k);
        slots.push({ taskId: t.id, test: k });
      });
      program++;
    }
  }
  const out = new Map<string, Grid[][]>(tasks.map((t) => [t.id, t.test.map(() => [])]));
  if (jobs.length === 0) return out;
  const set = new ProgramSet(Buffer.from(lines.join('\n')));
  const packed = packGrids(grids);
  const run = set.run(packed.cells, packed.shapes, Uint32Array.from(jobs), DEFAULT_FUEL);
  const outs = unpackGrids({ cells: run.cells, shapes: run.shapes });
  slots.forEach((slot, k) => {
    const g = outs[k];
    const attempts = out.get(slot.taskId)![slot.test]!;
    if (!g || attempts.length >= 2) return;
    if (!attempts.some((a) => a.h === g.h && a.w === g.w && a.cells.every((c, i) => c === g.cells[i]))) attempts.push(g);
  });
  return out;
}

export interface Submission {
  /** Kaggle format: {task: [{attempt_1, attempt_2}, ...]}. */
  json: Record<string, { attempt_1: number[][]; attempt_2: number[][] }[]>;
  predicted: number;
  testInputs: number;
}

/** How many test inputs there are, and how many got at least one attempt. */
export function coverage(tasks: readonly Task[], predictions: ReadonlyMap<string, Grid[][]>): { predicted: number; testInputs: number } {
  let predicted = 0;
  let testInputs = 0;
  for (const t of tasks) {
    testInputs += t.test.length;
    predicted += predictions.get(t.id)!.filter((a) => a.length > 0).length;
  }
  return { predicted, testInputs };
}

/** A Kaggle submission from stored solvers; a test input without a prediction gets its input. */
export function submission(tasks: readonly Task[], solvers: ReadonlyMap<string, StoredSolver[]>): Submission {
  const predictions = predict(tasks, solvers);
  const json: Submission['json'] = {};
  for (const t of tasks) {
    json[t.id] = t.test.map((p, k) => {
      const attempts = predictions.get(t.id)![k]!;
      const a1 = attempts[0] ?? p.input;
      const a2 = attempts[1] ?? a1;
      return { attempt_1: gridToJson(a1), attempt_2: gridToJson(a2) };
    });
  }
  return { json, ...coverage(tasks, predictions) };
}
