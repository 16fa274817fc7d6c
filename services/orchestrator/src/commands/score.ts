// `batt score`: scores a Kaggle submission against known answers (evaluation only; search never
// reads these).
import { quote } from '@batt/arc-data';

import type { Command } from '../command.js';
import { parseOptions, UsageError } from '../command.js';
import { loadSolutions, readJson, scoreSubmission } from '../solutions.js';

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
    const answers = loadSolutions(values.solutions);
    const { perTest: _perTest, ...result } = scoreSubmission(sub as Record<string, unknown>, answers);
    const { score: total, missing } = result;
    if (values.json) io.out(JSON.stringify(result));
    else io.out(`score: ${total.toFixed(2)} of ${answers.size} tasks (${result.percent.toFixed(1)}%)${missing ? `; ${missing} tasks missing from the submission` : ''}`);
    return 0;
  },
};
