// Options shared by commands that read ARC tasks or the store.
import { defaultDataDir, type LoadResult, loadTasks, type Task } from '@batt/arc-data';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

import { type Io, UsageError } from './command.js';

/** Largest solver file read (a 100k-line file is ~4 MB). */
const MAX_SOLVER_FILE = 64 * 1024 * 1024;

/** Loads tasks from `--data` (default: the bundled ARC-AGI-1 training set); bad tasks are warned about. */
export function loadData(path: string | undefined, io: Io): { dir: string; tasks: Map<string, Task>; load: LoadResult } {
  const dir = resolve(path ?? defaultDataDir());
  let load: LoadResult;
  try {
    load = loadTasks(dir);
  } catch (e) {
    throw new UsageError(`cannot load data: ${(e as Error).message}`);
  }
  for (const p of load.problems) io.err(`warning: skipped task ${p.id}: ${p.reason}`);
  return { dir, tasks: new Map(load.tasks.map((t) => [t.id, t])), load };
}

/** Reads a solver file as bytes (parsing reports non-UTF-8 with its position). */
export function readSolverFile(path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`cannot read solver file ${path}: no such file`);
  }
  if (size > MAX_SOLVER_FILE) throw new UsageError(`solver file ${path} is ${size} bytes, over the ${MAX_SOLVER_FILE}-byte limit`);
  return readFileSync(path);
}

/** The store directory: `--store`, else $BATT_STORE, else ./.batt. */
export function storeDir(opt: string | undefined): string {
  return resolve(opt ?? process.env.BATT_STORE ?? '.batt');
}

export function parseFuel(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--fuel must be a positive integer, got '${s}'`);
  return n;
}
