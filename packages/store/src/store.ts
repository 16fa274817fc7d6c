import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { quote } from '@batt/arc-data';
import Database from 'better-sqlite3';

import { RANK_SQL } from './order.js';
import { type RunRecord, Runs } from './runs.js';
import { ADDED_COLUMNS, MIGRATE_1_TO_2, SCHEMA, SCHEMA_VERSION } from './schema.js';

/** A validated solver to store: what was validated is exactly what is stored. */
export interface SolverEntry {
  taskId: string;
  hash: string;
  /** Canonical program text (the content the hash addresses). */
  text: string;
  /** Fraction of demo pairs solved exactly (1 = all). */
  score: number;
  /** Mean fraction of correct cells on demo pairs (ranking among partial solvers). */
  partial: number;
  /** Mean validation time per demo pair, microseconds. */
  speedUs: number;
  /** Mean fuel spent per demo pair: the deterministic speed used for ranking. */
  work: number;
  /** Number of steps. */
  size: number;
  /** Where it came from: `import:<file>`, `search`, ... */
  origin: string;
  /** Parents, mutations, RNG seed: free-form JSON-able data. */
  lineage: unknown;
  runId?: string;
}

export interface StoredSolver extends SolverEntry {
  createdAt: string;
}

/** A stored row that could not be read back (bad lineage JSON, a non-number score...): skipped. */
export interface UnreadableRow {
  taskId: string;
  hash: string;
  reason: string;
}

/** Default number of solvers kept per task. */
export const DEFAULT_KEEP = 8;

export class Store {
  readonly path: string;
  private db: Database.Database;
  private readonly runLog: Runs;
  private readonly skipped = new Map<string, UnreadableRow>();
  /** Runs found unfinished with their owner gone when this store was opened, now marked interrupted. */
  readonly abandoned: string[];

  /**
   * Opens (creating if needed) the store in `dir` (file `batt.sqlite`). With `readonly` the file
   * must exist and nothing is written to it: no schema, no added columns, no journal change.
   */
  constructor(dir: string, readonly keep = DEFAULT_KEEP, opts: { readonly?: boolean } = {}) {
    this.path = join(dir, 'batt.sqlite');
    if (opts.readonly) {
      if (!existsSync(this.path)) throw new Error(`no store in ${dir} (${this.path} does not exist)`);
      this.db = new Database(this.path, { readonly: true, fileMustExist: true, timeout: 10_000 });
    } else {
      mkdirSync(dir, { recursive: true });
      this.db = new Database(this.path, { timeout: 10_000 });
      // WAL lets a reader and a writer (e.g. two `batt run` processes) share the file safely;
      // each write is one transaction, so a crash loses at most the entry in flight.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.exec(SCHEMA);
    }
    let v: { value: string } | undefined;
    try {
      v = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as { value: string } | undefined;
    } catch (e) {
      this.db.close();
      throw new Error(`${this.path}: not a batt store (${(e as Error).message})`);
    }
    if (v === undefined && !opts.readonly) {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
    } else if (Number(v?.value) === 1 && !opts.readonly) {
      // IMMEDIATE takes the write lock before the version is read again, so of two processes
      // opening a version-1 store together one migrates and the other then sees version 2.
      this.db
        .transaction(() => {
          const now = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as { value: string };
          if (Number(now.value) !== 1) return;
          this.db.exec(MIGRATE_1_TO_2);
          this.db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(String(SCHEMA_VERSION), 'schema_version');
        })
        .immediate();
    } else if (Number(v?.value) !== SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`${this.path}: store schema version ${v ? quote(v.value) : 'missing'}, this batt reads version ${SCHEMA_VERSION}`);
    }
    this.runLog = new Runs(this.db);
    if (opts.readonly) {
      this.abandoned = [];
      return;
    }
    for (const c of ADDED_COLUMNS) {
      const cols = this.db.prepare(`PRAGMA table_info(${c.table})`).all() as { name: string }[];
      if (!cols.some((x) => x.name === c.column)) this.db.exec(`ALTER TABLE ${c.table} ADD COLUMN ${c.column} ${c.decl}`);
    }
    this.abandoned = this.runLog.markAbandoned();
  }

  close(): void {
    this.runLog.close();
    this.db.close();
  }

  /** Rows skipped by reads so far because they could not be read (each reported once). */
  unreadable(): UnreadableRow[] {
    return [...this.skipped.values()];
  }

  private read(rows: Row[]): StoredSolver[] {
    const out: StoredSolver[] = [];
    for (const r of rows) {
      const s = fromRow(r);
      if (typeof s === 'string') this.skipped.set(`${r.task_id}\u0000${r.hash}`, { taskId: String(r.task_id), hash: String(r.hash), reason: s });
      else out.push(s);
    }
    return out;
  }

  /**
   * Adds solvers (one transaction), then applies the retention policy to their tasks.
   * Returns how many entries are new.
   */
  addSolvers(entries: readonly SolverEntry[]): number {
    const putProgram = this.db.prepare('INSERT OR IGNORE INTO programs (hash, text, size) VALUES (?, ?, ?)');
    const putSolver = this.db.prepare(
      `INSERT INTO solvers (task_id, hash, score, partial, speed_us, work, size, origin, lineage, run_id, created_at)
       VALUES (@taskId, @hash, @score, @partial, @speedUs, @work, @size, @origin, @lineage, @runId, @createdAt)
       ON CONFLICT (task_id, hash) DO UPDATE SET
         score = excluded.score, partial = excluded.partial, speed_us = MIN(speed_us, excluded.speed_us)
       WHERE excluded.score > solvers.score OR (excluded.score = solvers.score AND excluded.partial > solvers.partial)
          OR excluded.speed_us < solvers.speed_us`,
    );
    const exists = this.db.prepare('SELECT 1 FROM solvers WHERE task_id = ? AND hash = ?');
    const tx = this.db.transaction((batch: readonly SolverEntry[]) => {
      let added = 0;
      const tasks = new Set<string>();
      const now = new Date().toISOString();
      for (const e of batch) {
        checkEntry(e);
        putProgram.run(e.hash, e.text, e.size);
        if (!exists.get(e.taskId, e.hash)) added++;
        putSolver.run({ ...e, lineage: JSON.stringify(e.lineage ?? null), runId: e.runId ?? null, createdAt: now });
        tasks.add(e.taskId);
      }
      for (const t of tasks) this.retain(t);
      return added;
    });
    return tx(entries);
  }

  /** Keeps the best `keep` solvers of a task, in the order of compareSolvers. */
  private retain(taskId: string): void {
    this.db
      .prepare(`DELETE FROM solvers WHERE task_id = ? AND hash NOT IN (SELECT hash FROM solvers WHERE task_id = ? ORDER BY ${RANK_SQL} LIMIT ?)`)
      .run(taskId, taskId, this.keep);
  }

  /** A task's solvers, best first (compareSolvers); unreadable rows are skipped (see unreadable()). */
  solvers(taskId: string): StoredSolver[] {
    return this.read(this.db.prepare(`SELECT s.*, p.text FROM solvers s JOIN programs p USING (hash) WHERE task_id = ? ORDER BY ${RANK_SQL}`).all(taskId) as Row[]);
  }

  /** Every task's solvers, by task id, best first per task. */
  allSolvers(): StoredSolver[] {
    return this.read(this.db.prepare(`SELECT s.*, p.text FROM solvers s JOIN programs p USING (hash) ORDER BY task_id, ${RANK_SQL}`).all() as Row[]);
  }

  /** The solver rows of one program (any task), best first. */
  byHash(hash: string): StoredSolver[] {
    return this.read(this.db.prepare(`SELECT s.*, p.text FROM solvers s JOIN programs p USING (hash) WHERE hash = ? ORDER BY task_id, ${RANK_SQL}`).all(hash) as Row[]);
  }

  /** Ids of tasks with at least one solver of the given minimum score. */
  solvedTasks(minScore = 1): string[] {
    const rows = this.db.prepare('SELECT DISTINCT task_id FROM solvers WHERE score >= ? ORDER BY task_id').all(minScore) as { task_id: string }[];
    return rows.map((r) => r.task_id);
  }

  /** Records a run as in progress by this process (host, pid, heartbeat: see runs.ts). */
  startRun(runId: string, manifest: unknown): void {
    this.runLog.start(runId, manifest);
  }

  /** Ends a run with its summary (counts and phase timings) when given; `interrupted` when it
   *  stopped before searching all its tasks. */
  finishRun(runId: string, interrupted = false, summary?: unknown): void {
    this.runLog.finish(runId, interrupted, summary);
  }

  /** Every run, oldest first; a row whose JSON does not parse is listed with `error` set. */
  runs(): RunRecord[] {
    return this.runLog.list();
  }

  /** Checks the database file (SQLite's own integrity check). */
  integrityOk(): boolean {
    const r = this.db.pragma('integrity_check', { simple: true });
    return r === 'ok';
  }
}

interface Row {
  task_id: string;
  hash: string;
  text: string;
  score: number;
  partial: number;
  speed_us: number;
  work: number;
  size: number;
  origin: string;
  lineage: string;
  run_id: string | null;
  created_at: string;
}

/** A row as a solver, or why it cannot be one (SQLite columns hold whatever was written). */
function fromRow(r: Row): StoredSolver | string {
  for (const k of ['score', 'partial', 'speed_us', 'work', 'size'] as const) {
    if (typeof r[k] !== 'number' || !Number.isFinite(r[k])) return `${k} is not a number`;
  }
  if (typeof r.text !== 'string' || typeof r.task_id !== 'string' || typeof r.hash !== 'string') return 'not text';
  let lineage: unknown;
  try {
    lineage = JSON.parse(r.lineage);
  } catch {
    return 'lineage is not valid JSON';
  }
  return {
    taskId: r.task_id,
    hash: r.hash,
    text: r.text,
    score: r.score,
    partial: r.partial,
    speedUs: r.speed_us,
    work: r.work,
    size: r.size,
    origin: r.origin,
    lineage,
    runId: r.run_id ?? undefined,
    createdAt: r.created_at,
  };
}

function checkEntry(e: SolverEntry): void {
  const bad = (why: string) => new Error(`refusing to store solver ${quote(String(e.hash))} for ${quote(String(e.taskId))}: ${why}`);
  if (!/^[0-9a-f]{32}$/.test(e.hash)) throw bad('hash must be 32 hex digits');
  if (!e.taskId) throw bad('empty task id');
  for (const [k, v] of Object.entries({ score: e.score, partial: e.partial })) {
    if (!(v >= 0 && v <= 1)) throw bad(`${k} must be in 0..1`);
  }
  if (!(e.speedUs >= 0) || !Number.isFinite(e.speedUs)) throw bad('speed must be a finite non-negative number');
  if (!(e.work >= 0) || !Number.isFinite(e.work)) throw bad('work must be a finite non-negative number');
  if (!e.text.includes('return O')) throw bad('text is not a program');
}
