import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { ADDED_COLUMNS, SCHEMA, SCHEMA_VERSION } from './schema.js';

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

/** A row of the runs table: the manifest written at its start, the summary at its end. */
export interface StoredRun {
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  manifest: unknown;
  /** Undefined while the run is in progress, or if it was interrupted before its end. */
  summary: unknown;
  /** Set when the row's JSON could not be read. */
  error?: string;
}

/** Default number of solvers kept per task. */
export const DEFAULT_KEEP = 8;

export class Store {
  readonly path: string;
  private db: Database.Database;

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
    } else if (Number(v?.value) !== SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`${this.path}: store schema version ${v?.value ?? 'missing'}, this batt reads version ${SCHEMA_VERSION}`);
    }
    if (opts.readonly) return;
    for (const c of ADDED_COLUMNS) {
      const cols = this.db.prepare(`PRAGMA table_info(${c.table})`).all() as { name: string }[];
      if (!cols.some((x) => x.name === c.column)) this.db.exec(`ALTER TABLE ${c.table} ADD COLUMN ${c.column} ${c.decl}`);
    }
  }

  close(): void {
    this.db.close();
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

  /** Keeps the best `keep` solvers of a task: score, then partial score, then speed (work), then size. */
  private retain(taskId: string): void {
    this.db
      .prepare(
        `DELETE FROM solvers WHERE task_id = ? AND hash NOT IN (
           SELECT hash FROM solvers WHERE task_id = ? ORDER BY score DESC, partial DESC, work ASC, size ASC, hash ASC LIMIT ?)`,
      )
      .run(taskId, taskId, this.keep);
  }

  /** A task's solvers, best first. */
  solvers(taskId: string): StoredSolver[] {
    const rows = this.db
      .prepare(
        `SELECT s.*, p.text FROM solvers s JOIN programs p USING (hash)
         WHERE task_id = ? ORDER BY score DESC, partial DESC, work ASC, size ASC, hash ASC`,
      )
      .all(taskId) as Row[];
    return rows.map(fromRow);
  }

  /** Every task's best solvers (best first per task). */
  allSolvers(): StoredSolver[] {
    const rows = this.db
      .prepare(
        `SELECT s.*, p.text FROM solvers s JOIN programs p USING (hash)
         ORDER BY task_id, score DESC, partial DESC, speed_us ASC, size ASC, hash ASC`,
      )
      .all() as Row[];
    return rows.map(fromRow);
  }

  /** Ids of tasks with at least one solver of the given minimum score. */
  solvedTasks(minScore = 1): string[] {
    const rows = this.db.prepare('SELECT DISTINCT task_id FROM solvers WHERE score >= ? ORDER BY task_id').all(minScore) as { task_id: string }[];
    return rows.map((r) => r.task_id);
  }

  startRun(runId: string, manifest: unknown): void {
    this.db.prepare('INSERT INTO runs (run_id, started_at, manifest) VALUES (?, ?, ?)').run(runId, new Date().toISOString(), JSON.stringify(manifest));
  }

  /** Marks a run finished, with its summary (counts and phase timings) when given. */
  finishRun(runId: string, summary?: unknown): void {
    this.db
      .prepare('UPDATE runs SET finished_at = ?, summary = ? WHERE run_id = ?')
      .run(new Date().toISOString(), summary === undefined ? null : JSON.stringify(summary), runId);
  }

  /**
   * Every run, oldest first. A row whose JSON does not parse is still listed, with `error` set
   * and the unreadable part undefined, so one bad row does not hide the others.
   */
  runs(): StoredRun[] {
    const rows = this.db.prepare('SELECT * FROM runs ORDER BY started_at, run_id').all() as {
      run_id: string;
      started_at: string;
      finished_at: string | null;
      manifest: string;
      summary?: string | null;
    }[];
    return rows.map((r) => {
      const run: StoredRun = { runId: r.run_id, startedAt: r.started_at, finishedAt: r.finished_at, manifest: undefined, summary: undefined };
      try {
        run.manifest = JSON.parse(r.manifest);
        run.summary = r.summary == null ? undefined : JSON.parse(r.summary);
      } catch (e) {
        run.error = `run ${r.run_id}: unreadable JSON (${(e as Error).message})`;
      }
      return run;
    });
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

function fromRow(r: Row): StoredSolver {
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
    lineage: JSON.parse(r.lineage),
    runId: r.run_id ?? undefined,
    createdAt: r.created_at,
  };
}

function checkEntry(e: SolverEntry): void {
  const bad = (why: string) => new Error(`refusing to store solver ${e.hash} for ${e.taskId}: ${why}`);
  if (!/^[0-9a-f]{32}$/.test(e.hash)) throw bad('hash must be 32 hex digits');
  if (!e.taskId) throw bad('empty task id');
  for (const [k, v] of Object.entries({ score: e.score, partial: e.partial })) {
    if (!(v >= 0 && v <= 1)) throw bad(`${k} must be in 0..1`);
  }
  if (!(e.speedUs >= 0) || !Number.isFinite(e.speedUs)) throw bad('speed must be a finite non-negative number');
  if (!(e.work >= 0) || !Number.isFinite(e.work)) throw bad('work must be a finite non-negative number');
  if (!e.text.includes('return O')) throw bad('text is not a program');
}
