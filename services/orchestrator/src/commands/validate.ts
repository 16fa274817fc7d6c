// `batt validate <solvers.py>`: runs each solve_<taskid> of a solver file on its task's demo
// pairs and the test pairs with known outputs, and reports per task.
import { basename } from 'node:path';

import { DEFAULT_FUEL, type ProgramResult, validateSolvers } from '@batt/validation';

import type { Command, Io } from '../command.js';
import { parseOptions, UsageError } from '../command.js';
import { flagNumber } from '@batt/rpc/limits';

import { loadData, readSolverFile } from '../data.js';

export const validateUsage = (cmd: string, extra: string[] = []) =>
  [
    `batt ${cmd} <solvers.py> [--data PATH] [--fuel N] [--json] [--verbose]${extra.length ? ' ' + extra[0] : ''}`,
    '',
    '  --data PATH  a directory of <task>.json files or a Kaggle *_challenges.json (default: bundled ARC-AGI-1 training)',
    `  --fuel N     budget per program run, in DSL work units (default ${DEFAULT_FUEL})`,
    '  --json       print one machine-readable summary object',
    '  -v, --verbose  list every pair, not only failures',
    ...extra.slice(1),
  ].join('\n');

/** Parses, loads and validates; shared by `validate` and `import` (`check` sees the options first). */
export function runValidation(
  argv: string[],
  io: Io,
  extraOptions: Record<string, { type: 'string' | 'boolean' }> = {},
  check: (values: Record<string, string | boolean | undefined>) => void = () => {},
) {
  const { values, positionals } = parseOptions(argv, {
    data: { type: 'string' },
    fuel: { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    ...extraOptions,
  });
  const [file, ...rest] = positionals;
  if (file === undefined || rest.length > 0) throw new UsageError('expected exactly one solver file', true);
  const fuel = flagNumber('fuel', values.fuel, 'fuel');
  check(values);
  const source = readSolverFile(file);
  const data = loadData(values.data, io);
  const t0 = performance.now();
  let results: ProgramResult[];
  try {
    results = validateSolvers(source, data.tasks, { includeTests: true, ...(fuel ? { fuel } : {}) });
  } catch (e) {
    // A file that does not parse: `file:line:col: reason` (the parser never echoes the file).
    throw new UsageError(`${file}:${(e as Error).message}`);
  }
  return { results, ms: performance.now() - t0, values, file, data };
}

function describePair(p: ProgramResult['pairs'][number]): string {
  const what = p.status === 'ok' ? 'ok' : p.status === 'wrong' ? p.message : `${p.status === 'budget' ? 'budget exceeded' : p.status + ' error'}: ${p.message}`;
  return `${p.split}[${p.index}] ${what}`;
}

export function printResults(results: ProgramResult[], io: Io, verbose: boolean, dataDir: string): void {
  for (const r of results) {
    if (!r.found) {
      io.out(`SKIP ${r.taskId}  no task '${r.taskId}' in ${dataDir}`);
      continue;
    }
    const count = (split: string) => {
      const ps = r.pairs.filter((p) => p.split === split);
      return `${ps.filter((p) => p.status === 'ok').length}/${ps.length}`;
    };
    io.out(`${r.allOk ? 'PASS' : 'FAIL'} ${r.taskId}  train ${count('train')}  test ${count('test')}  ${(r.micros / 1000).toFixed(2)} ms`);
    for (const p of r.pairs) if (verbose || p.status !== 'ok') io.out(`       ${describePair(p)}`);
  }
}

export function summaryJson(results: ProgramResult[], file: string, dataDir: string, ms: number) {
  return {
    file: basename(file),
    data: dataDir,
    validated: results.filter((r) => r.allOk).length,
    total: results.length,
    ms,
    tasks: results.map((r) => ({
      name: r.name,
      taskId: r.taskId,
      found: r.found,
      ok: r.allOk,
      trainOk: r.trainOk,
      hash: r.program.hash,
      size: r.program.size,
      ms: r.micros / 1000,
      pairs: r.pairs.map((p) => ({ split: p.split, index: p.index, status: p.status, ...(p.message ? { message: p.message } : {}), micros: p.micros })),
    })),
  };
}

export const validate: Command = {
  name: 'validate',
  summary: 'run the solvers of a file on their tasks and report per task',
  usage: [validateUsage('validate'), '', 'Exit code: 0 if every solver validated, 1 if any did not, 2 on bad arguments or a file that does not parse.'].join('\n'),

  async run(argv, io) {
    const { results, ms, values, file, data } = runValidation(argv, io);
    const ok = results.filter((r) => r.allOk).length;
    if (values.json) {
      io.out(JSON.stringify(summaryJson(results, file, data.dir, ms)));
    } else {
      printResults(results, io, Boolean(values.verbose), data.dir);
      io.out(`validated ${ok} of ${results.length} (${ms.toFixed(0)} ms)`);
    }
    return ok === results.length ? 0 : 1;
  },
};
