// `batt conformance <dir>`: runs golden-vector files (<primitive>.jsonl, the format of
// shared/golden/arc-dsl) against the native DSL and reports per primitive.
import { statSync } from 'node:fs';

import { quote } from '@batt/arc-data';

import type { Command } from '../command.js';
import { parseOptions, UsageError } from '../command.js';

export const conformance: Command = {
  name: 'conformance',
  summary: 'check the native DSL against golden-vector files (<primitive>.jsonl)',
  usage: [
    'batt conformance <dir> [--json] [--verbose]',
    '',
    '  --json         print the report as JSON',
    '  -v, --verbose  list the first failures of each failing primitive',
    '',
    'Exit code: 0 if every record passed, 1 if any failed or none were found, 2 if <dir> cannot be read.',
  ].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      json: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
    });
    const [dir, ...extra] = positionals;
    if (dir === undefined || extra.length > 0) throw new UsageError('expected exactly one directory', true);
    const st = statSync(dir, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) throw new UsageError(`${quote(dir)} is a file, not a directory`);

    const { runConformance } = await import('@batt/native');
    let report;
    try {
      report = runConformance(dir);
    } catch (e) {
      throw new UsageError((e as Error).message); // e.g. cannot read conformance directory <dir>
    }

    if (values.json) {
      io.out(JSON.stringify(report, null, 2));
    } else {
      const width = Math.max(0, ...report.primitives.map((p) => p.name.length));
      for (const p of report.primitives) {
        const mark = p.failed === 0 ? 'ok  ' : 'FAIL';
        io.out(`${mark} ${p.name.padEnd(width)} ${String(p.passed).padStart(4)} passed, ${String(p.failed).padStart(4)} failed`);
        if (values.verbose) for (const f of p.failures) io.out(`       ${f}`);
      }
      io.out(`${report.passed} passed, ${report.failed} failed`);
    }
    if (report.passed + report.failed === 0) {
      io.err(`batt conformance: no golden records (*.jsonl) in ${quote(dir)}`);
      return 1;
    }
    return report.failed === 0 ? 0 : 1;
  },
};
