// `batt import <solvers.py>`: validates a solver file, then stores the programs that solve all
// demo pairs of their task as seeds for the search.
import { basename } from 'node:path';

import { Store } from '@batt/store';

import type { Command } from '../command.js';
import { storeDir } from '../data.js';
import { entriesFrom } from '../seeds.js';
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
    // The store path is checked before anything is read or run: a bad --store fails first.
    let dir = '';
    const { results, ms, values, file, data } = runValidation(argv, io, { store: { type: 'string' } }, (v) => {
      dir = storeDir(v.store as string | undefined, { write: true });
    });
    const entries = entriesFrom(results, file, `import:${basename(file)}`);
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
