// `batt submit`: writes a Kaggle submission from the stored solvers (two attempts per test input).
import { writeFileSync } from 'node:fs';

import { quote } from '@batt/arc-data';
import { Store } from '@batt/store';

import type { Command } from '../command.js';
import { parseOptions, UsageError } from '../command.js';
import { loadData, outputFile, storeDir } from '../data.js';
import { skippedNote, submission } from '../run/predict.js';

export const submit: Command = {
  name: 'submit',
  summary: 'write a Kaggle submission.json from the stored solvers',
  usage: [
    'batt submit --out FILE [--data PATH] [--store DIR]',
    '',
    '  --out FILE    where to write the submission ({task_id: [{"attempt_1": grid, "attempt_2": grid}, ...]})',
    '  --data PATH   the tasks to answer (default: bundled ARC-AGI-1 training)',
    '  --store DIR   the store directory (default: $BATT_STORE or ./.batt)',
    '',
    'Attempts come from the best stored solvers of each task (all demo pairs solved first, then',
    'simplest, then fastest); a test input without any prediction gets its own input grid.',
  ].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { out: { type: 'string' }, data: { type: 'string' }, store: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${quote(positionals[0]!)}`, true);
    if (!values.out) throw new UsageError('--out FILE is required', true);
    outputFile(values.out, '--out');
    const dir = storeDir(values.store);
    const data = loadData(values.data, io);
    const store = new Store(dir);
    let stored;
    let skipped;
    try {
      stored = new Map(data.load.tasks.map((t) => [t.id, store.solvers(t.id)]));
      skipped = store.unreadable(); // rows that cannot be read are skipped, not fatal
    } finally {
      store.close();
    }
    const { json, predicted, testInputs: inputs } = submission(data.load.tasks, stored, (row) => skipped.push(row));
    const note = skippedNote(skipped);
    if (note) io.err(note);
    writeFileSync(values.out, JSON.stringify(json));
    io.out(`wrote ${values.out}: ${data.load.tasks.length} tasks, ${predicted} of ${inputs} test inputs predicted by stored solvers`);
    return 0;
  },
};
