import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { type SolverEntry, Store } from '../src/index.js';

const hex = (n: number) => n.toString(16).padStart(32, '0');
const entry = (taskId: string, n: number, over: Partial<SolverEntry> = {}): SolverEntry => ({
  taskId,
  hash: hex(n),
  text: `def solve(I):\n    O = rot90(I)\n    return O\n`,
  score: 1,
  partial: 1,
  speedUs: 10,
  work: 100,
  size: 1,
  origin: 'test',
  lineage: { n },
  ...over,
});
const tmp = () => mkdtempSync(join(tmpdir(), 'batt-store-'));

describe('store', () => {
  it('stores programs once and reports new entries', () => {
    const s = new Store(tmp());
    expect(s.addSolvers([entry('t1', 1), entry('t2', 1)])).toBe(2);
    expect(s.addSolvers([entry('t1', 1)])).toBe(0);
    expect(s.solvers('t1')).toHaveLength(1);
    expect(s.solvers('t1')[0]).toMatchObject({ taskId: 't1', hash: hex(1), lineage: { n: 1 } });
    expect(s.solvedTasks()).toEqual(['t1', 't2']);
    s.close();
  });

  it('keeps the best N per task: score, then partial, then speed, then size', () => {
    const s = new Store(tmp(), 3);
    s.addSolvers([
      entry('t', 1, { score: 0.5, partial: 0.9 }),
      entry('t', 2, { score: 1, work: 500 }),
      entry('t', 3, { score: 1, work: 50, size: 9 }),
      entry('t', 4, { score: 1, work: 50, size: 2 }),
      entry('t', 5, { score: 0.5, partial: 0.95 }),
    ]);
    expect(s.solvers('t').map((e) => e.hash)).toEqual([hex(4), hex(3), hex(2)]);
    s.close();
  });

  it('rejects a bad entry and leaves stored data intact', () => {
    const dir = tmp();
    const s = new Store(dir);
    s.addSolvers([entry('t', 1)]);
    expect(() => s.addSolvers([entry('t', 2), entry('t', 3, { score: 2 })])).toThrow(/score must be in 0..1/);
    expect(() => s.addSolvers([entry('t', 4, { hash: 'zz' })])).toThrow(/hash/);
    expect(s.solvers('t').map((e) => e.hash)).toEqual([hex(1)]);
    expect(s.integrityOk()).toBe(true);
    s.close();
  });

  it('two processes writing one store do not corrupt it', async () => {
    const dir = tmp();
    new Store(dir).close();
    const script = `
      import { Store } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const s = new Store(process.argv[1], 1000);
      for (let k = 0; k < 200; k++) {
        const n = Number(process.argv[2]) * 1000 + k;
        s.addSolvers([{ taskId: 't' + (k % 7), hash: n.toString(16).padStart(32, '0'), text: 'x\\n    return O\\n', score: 1, partial: 1, speedUs: 1, work: 1, size: 1, origin: 'p', lineage: null }]);
      }
      s.close();`;
    const run = (id: number) =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, ['--input-type=module', '-e', script, dir, String(id)], { stdio: 'inherit' });
        p.on('exit', (code) => resolve(code ?? -1));
      });
    const codes = await Promise.all([run(1), run(2)]);
    expect(codes).toEqual([0, 0]);
    const s = new Store(dir, 1000);
    expect(s.integrityOk()).toBe(true);
    expect(s.allSolvers()).toHaveLength(400);
    s.close();
  });

  it('refuses a store written by another schema version', () => {
    const dir = tmp();
    new Store(dir).close();
    execFileSync('node', ['-e', `const D=require(${JSON.stringify(require_path())});const d=new D(${JSON.stringify(join(dir, 'batt.sqlite'))});d.prepare("UPDATE meta SET value='99'").run();d.close()`]);
    expect(() => new Store(dir)).toThrow(/schema version '99'/);
  });

  it('keeps a run summary, adds its column to an older store, and lists a run whose JSON is unreadable', () => {
    const dir = tmp();
    const Database = createRequire(import.meta.url)('better-sqlite3');
    // A store made before runs had a summary column.
    const old = new Database(join(dir, 'batt.sqlite'));
    old.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '1');
      CREATE TABLE runs (run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, manifest TEXT NOT NULL);
      INSERT INTO runs VALUES ('old', '2020-01-01T00:00:00Z', NULL, '{"seed":3}');`);
    old.close();
    const s = new Store(dir);
    s.startRun('new', { seed: 4 });
    s.finishRun('new', false, { solved: 2, phases: { scoringMs: 5 } });
    const db = new Database(join(dir, 'batt.sqlite'));
    db.prepare("INSERT INTO runs (run_id, started_at, finished_at, manifest, summary) VALUES ('bad', '2030-01-01T00:00:00Z', NULL, '{nope', NULL)").run();
    db.close();
    const runs = s.runs();
    expect(runs.map((r) => r.runId)).toEqual(['old', 'new', 'bad']);
    expect(runs[0]).toMatchObject({ manifest: { seed: 3 }, summary: undefined });
    expect(runs[0]!.error).toBeUndefined();
    expect(runs[0]!.status).toBe('interrupted'); // unfinished in the old store, its owner long gone
    expect(runs[1]).toMatchObject({ status: 'finished', manifest: { seed: 4 }, summary: { solved: 2, phases: { scoringMs: 5 } } });
    expect(runs[1]!.finishedAt).not.toBeNull();
    expect(runs[2]!.error).toMatch(/^run bad: unreadable JSON/);
    s.close();
  });

  it('opens read-only without creating or changing anything', () => {
    const missing = join(tmp(), 'nope');
    expect(() => new Store(missing, undefined, { readonly: true })).toThrow(/^no store in .*nope \(.*batt\.sqlite does not exist\)$/);
    expect(existsSync(missing)).toBe(false);
    const dir = tmp();
    const w = new Store(dir);
    w.addSolvers([entry('t1', 1)]);
    w.close();
    const before = readFileSync(join(dir, 'batt.sqlite'));
    const r = new Store(dir, undefined, { readonly: true });
    expect(r.solvers('t1')).toHaveLength(1);
    expect(() => r.addSolvers([entry('t1', 2)])).toThrow(/readonly/);
    r.close();
    expect(readFileSync(join(dir, 'batt.sqlite')).equals(before)).toBe(true);
  });
});

function require_path(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}
