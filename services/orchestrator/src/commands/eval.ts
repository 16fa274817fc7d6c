// `batt eval`: the honest measure of search. The search runs as a separate `batt run` process on
// a copy of the tasks with every test output removed, from an empty store; only after it has
// ended does this process predict from the store and compare with the known answers.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { forSearch, type Grid, gridsEqual, gridToJson, type Task } from '@batt/arc-data';
import { Store } from '@batt/store';

import type { Command } from '../command.js';
import { parseOptions, UsageError } from '../command.js';
import { loadData } from '../data.js';
import { predict } from '../run/predict.js';
import { loadSolutions } from '../solutions.js';

/** `batt run` options passed through unchanged. */
const PASSED = ['tasks', 'limit', 'budget-s', 'rounds', 'seed', 'seeds-per-batt', 'concurrency', 'workers'] as const;
const FLAGS = ['no-seeds', 'in-process'] as const;

export interface EvalResult {
  tasks: number;
  /** Tasks with a stored solver that fits every demo pair. */
  fitted: number;
  testOutputs: number;
  /** Test outputs equal to one of the two attempts. */
  right: number;
  /** Test outputs of fitted tasks that neither attempt got right. */
  falsePositives: number;
  /** Tasks whose every test output is right. */
  tasksRight: number;
  cpuS: number;
  cpuSPerTask: number;
  wallS: number;
  perTask: Record<string, { fitted: boolean; right: number; of: number }>;
}

/** Scores predictions (up to two attempts per test input) against the answers. */
export function evaluate(tasks: readonly Task[], predictions: ReadonlyMap<string, Grid[][]>, fitted: ReadonlySet<string>, answers: ReadonlyMap<string, Grid[]>): Omit<EvalResult, 'cpuS' | 'cpuSPerTask' | 'wallS'> {
  const r = { tasks: 0, fitted: 0, testOutputs: 0, right: 0, falsePositives: 0, tasksRight: 0, perTask: {} as EvalResult['perTask'] };
  for (const t of tasks) {
    const want = answers.get(t.id);
    if (!want || want.length === 0) continue;
    const fits = fitted.has(t.id);
    const attempts = predictions.get(t.id) ?? [];
    const right = want.filter((w, k) => (attempts[k] ?? []).slice(0, 2).some((g) => gridsEqual(g, w))).length;
    r.tasks++;
    r.fitted += fits ? 1 : 0;
    r.testOutputs += want.length;
    r.right += right;
    r.falsePositives += fits ? want.length - right : 0;
    r.tasksRight += right === want.length ? 1 : 0;
    r.perTask[t.id] = { fitted: fits, right, of: want.length };
  }
  return r;
}

/** Writes the tasks with demo pairs and test inputs only: all a search may see. */
function writeBlind(tasks: readonly Task[], dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const t of tasks) {
    const json = { train: t.train.map((p) => ({ input: gridToJson(p.input), output: gridToJson(p.output) })), test: t.test.map((p) => ({ input: gridToJson(p.input) })) };
    writeFileSync(join(dir, `${t.id}.json`), JSON.stringify(json));
  }
}

interface ChildSummary {
  cpuS: number;
  wallMs: number;
  tasks: number;
}

/** The summary line `batt run --json` ends with, or undefined if the line is not one. */
function childSummary(line: string): ChildSummary | undefined {
  const v: unknown = JSON.parse(line);
  if (typeof v !== 'object' || v === null) return undefined;
  const { cpuS, wallMs, tasks } = v as Record<string, unknown>;
  return typeof cpuS === 'number' && typeof wallMs === 'number' && typeof tasks === 'number' ? { cpuS, wallMs, tasks } : undefined;
}

/** Runs `batt run --json` in a child process; its stderr (progress) goes to ours. */
function runChild(args: string[]): Promise<ChildSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1]!, 'run', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BATT_STORE: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the search (batt run) exited with ${code}`));
      let summary: ChildSummary | undefined;
      try {
        summary = childSummary(out.trim().split('\n').pop()!);
      } catch {
        summary = undefined;
      }
      if (summary) resolve(summary);
      else reject(new Error('the search (batt run) printed no summary'));
    });
  });
}

export const evalCmd: Command = {
  name: 'eval',
  summary: 'measure search honestly: run on tasks with test outputs removed, then score',
  usage: [
    'batt eval --data PATH [--solutions PATH] [batt run options] [--keep DIR] [--json]',
    '',
    '  --data PATH       tasks with known test outputs (a directory, or a Kaggle *_challenges.json)',
    '  --solutions PATH  the answers, if --data has none (a Kaggle *_solutions.json or tasks)',
    '  --keep DIR        keep the store (and the blind copy of the tasks) in DIR; default: a temporary directory',
    '  --json            print the result as JSON (with per-task figures)',
    '  --budget-s, --rounds, --seed, --tasks, --limit, --no-seeds, --seeds-per-batt, --concurrency,',
    '  --workers, --in-process: as for batt run (the store starts empty: bundled seeds only)',
    '',
    'The search is a separate `batt run` process on a copy of the tasks without test outputs.',
    'Printed: tasks fitting all demo pairs, test outputs right within 2 attempts, false positives',
    '(test outputs of fitted tasks that are wrong) and CPU-seconds per task (all threads of the search).',
  ].join('\n'),

  async run(argv, io) {
    const options = {
      data: { type: 'string' },
      solutions: { type: 'string' },
      keep: { type: 'string' },
      json: { type: 'boolean' },
      ...Object.fromEntries(PASSED.map((k) => [k, { type: 'string' }])),
      ...Object.fromEntries(FLAGS.map((k) => [k, { type: 'boolean' }])),
    } as const;
    const { values, positionals } = parseOptions(argv, options);
    const v = values as Record<string, string | boolean | undefined>;
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!v.data) throw new UsageError('--data PATH is required (tasks with known test outputs)');
    const data = loadData(v.data as string, io);
    let answers: Map<string, Grid[]>;
    if (v.solutions) {
      try {
        answers = loadSolutions(v.solutions as string);
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`cannot load solutions: ${(e as Error).message}`);
      }
    } else answers = new Map(data.load.tasks.map((t) => [t.id, t.test.flatMap((p) => (p.output ? [p.output] : []))]));
    if (![...answers.values()].some((a) => a.length > 0)) throw new UsageError(`no test outputs in ${data.dir}: give --solutions`);

    const dir = v.keep ? (v.keep as string) : mkdtempSync(join(tmpdir(), 'batt-eval-'));
    const blind = join(dir, 'tasks');
    const store = join(dir, 'store');
    try {
      if (v.keep) rmSync(store, { recursive: true, force: true }); // from an empty store, always
      writeBlind(data.load.tasks, blind);
      const args = ['--data', blind, '--store', store];
      for (const k of PASSED) if (v[k] !== undefined) args.push(`--${k}`, v[k] as string);
      for (const k of FLAGS) if (v[k]) args.push(`--${k}`);
      const run = await runChild(args);
      const s = new Store(store);
      let result: EvalResult;
      try {
        // The tasks the run searched, as its own manifest lists them (the orchestrator applied
        // --tasks and --limit); predictions use them without test outputs (forSearch).
        const manifest = s.runs().at(-1)?.manifest as { tasks?: unknown } | undefined;
        const ids = new Set(Array.isArray(manifest?.tasks) ? manifest.tasks : []);
        const searched = data.load.tasks.filter((t) => ids.has(t.id)).map(forSearch);
        const stored = new Map(searched.map((t) => [t.id, s.solvers(t.id)]));
        const fitted = new Set(searched.filter((t) => stored.get(t.id)!.some((x) => x.score === 1)).map((t) => t.id));
        const r = evaluate(searched, predict(searched, stored), fitted, answers);
        result = { ...r, cpuS: run.cpuS, cpuSPerTask: run.cpuS / Math.max(run.tasks, 1), wallS: run.wallMs / 1000 };
      } finally {
        s.close();
      }
      if (v.json) io.out(JSON.stringify(result));
      else {
        const pct = (n: number, d: number) => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
        io.out(`tasks: ${result.tasks}, fitting all demo pairs: ${result.fitted} (${pct(result.fitted, result.tasks)})`);
        io.out(`test outputs right within 2 attempts: ${result.right} of ${result.testOutputs} (${pct(result.right, result.testOutputs)}); tasks all right: ${result.tasksRight}`);
        io.out(`false positives (fitted, wrong on test): ${result.falsePositives}`);
        io.out(`CPU: ${result.cpuS.toFixed(1)} s in all, ${result.cpuSPerTask.toFixed(2)} s per task; wall ${result.wallS.toFixed(1)} s`);
        if (v.keep) io.out(`store: ${store}`);
      }
      return 0;
    } finally {
      if (!v.keep) rmSync(dir, { recursive: true, force: true });
    }
  },
};
