import { RANK_SQL } from './order.js';

/**
 * The store's schema. Programs are content-addressed by their canonical hash; a solver entry
 * says "this program solves (part of) this task" with its validated score and speed.
 * Speed is kept twice: `speed_us` (measured, for people) and `work` (fuel spent, deterministic),
 * and ranking uses `work`, so the same run keeps the same solvers on any machine.
 */
export const SCHEMA_VERSION = 2;

/**
 * Nullable columns added in place to any store that lacks them (after the version migration), so
 * a store that already has one (written by a development build) is not migrated twice.
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
  status TEXT NOT NULL DEFAULT 'running',
  host TEXT,
  pid INTEGER,
  heartbeat_at TEXT,
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
CREATE INDEX IF NOT EXISTS solvers_rank ON solvers (task_id, ${RANK_SQL});
`;

/**
 * Version 1 -> 2: runs record their owner (host, pid) and a heartbeat, and a status, so a run
 * left unfinished by a crash can be told from one still in progress (see Store's constructor).
 */
export const MIGRATE_1_TO_2 = `
ALTER TABLE runs ADD COLUMN status TEXT NOT NULL DEFAULT 'running';
ALTER TABLE runs ADD COLUMN host TEXT;
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
UPDATE runs SET status = 'finished' WHERE finished_at IS NOT NULL;
`;
