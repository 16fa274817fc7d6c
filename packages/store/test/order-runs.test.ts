// The one solver order (TS comparator = SQL ORDER BY), runs left by a crash, unreadable rows.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { compareSolvers, ownerGone, RANK_SQL, type SolverEntry, STALE_MS, Store } from '../src/index.js';
import { entry as taskEntry, hex, tmp } from './fixtures.js';

const entry = (n: number, over: Partial<SolverEntry> = {}): SolverEntry => taskEntry('t', n, over);

/** A small LCG, so the "random" entries are the same on every run. */
function lcg(seed: number) {
  let a = seed;
  return (n: number) => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a % n;
  };
}

describe('solver order', () => {
  it('the SQL order is the TS comparator, on entries tied on every prefix of the keys', () => {
    const r = lcg(7);
    // Few distinct values per key, so ties at every level are common and each key decides some pairs.
    const entries = Array.from({ length: 300 }, (_, k) =>
      entry(k + 1, { taskId: `t${r(3)}`, score: [0, 0.5, 1][r(3)]!, partial: [0.25, 0.5, 0.75][r(3)]!, work: [10, 20.5, 30][r(3)]!, size: 1 + r(3), speedUs: r(1000) }),
    );
    const s = new Store(tmp(), 1000);
    s.addSolvers(entries);
    for (const t of ['t0', 't1', 't2']) {
      const want = entries.filter((e) => e.taskId === t).sort(compareSolvers).map((e) => e.hash);
      expect(s.solvers(t).map((e) => e.hash)).toEqual(want);
      expect(s.allSolvers().filter((e) => e.taskId === t).map((e) => e.hash)).toEqual(want);
    }
    s.close();
  });

  it('never breaks a tie by measured time', () => {
    const s = new Store(tmp());
    s.addSolvers([entry(2, { speedUs: 1 }), entry(1, { speedUs: 9999 })]);
    expect(s.allSolvers().map((e) => e.hash)).toEqual([hex(1), hex(2)]);
    expect(s.solvers('t').map((e) => e.hash)).toEqual([hex(1), hex(2)]);
    expect(RANK_SQL).not.toMatch(/speed/);
    s.close();
  });

  it('retention keeps the first N of that order', () => {
    const s = new Store(tmp(), 2);
    const all = [entry(1, { work: 5 }), entry(2, { partial: 0.5, score: 0.5 }), entry(3, { work: 5, size: 3 }), entry(4, { work: 1 })];
    s.addSolvers(all);
    expect(s.solvers('t').map((e) => e.hash)).toEqual([...all].sort(compareSolvers).slice(0, 2).map((e) => e.hash));
    s.close();
  });
});

describe('runs', () => {
  it('a run of a live process is left alone; one whose process died is marked interrupted', () => {
    const dir = tmp();
    const s = new Store(dir);
    s.startRun('mine', { k: 1 });
    const other = new Store(dir); // a second opener (another command) while the run goes on
    expect(other.abandoned).toEqual([]);
    expect(other.runs()).toMatchObject([{ runId: 'mine', status: 'running', host: hostname(), pid: process.pid }]);
    other.close();
    s.finishRun('mine');
    s.close();

    // A child starts a run and dies without finishing it (as a crash would).
    const script = `import { Store } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const s = new Store(process.argv[1]); s.startRun('crashed', {}); process.exit(9);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, dir]);
    expect(child.status, child.stderr.toString()).toBe(9);
    const after = new Store(dir);
    expect(after.abandoned).toEqual(['crashed']);
    expect(after.runs().map((r) => [r.runId, r.status])).toEqual([
      ['mine', 'finished'],
      ['crashed', 'interrupted'],
    ]);
    after.close();
  });

  it('another host: judged by its heartbeat only', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const base = { host: 'elsewhere', pid: 1, started_at: '2026-01-01T00:00:00Z' };
    expect(ownerGone({ ...base, heartbeat_at: new Date(now - 60_000).toISOString() }, now)).toBe(false);
    expect(ownerGone({ ...base, heartbeat_at: new Date(now - STALE_MS - 1).toISOString() }, now)).toBe(true);
    expect(ownerGone({ ...base, heartbeat_at: 'garbage' }, now)).toBe(true);
    // This host, this (live) process, fresh heartbeat: in progress.
    expect(ownerGone({ host: hostname(), pid: process.pid, started_at: base.started_at, heartbeat_at: new Date(now).toISOString() }, now)).toBe(false);
  });

  it('a run marked interrupted when stopped early says so', () => {
    const s = new Store(tmp());
    s.startRun('r', {});
    s.finishRun('r', true);
    expect(s.runs()[0]).toMatchObject({ status: 'interrupted' });
    expect(s.runs()[0]!.finishedAt).not.toBeNull();
    s.close();
  });

  it('migrates a version-1 store: finished runs stay finished, an ownerless unfinished one is interrupted', () => {
    const dir = tmp();
    const db = new Database(join(dir, 'batt.sqlite'));
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '1');
      CREATE TABLE runs (run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, manifest TEXT NOT NULL);
      INSERT INTO runs VALUES ('done', '2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z', '{}');
      INSERT INTO runs VALUES ('left', '2025-01-02T00:00:00Z', NULL, '{}');`);
    db.close();
    const s = new Store(dir);
    expect(s.abandoned).toEqual(['left']);
    expect(s.runs().map((r) => [r.runId, r.status])).toEqual([
      ['done', 'finished'],
      ['left', 'interrupted'],
    ]);
    s.close();
  });
});

describe('unreadable rows', () => {
  it('are skipped and reported, and the rest still read', () => {
    const dir = tmp();
    const s = new Store(dir);
    s.addSolvers([entry(1), entry(2, { work: 200 }), entry(3, { work: 300 })]);
    const db = new Database(join(dir, 'batt.sqlite'));
    db.prepare('UPDATE solvers SET lineage = ? WHERE hash = ?').run('{not json', hex(1));
    db.prepare('UPDATE solvers SET score = ? WHERE hash = ?').run('high', hex(2));
    db.close();
    expect(s.solvers('t').map((e) => e.hash)).toEqual([hex(3)]);
    expect(s.allSolvers().map((e) => e.hash)).toEqual([hex(3)]);
    expect(s.unreadable().sort((a, b) => (a.hash < b.hash ? -1 : 1))).toEqual([
      { taskId: 't', hash: hex(1), reason: 'lineage is not valid JSON' },
      { taskId: 't', hash: hex(2), reason: 'score is not a number' },
    ]);
    s.close();
  });
});
