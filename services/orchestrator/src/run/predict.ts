// Test predictions from stored solvers: up to two distinct grids per test input, from the
// best solvers first (the store's one order, compareSolvers). A stored program that no longer
// parses is skipped and reported, never fatal to the rest.
import { type Grid, gridToJson, LIST_MAX, packGrids, quote, type Task, unpackGrids } from '@batt/arc-data';
import { DEFAULT_FUEL, ProgramSet } from '@batt/native';
import { compareSolvers, type StoredSolver, type UnreadableRow } from '@batt/store';


/** The source of a stored (canonical) program as a named solver function. */
export function solverSource(taskId: string, text: string, suffix = ''): string {
  return `def solve_${taskId}${suffix}${text}`;
}

interface Program {
  task: Task;
  solver: StoredSolver;
}

const sourceOf = (list: readonly Program[]) => Buffer.from(list.map((p, k) => solverSource(p.task.id, p.solver.text, `_${k}`)).join('\n'));

/**
 * Parses the programs as one file; if that fails, finds the programs that do not parse on
 * their own, reports them through `onSkip` and parses the rest (the common case costs one parse).
 */
function parseAll(programs: readonly Program[], onSkip: (row: UnreadableRow) => void): { set: ProgramSet; kept: readonly Program[] } | undefined {
  if (programs.length === 0) return undefined;
  try {
    return { set: new ProgramSet(sourceOf(programs)), kept: programs };
  } catch {
    // some stored text does not parse: find it below
  }
  const kept = programs.filter((p) => {
    try {
      new ProgramSet(sourceOf([p]));
      return true;
    } catch (e) {
      onSkip({ taskId: p.task.id, hash: p.solver.hash, reason: `program does not parse: ${quote((e as Error).message)}` });
      return false;
    }
  });
  return kept.length > 0 ? { set: new ProgramSet(sourceOf(kept)), kept } : undefined;
}

/**
 * For each task, its attempts per test input (0 to 2 grids each). Runs every task's stored
 * solvers on its test inputs in one native batch. Test outputs are never looked at.
 */
export function predict(tasks: readonly Task[], solvers: ReadonlyMap<string, StoredSolver[]>, onSkip: (row: UnreadableRow) => void = () => {}): Map<string, Grid[][]> {
  const out = new Map<string, Grid[][]>(tasks.map((t) => [t.id, t.test.map(() => [])]));
  const parsed = parseAll(
    tasks.flatMap((task) => [...(solvers.get(task.id) ?? [])].sort(compareSolvers).map((solver) => ({ task, solver }))),
    onSkip,
  );
  if (!parsed) return out;
  const { set, kept } = parsed;
  const grids: Grid[] = [];
  const jobs: number[] = [];
  const slots: { taskId: string; test: number }[] = [];
  const firstInput = new Map<string, number>();
  kept.forEach(({ task: t }, program) => {
    let first = firstInput.get(t.id);
    if (first === undefined) {
      firstInput.set(t.id, (first = grids.length));
      for (const p of t.test) grids.push(p.input);
    }
    t.test.forEach((_, k) => {
      jobs.push(program, first + k);
      slots.push({ taskId: t.id, test: k });
    });
  });
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

/** One line for rows skipped as unreadable: how many, and the first few (task, hash, why). */
export function skippedNote(rows: readonly UnreadableRow[]): string | undefined {
  if (rows.length === 0) return undefined;
  const shown = rows.slice(0, LIST_MAX).map((r) => `${quote(r.taskId)} ${quote(r.hash)} (${r.reason})`);
  return `warning: skipped ${rows.length} unreadable stored solver${rows.length === 1 ? '' : 's'}: ${shown.join('; ')}${rows.length > LIST_MAX ? `; and ${rows.length - LIST_MAX} more` : ''}`;
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

/** The two attempts submitted for a test input: its predictions, else the input itself. */
export function submittedAttempts(input: Grid, predicted: readonly Grid[]): [Grid, Grid] {
  const a1 = predicted[0] ?? input;
  return [a1, predicted[1] ?? a1];
}

/** A Kaggle submission from stored solvers; a test input without a prediction gets its input. */
export function submission(
  tasks: readonly Task[],
  solvers: ReadonlyMap<string, StoredSolver[]>,
  onSkip?: (row: UnreadableRow) => void,
  predictions: ReadonlyMap<string, Grid[][]> = predict(tasks, solvers, onSkip),
): Submission {
  const json: Submission['json'] = {};
  for (const t of tasks) {
    json[t.id] = t.test.map((p, k) => {
      const [a1, a2] = submittedAttempts(p.input, predictions.get(t.id)![k]!);
      return { attempt_1: gridToJson(a1), attempt_2: gridToJson(a2) };
    });
  }
  return { json, ...coverage(tasks, predictions) };
}
