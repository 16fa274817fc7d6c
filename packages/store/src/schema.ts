/**
 * The store's schema. Programs are content-addressed by their canonical hash; a solver entry
 * says "this program solves (part of) this task" with its validated score and speed.
 * Speed is kept twice: `speed_us` (measured, for people) and `work` (fuel spent, deterministic),
 * and ranking uses `work`, so the same run keeps the same solvers on any machine.
 */
export const SCHEMA_VERSION = 1;

/**
 * Columns added after version 1 shipped, added in place to older stores: each is nullable, so a
 * version-1 reader ignores it and the version number stays 1.
 */
export const ADDED_COLUMNS: readonly { table: string; column: string; decl: string }[] = [{ table: 'runs', column: 'summary', decl: 'TEXT' }];

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS programs (
  hash TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  size INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  manifest TEXT NOT NULL,
  summary TEXT
);
CREATE TABLE IF NOT EXISTS solvers (
  task_id TEXT NOT NULL,
  hash TEXT NOT NULL REFERENCES programs(hash),
  score REAL NOT NULL,
  partial REAL NOT NULL,
  speed_us REAL NOT NULL,
  work REAL NOT NULL,
  size INTEGER NOT NULL,
  origin TEXT NOT NULL,
  lineage TEXT NOT NULL,
  run_id TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (task_id, hash)
);
CREATE INDEX IF NOT EXISTS solvers_rank ON solvers (task_id, score DESC, partial DESC, work ASC, size ASC);
`;
