// `batt run`, `batt submit` and `batt score` as a user runs them, on a few bundled tasks.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const pkgJson = require.resolve('@batt/orchestrator/package.json');
const bin = join(dirname(pkgJson), JSON.parse(readFileSync(pkgJson, 'utf8')).bin.batt);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const training = join(root, 'data', 'arc-agi-1', 'training');
const TASKS = '3c9b0459,68b16354,25ff71a9,0d3d703e,a416b8f3';

function batt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, BATT_STORE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'batt-run-'));

/** Every stored solver as `task hash score`, sorted: what a run produced. */
function storeContents(store: string): string[] {
  const Database = require('better-sqlite3');
  const db = new Database(join(store, 'batt.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT task_id, hash, score, partial FROM solvers ORDER BY task_id, hash').all() as { task_id: string; hash: string; score: number; partial: number }[];
  db.close();
  return rows.map((r) => `${r.task_id} ${r.hash} ${r.score} ${r.partial.toFixed(6)}`);
}

describe('batt run', () => {
  it('searches, stores, summarises, and reproduces with the same seed', () => {
    const a = tmp();
    const b = tmp();
    const r = batt('run', '--tasks', TASKS, '--rounds', '2', '--seed', '7', '--store', a, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ tasks: 5, searched: 5, interrupted: false, testInputs: 6 });
    expect(s.solved).toBeGreaterThanOrEqual(4); // rotations/mirrors are found by enumeration, seeds re-found
    expect(s.candidates.generated).toBeGreaterThan(s.candidates.unique);
    expect(s.candidates.validated).toBeGreaterThan(0);
    expect(Object.keys(s.phasesMs)).toEqual(['generation', 'scoring', 'dedup', 'validation', 'store']);
    expect(r.stderr).toMatch(/imported \d+ bundled seed solvers/);
    expect(batt('run', '--tasks', TASKS, '--rounds', '2', '--seed', '7', '--store', b, '--json').code).toBe(0);
    expect(storeContents(a)).toEqual(storeContents(b));
  }, 60_000); // each batt run is a process start plus the search: seconds on a loaded 2-core machine

  it('stores the same solvers whatever the concurrency (seeds come from a fixed lag, not from timing)', () => {
    const [a, b] = [tmp(), tmp()];
    expect(batt('run', '--limit', '30', '--rounds', '2', '--seed', '4', '--store', a, '--in-process', '--json').code).toBe(0);
    expect(batt('run', '--limit', '30', '--rounds', '2', '--seed', '4', '--store', b, '--concurrency', '6', '--json').code).toBe(0);
    expect(storeContents(b)).toEqual(storeContents(a));
  }, 60_000);

  it('a budget is work, not time: the same rounds and solvers in-process and at another concurrency', () => {
    const [a, b] = [tmp(), tmp()];
    // 0.6 budget-s: at 0.3 every unsolved task of these 12 spends its budget in its first round
    // (enumeration's cap of 100,000 combinations), so no task would run a second one.
    const ra = batt('run', '--limit', '12', '--budget-s', '0.6', '--seed', '5', '--store', a, '--in-process', '--concurrency', '1', '--json');
    const rb = batt('run', '--limit', '12', '--budget-s', '0.6', '--seed', '5', '--store', b, '--concurrency', '4', '--json');
    expect([ra.code, rb.code]).toEqual([0, 0]);
    const [sa, sb] = [JSON.parse(ra.stdout), JSON.parse(rb.stdout)];
    // The budget decided: some tasks ran more than one round, and the spent work is reported.
    expect(sa.candidates.rounds).toBeGreaterThan(12);
    expect(sa.candidates.work).toBeGreaterThan(0);
    expect(sb.candidates.rounds).toBe(sa.candidates.rounds);
    expect(sb.candidates.work).toBe(sa.candidates.work);
    expect(storeContents(b)).toEqual(storeContents(a));
  }, 120_000);

  it('never reads test outputs: the same search with test outputs removed', () => {
    const blind = tmp();
    for (const id of TASKS.split(',')) {
      const t = JSON.parse(readFileSync(join(training, `${id}.json`), 'utf8'));
      t.test = t.test.map((p: { input: number[][] }) => ({ input: p.input }));
      writeFileSync(join(blind, `${id}.json`), JSON.stringify(t));
    }
    const full = tmp();
    mkdirSync(join(full, 'data'));
    for (const id of TASKS.split(',')) cpSync(join(training, `${id}.json`), join(full, 'data', `${id}.json`));
    const a = tmp();
    const b = tmp();
    expect(batt('run', '--data', join(full, 'data'), '--no-seeds', '--rounds', '1', '--store', a).code).toBe(0);
    expect(batt('run', '--data', blind, '--no-seeds', '--rounds', '1', '--store', b).code).toBe(0);
    expect(storeContents(a).length).toBeGreaterThan(0);
    expect(storeContents(a)).toEqual(storeContents(b));
  }, 60_000);

  it('imports the bundled seeds whatever the data: each is checked on its own training task', () => {
    const data = tmp();
    // A task that no bundled seed solves, in a directory without any of the seeds' tasks.
    cpSync(join(training, '3631a71a.json'), join(data, '3631a71a.json'));
    const r = batt('run', '--data', data, '--rounds', '1', '--store', tmp(), '--json');
    expect(r.code).toBe(0);
    const n = Number(/imported (\d+) bundled seed solvers/.exec(r.stderr)?.[1]);
    expect(n).toBeGreaterThanOrEqual(60);
    expect(JSON.parse(r.stdout).candidates.generated).toBeGreaterThan(n); // the seeds went into its batt
  }, 60_000);

  it('batt eval: searches a blind copy from an empty store, then scores; --tasks and --limit as the run applied them', () => {
    const r = batt('eval', '--data', training, '--tasks', '68b16354,3c9b0459,007bbfb7', '--limit', '2', '--rounds', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(Object.keys(e.perTask).sort()).toEqual(['3c9b0459', '68b16354']); // the first two of --tasks
    expect(e).toMatchObject({ tasks: 2, testOutputs: 2 });
    const per = Object.values(e.perTask as Record<string, { fitted: boolean; right: number; of: number }>);
    expect(e.right).toBe(per.reduce((n, t) => n + t.right, 0));
    expect(e.falsePositives).toBe(per.reduce((n, t) => n + (t.fitted ? t.of - t.right : 0), 0));
    expect(e.fitted).toBeGreaterThanOrEqual(1); // 68b16354 is hmirror: enumeration finds it
    expect(e.cpuSPerTask).toBeGreaterThan(0);
    // Tasks without test outputs cannot be scored: one line, exit 2, before any search.
    const blind = tmp();
    const t = JSON.parse(readFileSync(join(training, '68b16354.json'), 'utf8'));
    writeFileSync(join(blind, '68b16354.json'), JSON.stringify({ train: t.train, test: t.test.map((p: { input: number[][] }) => ({ input: p.input })) }));
    const none = batt('eval', '--data', blind, '--rounds', '1');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no test outputs in .*: give --solutions/);
  }, 60_000);

  it('prints a progress line, a phase table and the summary', () => {
    const r = batt('run', '--tasks', '3c9b0459', '--rounds', '1', '--store', tmp());
    expect(r.stderr).toMatch(/\] 1\/1 tasks, 1 solved/);
    expect(r.stdout).toMatch(/^generation +\d+\.\d+ s/m);
    expect(r.stdout).toMatch(/^tasks with a solver for all demo pairs: 1 of 1$/m);
    expect(r.stdout).toMatch(/^test predictions made: 1 of 1 test inputs$/m);
    expect(r.stdout).toMatch(/^candidates: \d+ generated, \d+ scored, \d+ unique, \d+ validated, \d+ stored/m);
  }, 60_000);

  it('rejects bad options clearly', () => {
    expect(batt('run', '--tasks', 'nope', '--store', tmp())).toMatchObject({ code: 2, stderr: expect.stringMatching(/no such task\(s\) in .*: 'nope'/) });
    expect(batt('run', '--budget-s', 'soon')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--budget-s must be a number/) });
    expect(batt('run', '--limit', '0')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--limit must be an integer from 1 to 4294967295, got '0'/) });
  }, 60_000);

  it('a run killed mid-way leaves a sound store, and the next run resumes from it and marks it interrupted', async () => {
    const store = tmp();
    const child = spawn(process.execPath, [bin, 'run', '--limit', '300', '--budget-s', '0.3', '--store', store], { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', (code, signal) => r(signal ?? code)));
    // Kill it once search has stored something (not after a fixed sleep), within a bounded wait.
    const Database = require('better-sqlite3');
    const searched = () => {
      try {
        const db = new Database(join(store, 'batt.sqlite'), { readonly: true, fileMustExist: true });
        const n = (db.prepare("SELECT COUNT(*) n FROM solvers WHERE origin = 'search'").get() as { n: number }).n;
        db.close();
        return n > 0;
      } catch {
        return false; // not created yet
      }
    };
    for (const end = Date.now() + 20_000; !searched(); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > end) throw new Error('the run stored nothing from search in 20 s');
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL'); // killed mid-run, not finished
    const db = new Database(join(store, 'batt.sqlite'));
    expect(db.prepare('SELECT status FROM runs').all()).toEqual([{ status: 'running' }]); // as the crash left it
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const before = (db.prepare('SELECT COUNT(*) n FROM solvers').get() as { n: number }).n;
    db.close();
    expect(before).toBeGreaterThan(0);
    const r = batt('run', '--tasks', '3c9b0459', '--rounds', '1', '--store', store, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/imported/); // the store was not empty: no re-import
    expect(storeContents(store).length).toBeGreaterThanOrEqual(before);
    // Opening the store found the killed run's process gone and marked its run.
    const after = new Database(join(store, 'batt.sqlite'), { readonly: true });
    expect(after.prepare('SELECT status FROM runs ORDER BY started_at').all()).toEqual([{ status: 'interrupted' }, { status: 'finished' }]);
    after.close();
  }, 60_000);
});

describe('batt submit and score', () => {
  it('writes the Kaggle format and scores it against known answers', () => {
    const store = tmp();
    const data = tmp();
    for (const id of TASKS.split(',')) cpSync(join(training, `${id}.json`), join(data, `${id}.json`));
    expect(batt('run', '--data', data, '--rounds', '1', '--store', store).code).toBe(0);
    const out = join(tmp(), 'submission.json');
    const s = batt('submit', '--out', out, '--data', data, '--store', store);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/wrote .*submission\.json: 5 tasks/);
    const sub = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(sub).sort()).toEqual(TASKS.split(',').sort());
    for (const entries of Object.values<{ attempt_1: number[][]; attempt_2: number[][] }[]>(sub)) {
      for (const e of entries) {
        expect(Array.isArray(e.attempt_1) && Array.isArray(e.attempt_1[0])).toBe(true);
        expect(Array.isArray(e.attempt_2) && Array.isArray(e.attempt_2[0])).toBe(true);
      }
    }
    const sc = JSON.parse(batt('score', out, '--solutions', data, '--json').stdout);
    expect(sc.tasks).toBe(5);
    expect(sc.score).toBeGreaterThanOrEqual(4);
    // A Kaggle solutions file works the same way.
    const sol = Object.fromEntries(readdirSync(data).map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(data, f), 'utf8')).test.map((p: { output: unknown }) => p.output)]));
    const solFile = join(tmp(), 'x_solutions.json');
    writeFileSync(solFile, JSON.stringify(sol));
    expect(JSON.parse(batt('score', out, '--solutions', solFile, '--json').stdout).score).toBe(sc.score);
    expect(batt('score', out, '--solutions', '/nonexistent.json')).toMatchObject({ code: 2 });
  }, 60_000);
});
