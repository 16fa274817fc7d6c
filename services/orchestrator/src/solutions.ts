// Known answers (evaluation only: search never reads them) and how a submission is scored
// against them. `batt score` and `batt report` both use these, so both count the same way.
import { readFileSync } from 'node:fs';

import { type Grid, gridsEqual, loadTasks, parseGrid, quote } from '@batt/arc-data';

import { UsageError } from './command.js';
import { existingFile } from './data.js';

export function readJson(path: string, what: string): unknown {
  existingFile(path, what);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} ${quote(path)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    // Never V8's message: it repeats the first bytes of whatever the file holds.
    throw new UsageError(`${what} ${quote(path)} is not valid JSON`);
  }
}

function readSolutions(path: string): Map<string, Grid[]> {
  if (path.endsWith('.json') && !path.includes('_challenges')) {
    const json = readJson(path, 'solutions');
    if (typeof json === 'object' && json !== null && !Array.isArray(json) && !('train' in json)) {
      return new Map(
        Object.entries(json as Record<string, unknown>).map(([id, grids]) => {
          if (!Array.isArray(grids)) throw new UsageError(`solutions for ${quote(id)} must be a list of grids`);
          return [id, grids.map((g, k) => parseGrid(g, `${id} test[${k}]`))];
        }),
      );
    }
  }
  const { tasks } = loadTasks(path);
  return new Map(tasks.map((t) => [t.id, t.test.map((p) => p.output!).filter(Boolean)]));
}

/** Known answers by task: a Kaggle *_solutions.json, or a directory/file of tasks with test outputs. */
export function loadSolutions(path: string): Map<string, Grid[]> {
  try {
    return readSolutions(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot load solutions: ${(e as Error).message}`);
  }
}

export type SubmissionJson = Record<string, unknown>;

export interface ScoreResult {
  /** Sum over tasks with answers of the fraction of their test inputs solved. */
  score: number;
  tasks: number;
  percent: number;
  /** Tasks with answers that the submission does not have. */
  missing: number;
  perTask: Record<string, number>;
  /** Per task, per test input: does either attempt equal the answer. */
  perTest: Record<string, boolean[]>;
}

/**
 * A test input counts as solved when either attempt equals the answer; a task scores the
 * fraction of its test inputs solved; the total is the sum over tasks with answers.
 */
export function scoreSubmission(sub: SubmissionJson, answers: ReadonlyMap<string, Grid[]>): ScoreResult {
  let total = 0;
  let missing = 0;
  const perTask: Record<string, number> = {};
  const perTest: Record<string, boolean[]> = {};
  for (const [id, want] of answers) {
    const entries = sub[id];
    if (!Array.isArray(entries)) {
      missing++;
      perTask[id] = 0;
      perTest[id] = want.map(() => false);
      continue;
    }
    perTest[id] = want.map((w, k) => {
      const e = entries[k] as Record<string, unknown> | undefined;
      const attempts = ['attempt_1', 'attempt_2'].map((a) => {
        try {
          return e && e[a] !== undefined ? parseGrid(e[a], `${id}[${k}].${a}`) : undefined;
        } catch {
          return undefined;
        }
      });
      return attempts.some((g) => g !== undefined && gridsEqual(g, w));
    });
    const ok = perTest[id]!.filter(Boolean).length;
    perTask[id] = want.length > 0 ? ok / want.length : 0;
    total += perTask[id]!;
  }
  return { score: total, tasks: answers.size, percent: (100 * total) / Math.max(answers.size, 1), missing, perTask, perTest };
}
