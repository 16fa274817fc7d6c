// `batt score`: scores a Kaggle submission against known answers (evaluation only; search never
// reads these).
import { readFileSync } from 'node:fs';

import { gridsEqual, loadTasks, parseGrid, quote, type Grid } from '@batt/arc-data';

import type { Command } from '../command.js';
import { parseOptions, UsageError } from '../command.js';
import { existingFile } from '../data.js';

function readJson(path: string, what: string): unknown {
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

/** Known answers by task: a Kaggle *_solutions.json, or a directory/file of tasks with test outputs. */
export function loadSolutions(path: string): Map<string, Grid[]> {
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

export const score: Command = {
  name: 'score',
  summary: 'score a submission.json against known answers (evaluation only)',
  usage: [
    'batt score <submission.json> --solutions PATH [--json]',
    '',
    '  --solutions PATH  a Kaggle *_solutions.json, or tasks with test outputs (directory or file)',
    '  --json            print the result as JSON',
    '',
    'A test input counts as solved when either attempt equals the answer; a task scores the',
    'fraction of its test inputs solved; the total is the sum over tasks with answers.',
  ].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { solutions: { type: 'string' }, json: { type: 'boolean' } });
    const [file, ...rest] = positionals;
    if (file === undefined || rest.length > 0) throw new UsageError('expected exactly one submission file', true);
    if (!values.solutions) throw new UsageError('--solutions PATH is required', true);
    const sub = readJson(file, 'submission');
    if (typeof sub !== 'object' || sub === null || Array.isArray(sub)) throw new UsageError(`submission ${quote(file)} must be an object of tasks by id`);
    let answers: Map<string, Grid[]>;
    try {
      answers = loadSolutions(values.solutions);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`cannot load solutions: ${(e as Error).message}`);
    }
    let total = 0;
    let missing = 0;
    const perTask: Record<string, number> = {};
    for (const [id, want] of answers) {
      const entries = (sub as Record<string, unknown>)[id];
      if (!Array.isArray(entries)) {
        missing++;
        perTask[id] = 0;
        continue;
      }
      let ok = 0;
      want.forEach((w, k) => {
        const e = entries[k] as Record<string, unknown> | undefined;
        const attempts = ['attempt_1', 'attempt_2'].map((a) => {
          try {
            return e && e[a] !== undefined ? parseGrid(e[a], `${id}[${k}].${a}`) : undefined;
          } catch {
            return undefined;
          }
        });
        if (attempts.some((g) => g && gridsEqual(g, w))) ok++;
      });
      perTask[id] = want.length > 0 ? ok / want.length : 0;
      total += perTask[id]!;
    }
    const result = { score: total, tasks: answers.size, percent: (100 * total) / Math.max(answers.size, 1), missing };
    if (values.json) io.out(JSON.stringify({ ...result, perTask }));
    else io.out(`score: ${total.toFixed(2)} of ${answers.size} tasks (${result.percent.toFixed(1)}%)${missing ? `; ${missing} tasks missing from the submission` : ''}`);
    return 0;
  },
};
