import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { type Grid, GridError, parseGrid } from './grid.js';
import { quote } from './quote.js';

export interface Pair {
  input: Grid;
  output: Grid;
}

/** A test pair; `output` is known only for evaluation data and is never read by search. */
export interface TestPair {
  input: Grid;
  output?: Grid;
}

export interface Task {
  id: string;
  train: Pair[];
  test: TestPair[];
}

/** A task that could not be used: its id and why. */
export interface TaskProblem {
  id: string;
  reason: string;
}

export interface LoadResult {
  tasks: Task[];
  problems: TaskProblem[];
}

/** Largest task file read (ARC files are ~10 KB; a combined Kaggle file a few MB). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

function readJson(path: string): unknown {
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES) throw new Error(`${quote(path)}: ${size} bytes is over the ${MAX_FILE_BYTES}-byte limit`);
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8's message quotes the text around the error: the first bytes of whatever the file is
    // (a symlink to a system file, say). Keep only where it broke, never the contents.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new Error(`malformed JSON${at !== undefined ? ` at byte ${at}` : ''}: not an ARC task file`);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Validates one task in ARC's JSON shape; `solutions` supplies test outputs (Kaggle layout). */
export function parseTask(id: string, json: unknown, solutions?: unknown): Task {
  if (!isObject(json)) throw new GridError('task is not a JSON object');
  const { train, test } = json;
  if (!Array.isArray(train) || train.length === 0) throw new GridError('"train" must be a non-empty list');
  if (!Array.isArray(test) || test.length === 0) throw new GridError('"test" must be a non-empty list');
  const pairs = train.map((p: unknown, k) => {
    if (!isObject(p)) throw new GridError(`train[${k}] is not an object`);
    return { input: parseGrid(p.input, `train[${k}].input`), output: parseGrid(p.output, `train[${k}].output`) };
  });
  if (solutions !== undefined && (!Array.isArray(solutions) || solutions.length !== test.length)) {
    throw new GridError(`solutions must be a list of ${test.length} grids`);
  }
  const tests = test.map((p: unknown, k): TestPair => {
    if (!isObject(p)) throw new GridError(`test[${k}] is not an object`);
    const input = parseGrid(p.input, `test[${k}].input`);
    const out = solutions !== undefined ? (solutions as unknown[])[k] : p.output;
    return out === undefined ? { input } : { input, output: parseGrid(out, `test[${k}].output`) };
  });
  return { id, train: pairs, test: tests };
}

/** Loads every `<id>.json` of a directory, in id order. Bad tasks are reported, not fatal. */
export function loadTaskDir(dir: string): LoadResult {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const result: LoadResult = { tasks: [], problems: [] };
  for (const f of files) {
    const id = f.slice(0, -'.json'.length);
    try {
      result.tasks.push(parseTask(id, readJson(join(dir, f))));
    } catch (e) {
      result.problems.push({ id, reason: (e as Error).message });
    }
  }
  return result;
}

/** Loads a Kaggle `*_challenges.json` (and `*_solutions.json` beside it, or given). */
export function loadKaggle(challengesPath: string, solutionsPath?: string): LoadResult {
  const challenges = readJson(challengesPath);
  if (!isObject(challenges)) throw new Error(`${challengesPath}: expected an object of tasks by id`);
  const guess = join(dirname(challengesPath), basename(challengesPath).replace('_challenges', '_solutions'));
  const solPath = solutionsPath ?? (guess !== challengesPath && existsSync(guess) ? guess : undefined);
  const solutions = solPath ? readJson(solPath) : undefined;
  if (solutions !== undefined && !isObject(solutions)) throw new Error(`${solPath}: expected an object of solutions by id`);
  const result: LoadResult = { tasks: [], problems: [] };
  for (const id of Object.keys(challenges).sort()) {
    try {
      result.tasks.push(parseTask(id, challenges[id], solutions?.[id]));
    } catch (e) {
      result.problems.push({ id, reason: (e as Error).message });
    }
  }
  return result;
}

/** Loads tasks from a directory of task files or a Kaggle challenges file. */
export function loadTasks(path: string): LoadResult {
  if (!existsSync(path)) throw new Error(`no such file or directory: ${path}`);
  const st = statSync(path);
  if (st.isDirectory()) return loadTaskDir(path);
  if (!st.isFile()) throw new Error(`${quote(path)} is neither a directory of tasks nor a task file`);
  return loadKaggle(path);
}

/** The task as search may see it: test outputs removed, so they cannot leak into search. */
export function forSearch(task: Task): Task {
  return { id: task.id, train: task.train, test: task.test.map((t) => ({ input: t.input })) };
}
