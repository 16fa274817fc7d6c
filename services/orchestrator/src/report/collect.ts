// Gathers what `batt report` shows: the selected run, each task's stored programs, the attempts
// `batt submit` would send (same code path), the best partial candidate re-run on the demo
// inputs, and with known answers the score as `batt score` counts it. Test outputs of the data
// are dropped on loading (forSearch); only `--solutions` answers are ever shown.
import { forSearch, type Grid, type Task, type TaskProblem, unpackGrids } from '@batt/arc-data';
import { DEFAULT_FUEL, validatePrograms, ValidationStatus } from '@batt/native';
import { nativeTask, taskMessage } from '@batt/rpc';
import type { RunRecord as StoredRun, StoredSolver, Store } from '@batt/store';

import { UsageError } from '../command.js';
import { coverage, predict, solverSource, submission, submittedAttempts } from '../run/predict.js';
import { scoreSubmission } from '../solutions.js';
import {
  answerStatus,
  encodeGrid,
  PALETTE,
  PROGRAMS_SHOWN,
  type ReportCandidate,
  type ReportData,
  type ReportRun,
  type ReportTask,
  type ReportTest,
  reportProgram,
  taskStatus,
} from './model.js';

export interface ReportInputs {
  store: Store;
  data: string;
  /** The data's tasks as loaded (test outputs, if any, are dropped here) and the ones skipped. */
  tasks: readonly Task[];
  skipped: readonly TaskProblem[];
  solutions?: { path: string; answers: ReadonlyMap<string, Grid[]> };
  /** The run to report (default: the latest). */
  runId?: string;
  now?: Date;
}

/** The run asked for, else the latest; an unknown id is a usage error, an unreadable row a problem shown. */
export function selectRun(runs: readonly StoredRun[], runId?: string): { run: ReportRun | null; problem: string | null } {
  const r = runId === undefined ? runs.at(-1) : runs.find((x) => x.runId === runId);
  if (runId !== undefined && !r) {
    const known = runs.map((x) => x.runId);
    throw new UsageError(`no run ${runId} in the store (${known.length === 0 ? 'it has no runs' : `runs: ${known.slice(-5).join(', ')}${known.length > 5 ? ', ...' : ''}`})`);
  }
  if (!r) return { run: null, problem: 'no run recorded in this store' };
  if (r.error) return { run: null, problem: r.error };
  return { run: { runId: r.runId, startedAt: r.startedAt, finishedAt: r.finishedAt, manifest: r.manifest, summary: r.summary ?? null }, problem: null };
}

/** The tasks a report covers: the run's, else the data's plus any the store has that the data lacks. */
function reportTaskIds(run: ReportRun | null, tasks: readonly Task[], store: Store): string[] {
  const listed = (run?.manifest as { tasks?: unknown } | undefined)?.tasks;
  if (Array.isArray(listed) && listed.every((x) => typeof x === 'string')) return listed;
  const ids = tasks.map((t) => t.id);
  const have = new Set(ids);
  for (const id of store.solvedTasks(0)) if (!have.has(id)) ids.push(id);
  return ids;
}

/** Predictions for all tasks in one batch; if one stored program breaks the batch, task by task. */
function predictAll(tasks: readonly Task[], stored: ReadonlyMap<string, StoredSolver[]>, problems: Map<string, string>): Map<string, Grid[][]> {
  try {
    return predict(tasks, stored);
  } catch {
    const out = new Map<string, Grid[][]>();
    for (const t of tasks) {
      try {
        out.set(t.id, predict([t], stored).get(t.id)!);
      } catch (e) {
        problems.set(t.id, `its stored programs could not be run: ${(e as Error).message}`);
        out.set(t.id, t.test.map(() => []));
      }
    }
    return out;
  }
}

/**
 * A stored program's outputs on the demo inputs: validatePrograms on the task with its demo
 * inputs in the test slots (it returns outputs for test inputs only).
 */
export function demoOutputs(task: Task, s: StoredSolver): ReportCandidate {
  const asTests: Task = { id: task.id, train: task.train, test: task.train.map((p) => ({ input: p.input })) };
  const v = validatePrograms(nativeTask(taskMessage(asTests)), [solverSource(task.id, s.text)], { fuel: DEFAULT_FUEL });
  const r = v.results[0]!;
  if (r.status !== ValidationStatus.Ok) return { hash: s.hash, outputs: task.train.map(() => null), pairStatus: task.train.map(() => r.status) };
  const grids = unpackGrids({ cells: r.predCells, shapes: r.predShapes });
  return { hash: s.hash, outputs: grids.map((g) => (g ? encodeGrid(g) : null)), pairStatus: r.pairStatus };
}

export function collectReport(inp: ReportInputs): ReportData {
  let runs: StoredRun[] = [];
  let runsProblem: string | null = null;
  try {
    runs = inp.store.runs();
  } catch (e) {
    runsProblem = `the runs table could not be read: ${(e as Error).message}`;
  }
  const selected = runsProblem ? { run: null, problem: runsProblem } : selectRun(runs, inp.runId);
  const byId = new Map(inp.tasks.map((t) => [t.id, forSearch(t)]));
  const ids = reportTaskIds(selected.run, inp.tasks, inp.store);

  const problems = new Map<string, string>();
  const stored = new Map<string, StoredSolver[]>();
  for (const id of ids) {
    try {
      stored.set(id, inp.store.solvers(id));
    } catch (e) {
      problems.set(id, `its store rows could not be read: ${(e as Error).message}`);
      stored.set(id, []);
    }
  }
  const present = ids.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const predictions = predictAll(present, stored, problems);
  const sub = submission(present, stored, undefined, predictions).json;
  const answers = inp.solutions && new Map([...inp.solutions.answers].filter(([id]) => byId.has(id) && ids.includes(id)));
  const scored = answers && scoreSubmission(sub, answers);

  const tasks: ReportTask[] = ids.map((id) => {
    const t = byId.get(id);
    const programs = stored.get(id)!;
    if (!t) {
      return { id, status: 'missing', answer: 'unknown', problem: `task ${id} is not in the data (${inp.data})`, train: [], test: [], programs: programs.slice(0, PROGRAMS_SHOWN).map((s) => reportProgram(s, solverSource(id, s.text))), more: Math.max(0, programs.length - PROGRAMS_SHOWN) };
    }
    const want = answers?.get(id);
    const test: ReportTest[] = t.test.map((p, k) => {
      const predicted = predictions.get(id)![k]!;
      const [a1, a2] = submittedAttempts(p.input, predicted);
      const row: ReportTest = { input: encodeGrid(p.input), attempts: [encodeGrid(a1), encodeGrid(a2)], predicted: predicted.length };
      const w = want?.[k];
      if (w) {
        row.expected = encodeGrid(w);
        row.right = scored!.perTest[id]![k]!;
      }
      return row;
    });
    const problem = problems.get(id);
    const status = problem ? 'error' : taskStatus(programs);
    let candidate: ReportCandidate | undefined;
    const best = programs[0];
    if (best && status !== 'solved' && !problem) {
      try {
        candidate = demoOutputs(t, best);
      } catch (e) {
        problems.set(id, `its best candidate could not be re-run: ${(e as Error).message}`);
      }
    }
    return {
      id,
      status,
      answer: answerStatus(test),
      ...(problems.has(id) ? { problem: problems.get(id)! } : {}),
      train: t.train.map((p) => ({ input: encodeGrid(p.input), output: encodeGrid(p.output) })),
      test,
      programs: programs.slice(0, PROGRAMS_SHOWN).map((s) => reportProgram(s, solverSource(id, s.text))),
      more: Math.max(0, programs.length - PROGRAMS_SHOWN),
      ...(candidate ? { candidate } : {}),
    };
  });

  const { predicted, testInputs } = coverage(present, predictions);
  return {
    generatedAt: (inp.now ?? new Date()).toISOString(),
    store: inp.store.path,
    data: inp.data,
    solutions: inp.solutions?.path ?? null,
    run: selected.run,
    runProblem: selected.problem,
    summary: {
      tasks: ids.length,
      fitted: tasks.filter((t) => t.status === 'solved').length,
      testInputs,
      predicted,
      ...(scored ? { score: { score: scored.score, tasks: scored.tasks, percent: scored.percent } } : {}),
    },
    skipped: inp.skipped.map((p) => ({ id: p.id, reason: p.reason })),
    palette: PALETTE,
    tasks,
  };
}
