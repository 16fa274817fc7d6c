// Run manifests and their owners. A run records the host and pid of the process doing it and
// a heartbeat; opening a store marks as interrupted every unfinished run whose owner is gone,
// so a crash (kill -9, power loss) does not leave a run "in progress" forever, while a run that
// another live process is doing on the same store is left alone.
import { hostname } from 'node:os';

import type Database from 'better-sqlite3';

/** How often a run in progress refreshes its heartbeat. */
export const HEARTBEAT_MS = 30_000;

/**
 * A heartbeat older than this means the owner is gone, whatever host it is on: 30 beats
 * missed. Only a process whose event loop is blocked for 15 minutes could be misjudged, and
 * batt's stages run off the main thread (in-process mode aside, where one call is capped by
 * the stage timeout, 120 s by default).
 */
export const STALE_MS = 15 * 60_000;

export type RunStatus = 'running' | 'finished' | 'interrupted';

export interface RunRecord {
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  host: string | null;
  pid: number | null;
  /** The manifest as stored; null if it is not readable JSON. */
  manifest: unknown;
  /** The summary written at its end; undefined while it runs, if it was cut short, or unreadable. */
  summary: unknown;
  /** Set when the row's JSON could not be read (the run is still listed). */
  error?: string;
}

interface RunRow {
  run_id: string;
  started_at: string;
  finished_at: string | null;
  manifest: string;
  summary: string | null;
  status: RunStatus;
  host: string | null;
  pid: number | null;
  heartbeat_at: string | null;
}

/** Whether a process of this host is alive (EPERM: alive, but someone else's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner of an unfinished run is gone: its pid is dead on this host, or its heartbeat is stale. */
export function ownerGone(r: { host: string | null; pid: number | null; heartbeat_at: string | null; started_at: string }, now = Date.now()): boolean {
  if (r.host === hostname() && r.pid !== null && !alive(r.pid)) return true;
  const beat = Date.parse(r.heartbeat_at ?? r.started_at);
  return !(now - beat <= STALE_MS);
}

export class Runs {
  private beats = new Map<string, NodeJS.Timeout>();

  constructor(private readonly db: Database.Database) {}

  /** Marks unfinished runs whose owner is gone as interrupted; returns their ids. */
  markAbandoned(now = Date.now()): string[] {
    const open = this.db.prepare("SELECT * FROM runs WHERE status = 'running'").all() as RunRow[];
    const gone = open.filter((r) => ownerGone(r, now)).map((r) => r.run_id);
    const mark = this.db.prepare("UPDATE runs SET status = 'interrupted' WHERE run_id = ? AND status = 'running'");
    this.db.transaction(() => gone.forEach((id) => mark.run(id)))();
    return gone;
  }

  start(runId: string, manifest: unknown): void {
    const now = new Date().toISOString();
    this.db
      .prepare("INSERT INTO runs (run_id, started_at, manifest, status, host, pid, heartbeat_at) VALUES (?, ?, ?, 'running', ?, ?, ?)")
      .run(runId, now, JSON.stringify(manifest), hostname(), process.pid, now);
    const beat = this.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE run_id = ?');
    const timer = setInterval(() => beat.run(new Date().toISOString(), runId), HEARTBEAT_MS);
    timer.unref(); // a heartbeat never keeps the process alive
    this.beats.set(runId, timer);
  }

  /** Ends a run: `interrupted` when it was stopped before all its tasks were searched. */
  finish(runId: string, interrupted = false, summary?: unknown): void {
    this.stopBeat(runId);
    this.db
      .prepare('UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?')
      .run(new Date().toISOString(), interrupted ? 'interrupted' : 'finished', summary === undefined ? null : JSON.stringify(summary), runId);
  }

  private stopBeat(runId: string): void {
    clearInterval(this.beats.get(runId));
    this.beats.delete(runId);
  }

  /** Stops every heartbeat (the store is closing; a run not finished by now was cut short). */
  close(): void {
    for (const id of [...this.beats.keys()]) this.stopBeat(id);
  }

  list(): RunRecord[] {
    const rows = this.db.prepare('SELECT * FROM runs ORDER BY started_at, run_id').all() as RunRow[];
    return rows.map((r) => {
      const run: RunRecord = { runId: r.run_id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, host: r.host, pid: r.pid, manifest: null, summary: undefined };
      try {
        run.manifest = JSON.parse(r.manifest);
        run.summary = r.summary == null ? undefined : JSON.parse(r.summary);
      } catch (e) {
        // an unreadable row is still listed, with what could be read
        run.error = `run ${r.run_id}: unreadable JSON (${(e as Error).message})`;
      }
      return run;
    });
  }
}
