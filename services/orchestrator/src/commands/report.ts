// `batt report`: one self-contained HTML page of what a run found (see src/report/).
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { Store } from '@batt/store';

import type { Command, Io } from '../command.js';
import { parseOptions, UsageError } from '../command.js';
import { loadData, storeDir } from '../data.js';
import { collectReport, selectRun } from '../report/collect.js';
import { renderReport } from '../report/html.js';
import { loadSolutions } from '../solutions.js';

export interface ReportOptions {
  store?: string;
  /** Default: the run's own data when it still exists, else the bundled training set. */
  data?: string;
  solutions?: string;
  run?: string;
  out: string;
}

/** Writes the report; returns what it covered. Every bad path is a one-line UsageError. */
export function writeReport(opts: ReportOptions, io: Io): { tasks: number; fitted: number; bytes: number } {
  const outDir = dirname(opts.out);
  if (!existsSync(outDir)) throw new UsageError(`cannot write ${opts.out}: no such directory ${outDir}`);
  let store: Store;
  try {
    // Read-only: a report never changes the store it reads.
    store = new Store(storeDir(opts.store), undefined, { readonly: true });
  } catch (e) {
    throw new UsageError(`cannot open the store: ${(e as Error).message}`);
  }
  try {
    let dataPath = opts.data;
    if (dataPath === undefined) {
      const runData = (selectRun(store.runs(), opts.run).run?.manifest as { data?: unknown } | undefined)?.data;
      if (typeof runData === 'string' && existsSync(runData)) dataPath = runData;
    }
    const data = loadData(dataPath, io);
    const solutions = opts.solutions === undefined ? undefined : { path: resolve(opts.solutions), answers: loadSolutions(opts.solutions) };
    const report = collectReport({ store, data: data.dir, tasks: data.load.tasks, skipped: data.load.problems, ...(solutions ? { solutions } : {}), ...(opts.run ? { runId: opts.run } : {}) });
    const html = renderReport(report);
    // Written beside the target, then renamed: a reader never sees half a page.
    const tmp = join(outDir, `.${Date.now()}.${process.pid}.report.tmp`);
    try {
      writeFileSync(tmp, html);
      renameSync(tmp, opts.out);
    } catch (e) {
      throw new UsageError(`cannot write ${opts.out}: ${(e as Error).message}`);
    }
    return { tasks: report.summary.tasks, fitted: report.summary.fitted, bytes: Buffer.byteLength(html) };
  } finally {
    store.close();
  }
}

/** The command line that makes the report of a store (what `batt run` suggests at its end). */
export function reportHint(store: string): string {
  return `report: npx batt report --store ${store} --out report.html`;
}

export const report: Command = {
  name: 'report',
  summary: 'write a self-contained HTML report of what a run found',
  usage: [
    'batt report --out FILE [--store DIR] [--data PATH] [--solutions PATH] [--run ID]',
    '',
    '  --out FILE        where to write the page (one HTML file; opens offline)',
    '  --store DIR       the store directory (default: $BATT_STORE or ./.batt); opened read-only',
    "  --data PATH       the tasks (default: the run's own data if it still exists, else bundled ARC-AGI-1 training)",
    '  --solutions PATH  known answers (Kaggle *_solutions.json or tasks with test outputs): adds the score and right/wrong',
    '  --run ID          the run to report (default: the latest)',
    '',
    "The page covers the run's tasks: per task its demo pairs, the two attempts batt submit would",
    'send, the best stored programs and, for a task not solved, its best candidate on the demos.',
  ].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      out: { type: 'string' },
      store: { type: 'string' },
      data: { type: 'string' },
      solutions: { type: 'string' },
      run: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.out) throw new UsageError('--out FILE is required');
    const r = writeReport({ ...values, out: values.out }, io);
    io.out(`wrote ${values.out}: ${r.tasks} tasks (${r.fitted} fitted), ${(r.bytes / 1e6).toFixed(2)} MB`);
    return 0;
  },
};
