// `batt import <solvers.py>`: validates a solver file, then stores the programs that solve all
// demo pairs of their task as seeds for the search.
import { basename } from 'node:path';

import { Store } from '@batt/store';
import { cellAccuracy } from '@batt/validation';

import type { Command } from '../command.js';
import { storeDir } from '../data.js';
import { printResults, runValidation, summaryJson, validateUsage } from './validate.js';

export const importCmd: Command = {
  name: 'import',
  summary: 'validate a solver file and store the solvers that solve all demo pairs',
  usage: [
    validateUsage('import', ['[--store DIR]', '  --store DIR  the store directory (default: $BATT_STORE or ./.batt)']),
    '',
    'Only programs that solve every demo pair of their task are stored, in canonical form;',
    'test outputs are reported but never decide what is stored.',
  ].join('\n'),

  async run(argv, io) {
    const v = runValidation(argv, io, { store: { type: 'string' } });
    if (v.error !== undefined) {
      io.err(`batt import: ${v.error}`);
      return 2;
    }
    const { results, ms, values, file, data } = v;
    const task = (id: string) => data.tasks.get(id)!;
    const entries = results
      .filter((r) => r.trainOk)
      .map((r) => {
        const train = r.pairs.filter((p) => p.split === 'train');
        return {
          taskId: r.taskId,
          hash: r.program.hash,
          text: r.program.canonical,
          score: 1,
          partial: train.reduce((s, p) => s + cellAccuracy(p.output, task(r.taskId).train[p.index]!.output), 0) / train.length,
          speedUs: train.reduce((s, p) => s + p.micros, 0) / train.length,
          size: r.program.size,
          origin: `import:${basename(file)}`,
          lineage: { source: basename(file), name: r.name },
        };
      });
    const dir = storeDir((values as { store?: string }).store);
    const store = new Store(dir);
    let added: number;
    try {
      added = store.addSolvers(entries);
    } finally {
      store.close();
    }
    if (values.json) {
      io.out(JSON.stringify({ ...summaryJson(results, file, data.dir, ms), store: dir, stored: entries.length, added }));
    } else {
      printResults(results, io, Boolean(values.verbose), data.dir);
      io.out(`validated ${results.filter((r) => r.allOk).length} of ${results.length}; stored ${entries.length} solvers (${added} new) in ${dir}`);
    }
    return 0;
  },
};
