import { type Grid, gridsEqual, packGrids, type Task, unpackGrids } from '@batt/arc-data';
import { DEFAULT_FUEL as NATIVE_DEFAULT_FUEL, type ProgramInfo, ProgramSet } from '@batt/native';

/** Default fuel per (program, grid) run, about one unit per value element touched: the native
 * core's own default (defined once, in Rust's `batt_dsl::budget`). */
export const DEFAULT_FUEL: number = NATIVE_DEFAULT_FUEL;

export type PairStatus = 'ok' | 'wrong' | 'not-grid' | 'type' | 'runtime' | 'budget';

const STATUS: PairStatus[] = ['ok', 'not-grid', 'type', 'runtime', 'budget'];

export interface PairResult {
  split: 'train' | 'test';
  index: number;
  status: PairStatus;
  /** What went wrong, for anything but `ok`. */
  message?: string;
  micros: number;
  /** Fuel spent: deterministic work units. */
  work: number;
  /** The program's output grid, when it produced one. */
  output?: Grid;
}

export interface ProgramResult {
  /** The function's name, e.g. `solve_00d62c1b`. */
  name: string;
  taskId: string;
  program: ProgramInfo;
  /** False when the data has no task of that id (nothing was run). */
  found: boolean;
  /** Every demo pair solved. */
  trainOk: boolean;
  /** Every demo pair and every test pair with a known output solved. */
  allOk: boolean;
  pairs: PairResult[];
  /** Total evaluation time over all pairs, microseconds. */
  micros: number;
}

export interface ValidateOptions {
  fuel?: number;
  /** Also run test pairs whose outputs are known (evaluation only; never used by search). */
  includeTests?: boolean;
}

/** The task id a solver function is for: `solve_<taskid>`. */
export function taskIdOf(name: string): string {
  return name.startsWith('solve_') ? name.slice('solve_'.length) : name;
}

/**
 * Runs every solver of a parsed file on the pairs of its task, in one native batch.
 * Throws only for a file that does not parse (message `line:col: reason`).
 */
export function validateSolvers(source: Uint8Array, tasks: ReadonlyMap<string, Task>, opts: ValidateOptions = {}): ProgramResult[] {
  const set = new ProgramSet(source);
  const infos = set.info();
  const grids: Grid[] = [];
  const jobs: number[] = [];
  const expected: { result: number; split: 'train' | 'test'; index: number; want: Grid }[] = [];
  const results: ProgramResult[] = infos.map((info, p) => {
    const taskId = taskIdOf(info.name);
    const task = tasks.get(taskId);
    const r: ProgramResult = { name: info.name, taskId, program: info, found: task !== undefined, trainOk: false, allOk: false, pairs: [], micros: 0 };
    if (!task) return r;
    const add = (split: 'train' | 'test', index: number, input: Grid, want: Grid) => {
      jobs.push(p, grids.length);
      grids.push(input);
      expected.push({ result: p, split, index, want });
    };
    task.train.forEach((pair, k) => add('train', k, pair.input, pair.output));
    if (opts.includeTests) task.test.forEach((pair, k) => pair.output && add('test', k, pair.input, pair.output));
    return r;
  });
  if (jobs.length > 0) {
    const packed = packGrids(grids);
    const run = set.run(packed.cells, packed.shapes, Uint32Array.from(jobs), opts.fuel ?? DEFAULT_FUEL);
    const outs = unpackGrids({ cells: run.cells, shapes: run.shapes });
    expected.forEach((e, k) => {
      const out = outs[k] ?? undefined;
      let status = STATUS[run.status[k]!] ?? 'runtime';
      if (status === 'ok' && !gridsEqual(out!, e.want)) status = 'wrong';
      const pair: PairResult = { split: e.split, index: e.index, status, micros: run.micros[k]!, work: run.work[k]!, ...(out ? { output: out } : {}) };
      if (status === 'wrong') pair.message = out!.h === e.want.h && out!.w === e.want.w ? 'wrong output' : `wrong output shape ${out!.h}x${out!.w}, expected ${e.want.h}x${e.want.w}`;
      else if (status !== 'ok') pair.message = run.messages[k];
      const r = results[e.result]!;
      r.pairs.push(pair);
      r.micros += pair.micros;
    });
  }
  for (const r of results) {
    r.trainOk = r.found && r.pairs.filter((p) => p.split === 'train').every((p) => p.status === 'ok');
    r.allOk = r.found && r.pairs.every((p) => p.status === 'ok');
  }
  return results;
}

/** Fraction of correct cells of an output against the expected grid (0 when shapes differ). */
export function cellAccuracy(out: Grid | undefined, want: Grid): number {
  if (!out || out.h !== want.h || out.w !== want.w) return 0;
  let same = 0;
  for (let k = 0; k < want.cells.length; k++) if (out.cells[k] === want.cells[k]) same++;
  return same / want.cells.length;
}
