// `batt run`: searches programs for ARC tasks, round after round, storing what validates.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '@batt/arc-data';
import { Store } from '@batt/store';
import { validateSolvers } from '@batt/validation';

import type { Command, Io } from '../command.js';
import { parseOptions, UsageError } from '../command.js';
import { loadData, storeDir } from '../data.js';
import { predict } from '../run/predict.js';
import { entriesFrom } from '../seeds.js';
import { Progress } from '../run/progress.js';
import { emptyCounts, emptyTimes, openSession, type RunOptions, searchTask, SeedPool, type TaskOutcome } from '../run/search.js';

const DEFAULT_BUDGET_S = 0.5;

function battVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
const DEFAULT_SEEDS_PER_BATT = 32;

function number(name: string, s: string | undefined, min: number, integer: boolean): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got '${s}'`);
  return n;
}

/** Stores the bundled seed solvers (validated on their demo pairs) into an empty store. */
function importBundledSeeds(store: Store, tasks: Parameters<typeof validateSolvers>[1], io: Io): number {
  const file = join(repoRoot(), 'data', 'seeds', 'solvers.py');
  const results = validateSolvers(readFileSync(file), tasks);
  const entries = entriesFrom(results, tasks, file, 'import:bundled-seeds');
  const added = store.addSolvers(entries);
  io.err(`store was empty: imported ${added} bundled seed solvers`);
  return added;
}

export const run: Command = {
  name: 'run',
  summary: 'search programs for ARC tasks (the main job)',
  usage: [
    'batt run [--data PATH] [--tasks ID,...] [--limit N] [--budget-s SECONDS] [--seed N] [--store DIR] [--json]',
    '',
    '  --data PATH       tasks: a directory of <id>.json or a Kaggle *_challenges.json (default: bundled ARC-AGI-1 training)',
    '  --tasks ID,...    only these tasks',
    '  --limit N         only the first N tasks',
    `  --budget-s S      search time per task in seconds (default ${DEFAULT_BUDGET_S}); a task stops early once solved`,
    '  --rounds N        exactly N rounds per task instead of the time budget (reproducible)',
    '  --seed N          random seed (default 0): same seed, data and store reproduce the same candidates',
    '  --store DIR       the store directory (default: $BATT_STORE or ./.batt)',
    '  --no-seeds        enumeration only: do not draw stored solvers as seeds (nor import the bundled ones)',
    `  --seeds-per-batt K  seed solvers per population batt (default ${DEFAULT_SEEDS_PER_BATT})`,
    '  --json            print the summary as JSON',
    '',
    'Search never reads test outputs. Predictions come from the stored solvers (see batt submit).',
  ].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      data: { type: 'string' },
      tasks: { type: 'string' },
      limit: { type: 'string' },
      'budget-s': { type: 'string' },
      rounds: { type: 'string' },
      seed: { type: 'string' },
      store: { type: 'string' },
      'no-seeds': { type: 'boolean' },
      'seeds-per-batt': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const budgetS = number('budget-s', values['budget-s'], 0, false) ?? DEFAULT_BUDGET_S;
    const rounds = number('rounds', values.rounds, 1, true);
    const seed = number('seed', values.seed, 0, true) ?? 0;
    const limit = number('limit', values.limit, 1, true);
    const seedsPerBatt = number('seeds-per-batt', values['seeds-per-batt'], 1, true) ?? DEFAULT_SEEDS_PER_BATT;

    const data = loadData(values.data, io);
    let tasks = data.load.tasks;
    if (values.tasks !== undefined) {
      const want = values.tasks.split(',').map((s) => s.trim()).filter(Boolean);
      const missing = want.filter((id) => !data.tasks.has(id));
      if (missing.length > 0) throw new UsageError(`no such task(s) in ${data.dir}: ${missing.join(', ')}`);
      tasks = want.map((id) => data.tasks.get(id)!);
    }
    if (limit !== undefined) tasks = tasks.slice(0, limit);
    if (tasks.length === 0) throw new UsageError(`no tasks to search in ${data.dir}`);

    const dir = storeDir(values.store);
    const store = new Store(dir);
    const runId = randomUUID();
    const opts: RunOptions = { budgetS, ...(rounds !== undefined ? { rounds } : {}), seed, seedsPerBatt, useSeeds: !values['no-seeds'], runId };
    const wall0 = performance.now();
    const times = emptyTimes();
    const counts = emptyCounts();
    const outcomes: TaskOutcome[] = [];
    let interrupted = false;
    const onSignal = () => {
      interrupted = true;
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      if (opts.useSeeds && store.allSolvers().length === 0) importBundledSeeds(store, data.tasks, io);
      store.startRun(runId, {
        data: data.dir,
        tasks: tasks.map((t) => t.id),
        seed,
        budgetS,
        rounds: rounds ?? null,
        useSeeds: opts.useSeeds,
        seedsPerBatt,
        versions: { batt: battVersion(), node: process.version },
      });
      const pool = new SeedPool(store.allSolvers());
      const session = openSession(tasks);
      const progress = new Progress(tasks.length, (s) => process.stderr.write(s), Boolean(process.stderr.isTTY) && !values.json);
      for (let k = 0; k < tasks.length && !interrupted; k++) {
        outcomes.push(searchTask(session, k, tasks[k]!, store, pool, opts, times, counts));
        progress.update(outcomes.length, outcomes.filter((o) => o.solved).length);
        // Let a signal handler run between tasks, so Ctrl-C stops cleanly after the current one.
        await new Promise((r) => setImmediate(r));
      }
      progress.finish(outcomes.length, outcomes.filter((o) => o.solved).length);
      store.finishRun(runId);

      const stored = new Map(tasks.map((t) => [t.id, store.solvers(t.id)]));
      const predictions = predict(tasks, stored);
      const solved = tasks.filter((t) => (stored.get(t.id) ?? []).some((s) => s.score === 1)).length;
      let testInputs = 0;
      let predicted = 0;
      for (const t of tasks) {
        testInputs += t.test.length;
        predicted += predictions.get(t.id)!.filter((a) => a.length > 0).length;
      }
      const summary = {
        runId,
        store: dir,
        data: data.dir,
        tasks: tasks.length,
        searched: outcomes.length,
        interrupted,
        solved,
        testInputs,
        predicted,
        candidates: counts,
        phasesMs: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v)])),
        wallMs: Math.round(performance.now() - wall0),
      };
      if (values.json) io.out(JSON.stringify(summary));
      else printSummary(summary, io);
      return interrupted ? 130 : 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      store.close();
    }
  },
};

function printSummary(s: {
  tasks: number;
  searched: number;
  solved: number;
  testInputs: number;
  predicted: number;
  interrupted: boolean;
  candidates: ReturnType<typeof emptyCounts>;
  phasesMs: Record<string, number>;
  wallMs: number;
  store: string;
  runId: string;
}, io: Io): void {
  const total = Object.values(s.phasesMs).reduce((a, b) => a + b, 0) || 1;
  io.out('phase        time      share');
  for (const [k, v] of Object.entries(s.phasesMs)) io.out(`${k.padEnd(12)} ${(v / 1000).toFixed(2).padStart(7)} s  ${((100 * v) / total).toFixed(1).padStart(5)}%`);
  io.out(`wall         ${(s.wallMs / 1000).toFixed(2).padStart(7)} s`);
  io.out('');
  if (s.interrupted) io.out(`interrupted after ${s.searched} of ${s.tasks} tasks`);
  io.out(`tasks with a solver for all demo pairs: ${s.solved} of ${s.tasks}`);
  io.out(`test predictions made: ${s.predicted} of ${s.testInputs} test inputs`);
  const c = s.candidates;
  io.out(`candidates: ${c.generated} generated, ${c.scored} scored, ${c.unique} unique, ${c.validated} validated, ${c.stored} stored (${c.rounds} rounds)`);
  io.out(`store: ${s.store} (run ${s.runId})`);
}
