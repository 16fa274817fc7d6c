// Options shared by commands that read ARC tasks or the store, and the checks every path option
// goes through before anything starts: a path of the wrong kind (a file given as the store, a
// directory given as the solver file) is one clear line and exit 2, never a raw EEXIST/EISDIR
// after the services are up.
import { defaultDataDir, type LoadResult, loadTasks, quote, type Task } from '@batt/arc-data';
import { accessSync, constants, readFileSync, type Stats, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { type Io, UsageError } from './command.js';

/** Largest solver file read (a 100k-line file is ~4 MB). */
const MAX_SOLVER_FILE = 64 * 1024 * 1024;

function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** `path` must be an existing regular file (followed through symlinks); `what` names the option. */
export function existingFile(path: string, what: string): string {
  const st = stat(path);
  if (!st) throw new UsageError(`${what} ${quote(path)}: no such file`);
  if (st.isDirectory()) throw new UsageError(`${what} ${quote(path)} is a directory, not a file`);
  if (!st.isFile()) throw new UsageError(`${what} ${quote(path)} is not a regular file`);
  return path;
}

/** `path` must be an existing directory. */
export function existingDir(path: string, what: string): string {
  const st = stat(path);
  if (!st) throw new UsageError(`${what} ${quote(path)}: no such directory`);
  if (!st.isDirectory()) throw new UsageError(`${what} ${quote(path)} is a file, not a directory`);
  return path;
}

/** A file to write: not a directory, in a directory that exists. */
export function outputFile(path: string, what: string): string {
  const st = stat(path);
  if (st?.isDirectory()) throw new UsageError(`${what} ${quote(path)} is a directory, not a file`);
  if (st && !st.isFile()) throw new UsageError(`${what} ${quote(path)} is not a regular file`);
  const parent = stat(dirname(resolve(path)));
  if (!parent?.isDirectory()) throw new UsageError(`${what} ${quote(path)}: its directory ${quote(dirname(resolve(path)))} does not exist`);
  return path;
}

/** Loads tasks from `--data` (default: the bundled ARC-AGI-1 training set); bad tasks are warned about. */
export function loadData(path: string | undefined, io: Io): { dir: string; tasks: Map<string, Task>; load: LoadResult } {
  const dir = resolve(path ?? defaultDataDir());
  let load: LoadResult;
  try {
    load = loadTasks(dir);
  } catch (e) {
    throw new UsageError(`cannot load data: ${(e as Error).message}`);
  }
  for (const p of load.problems) io.err(`warning: skipped task ${quote(p.id)}: ${p.reason}`);
  return { dir, tasks: new Map(load.tasks.map((t) => [t.id, t])), load };
}

/** Reads a solver file as bytes (parsing reports non-UTF-8 with its position). */
export function readSolverFile(path: string): Uint8Array {
  existingFile(path, 'solver file');
  const size = statSync(path).size;
  if (size > MAX_SOLVER_FILE) throw new UsageError(`solver file ${quote(path)} is ${size} bytes, over the ${MAX_SOLVER_FILE}-byte limit`);
  return readFileSync(path);
}

/**
 * The store directory: `--store`, else $BATT_STORE, else ./.batt. Checked here, before any
 * service starts: it must be a directory or not exist yet (with no file in the way above it),
 * and its database must not be a directory.
 */
/** `dir` must be writable (a read-only mount refuses even root). */
function writable(dir: string, what: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new UsageError(`${what} ${quote(dir)} is not writable (${(e as NodeJS.ErrnoException).code ?? 'access denied'})`);
  }
}

export function storeDir(opt: string | undefined, opts: { write?: boolean } = {}): string {
  const env = process.env.BATT_STORE || undefined; // an empty variable is unset, not the current directory
  const dir = resolve(opt ?? env ?? '.batt');
  const what = opt !== undefined ? '--store' : env !== undefined ? 'BATT_STORE' : 'the store';
  const st = stat(dir);
  if (st && !st.isDirectory()) throw new UsageError(`${what} ${quote(dir)} is a file, not a directory`);
  if (st) {
    const db = stat(join(dir, 'batt.sqlite'));
    if (db && !db.isFile()) throw new UsageError(`${what} ${quote(dir)}: its database batt.sqlite is not a file`);
    // SQLite would only say "unable to open database file", after the services have started.
    if (opts.write) writable(dir, what);
    return dir;
  }
  // Not there yet: the store creates it, so the nearest existing ancestor must be a directory.
  for (let up = dirname(dir); ; up = dirname(up)) {
    const a = stat(up);
    if (a) {
      if (!a.isDirectory()) throw new UsageError(`${what} ${quote(dir)} cannot be created: ${quote(up)} is a file`);
      if (opts.write) writable(up, what);
      return dir;
    }
    if (dirname(up) === up) return dir;
  }
}
