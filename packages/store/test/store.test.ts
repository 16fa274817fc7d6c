import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
});

function require_path(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}
