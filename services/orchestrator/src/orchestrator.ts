// The orchestrator's work, independent of how it is reached: runs over tasks through the
// stages (remote services or in-process), the store, solver listing and submissions. The gRPC
// service (service.ts) and `batt run --in-process` both call this.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { defaultDataDir, loadTasks, quote, quoteList, repoRoot, type Task } from '@batt/arc-data';
import type { RunEvent, RunRequest, RunSummary, Solver, Task as TaskMessage } from '@batt/proto';
import { LIMITS, type LimitName, rangeProblem, taskMessage } from '@batt/rpc';
import { type StoredSolver, Store } from '@batt/store';
import { validateSolvers } from '@batt/validation';

import { coverage, predict, skippedNote, solverSource, submission, type Submission } from './run/predict.js';
import { emptyCounts, emptyTimes, type RunOptions, SEED_LAG, SeedPool, searchTask, type TaskOutcome } from './run/search.js';
import type { Stages } from './run/stages.js';
import { entriesFrom } from './seeds.js';

/**
 * Budget seconds of work a task (`WORK_PER_BUDGET_S`): most tasks' first round (enumeration
 * and its syntheses) spends about this much, so the default run is about one round a task, and
 * a minute and a half on the project's machine kind. Rounds of mutated seeds after it found
 * 1 more training fit in 43 CPU-s.
 */
export const DEFAULT_BUDGET_S = 0.3;
export const DEFAULT_SEEDS_PER_BATT = 32;
export const DEFAULT_STAGE_TIMEOUT_S = 120;
/** Tasks searched side by side when neither the request nor the orchestrator says. */
export const DEFAULT_CONCURRENCY = 4;

/** A request the orchestrator cannot serve as sent. */
export class RunRequestError extends Error {}

/** RunRequest fields checked against LIMITS; 0 means "the default" on the wire (proto3). */
const RUN_FIELDS: readonly [keyof RunRequest, LimitName][] = [
  ['limit', 'limit'],
  ['budgetS', 'budgetS'],
  ['rounds', 'rounds'],
  ['seed', 'seed'],
  ['seedsPerBatt', 'seedsPerBatt'],
  ['concurrency', 'concurrency'],
];

/** Checks a Run request against the same table the CLI uses, so a gRPC caller gets the same ranges. */
export function checkRunRequest(req: RunRequest): void {
  for (const [field, limit] of RUN_FIELDS) {
    const v = req[field] as number;
    // 0 is proto3's "unset"; NaN, negatives and values past the limit are refused.
    const problem = v === 0 ? undefined : rangeProblem(v, field, LIMITS[limit]);
    if (problem) throw new RunRequestError(problem);
  }
}

/** A solver hash as the store writes it: 32 hex digits. */
export function checkHash(hash: string): void {
  if (!/^[0-9a-f]{32}$/.test(hash)) throw new RunRequestError(`hash must be 32 lowercase hex digits, got ${quote(hash)}`);
}

export interface OrchestratorOptions {
  stages: Stages;
  storeDir: string;
  /** Where the tasks came from (for the run manifest and summary). */
  dataDir: string;
  tasks: readonly Task[];
  /** Tasks searched side by side when a request doesn't say. */
  concurrency: number;
  stageTimeoutS?: number;
  version: string;
}

export class Orchestrator {
  readonly store: Store;
  private readonly byId: Map<string, Task>;
  private readonly messages = new Map<string, TaskMessage>();
  /** The bundled training tasks: the bundled seeds' own tasks, whatever `--data` is. */
  private bundled?: Map<string, Task>;
  private running = false;
  private stopRequested = false;
  /** The run in progress, settled (never rejecting) when it ends: what close() waits for. */
  private current: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(readonly opts: OrchestratorOptions) {
    this.store = new Store(opts.storeDir);
    this.byId = new Map(opts.tasks.map((t) => [t.id, t]));
  }

  private bundledTasks(): Map<string, Task> {
    return (this.bundled ??= new Map(loadTasks(defaultDataDir()).tasks.map((t) => [t.id, t])));
  }

  /** A searched task, else a seed's own task from the bundled training set. */
  private taskOf(id: string): Task | undefined {
    return this.byId.get(id) ?? this.bundledTasks().get(id);
  }

  /** Wire form of a task, made once (no test outputs: see taskMessage). */
  private message(id: string): TaskMessage | undefined {
    let m = this.messages.get(id);
    const t = m ? undefined : this.taskOf(id);
    if (!m && t) this.messages.set(id, (m = taskMessage(t)));
    return m;
  }

  /** Asks a run in progress to stop after the tasks it is searching. */
  stop(): void {
    this.stopRequested = true;
  }

  get busy(): boolean {
    return this.running;
  }

  private select(req: RunRequest): Task[] {
    let tasks = [...this.opts.tasks];
    if (req.taskIds.length > 0) {
      const missing = req.taskIds.filter((id) => !this.byId.has(id));
      if (missing.length > 0) throw new RunRequestError(`no such task(s) in ${this.opts.dataDir}: ${quoteList(missing)}`);
      tasks = req.taskIds.map((id) => this.byId.get(id)!);
    }
    if (req.limit > 0) tasks = tasks.slice(0, req.limit);
    if (tasks.length === 0) throw new RunRequestError(`no tasks to search in ${this.opts.dataDir}`);
    return tasks;
  }

  /** Imports the bundled seed solvers into an empty store, each validated on the demo pairs of
   *  its own (bundled training) task, so that a run on any data starts with them. */
  private importBundledSeeds(): number {
    const file = join(repoRoot(), 'data', 'seeds', 'solvers.py');
    const tasks = this.bundledTasks();
    const results = validateSolvers(readFileSync(file), tasks);
    return this.store.addSolvers(entriesFrom(results, file, 'import:bundled-seeds'));
  }

  /** Runs a search; `emit` gets progress; resolves to the summary (also emitted last). */
  async run(req: RunRequest, emit: (e: RunEvent) => void, runDeadline?: number): Promise<RunSummary> {
    if (this.running) throw new RunRequestError('a run is already in progress on this orchestrator');
    if (this.closed) throw new RunRequestError('this orchestrator is shutting down');
    checkRunRequest(req);
    const tasks = this.select(req);
    this.running = true;
    this.stopRequested = false; // here, not after waitReady: a close() meanwhile must stick
    const p = this.runSelected(tasks, req, emit, runDeadline);
    this.current = p.catch(() => undefined);
    return p;
  }

  private async runSelected(tasks: Task[], req: RunRequest, emit: (e: RunEvent) => void, runDeadline?: number): Promise<RunSummary> {
    try {
      await this.opts.stages.waitReady(Date.now() + 10_000);
    } catch (e) {
      this.running = false;
      throw e;
    }
    try {
      return await this.runTasks(tasks, req, emit, runDeadline);
    } finally {
      this.running = false;
    }
  }

  private async runTasks(tasks: Task[], req: RunRequest, emit: (e: RunEvent) => void, runDeadline?: number): Promise<RunSummary> {
    const wall0 = performance.now();
    const runId = randomUUID();
    const opts: RunOptions = {
      budgetS: req.budgetS > 0 ? req.budgetS : DEFAULT_BUDGET_S,
      ...(req.rounds > 0 ? { rounds: req.rounds } : {}),
      seed: req.seed,
      seedsPerBatt: req.seedsPerBatt > 0 ? req.seedsPerBatt : DEFAULT_SEEDS_PER_BATT,
      useSeeds: !req.noSeeds,
      runId,
      stageTimeoutMs: (this.opts.stageTimeoutS ?? DEFAULT_STAGE_TIMEOUT_S) * 1000,
      ...(runDeadline !== undefined ? { runDeadline } : {}),
    };
    const store = this.store;
    if (opts.useSeeds && store.allSolvers().length === 0) {
      const added = this.importBundledSeeds();
      emit({ note: `store was empty: imported ${added} bundled seed solvers` });
    }
    store.startRun(runId, {
      data: this.opts.dataDir,
      tasks: tasks.map((t) => t.id),
      seed: opts.seed,
      budgetS: opts.budgetS,
      rounds: opts.rounds ?? null,
      useSeeds: opts.useSeeds,
      seedsPerBatt: opts.seedsPerBatt,
      versions: { batt: this.opts.version, node: process.version },
    });
    emit({ started: runId });
    const times = emptyTimes();
    const counts = emptyCounts();
    const pool = new SeedPool(store.allSolvers(), tasks.map((t) => t.id));
    const ctx = { stages: this.opts.stages, store, pool, opts, times, counts, message: (id: string) => this.message(id) };
    const outcomes: TaskOutcome[] = [];
    let next = 0;
    let solved = 0;
    const stopped = () => this.stopRequested || (runDeadline !== undefined && Date.now() >= runDeadline);
    const finished: Promise<void>[] = [];
    const release: (() => void)[] = [];
    for (const _ of tasks) finished.push(new Promise<void>((r) => release.push(r)));
    const worker = async () => {
      while (next < tasks.length && !stopped()) {
        const k = next++;
        const task = tasks[k]!;
        // Every task up to k - SEED_LAG must be done (not just that one: a slow earlier task
        // may still be running), so what task k may draw from never depends on timing.
        await Promise.all(finished.slice(0, Math.max(0, k - SEED_LAG + 1)));
        const o = await searchTask(task, ctx);
        pool.finish(task.id);
        release[k]!();
        outcomes.push(o);
        if (o.solved) solved++;
        emit({
          task: { taskId: o.taskId, solved: o.solved, best: o.best, rounds: o.rounds, done: outcomes.length, solvedSoFar: solved, total: tasks.length, timeouts: o.timeouts, error: o.error ?? '' },
        });
      }
    };
    const concurrency = Math.max(1, Math.min(req.concurrency > 0 ? req.concurrency : this.opts.concurrency, tasks.length));
    await Promise.all(Array.from({ length: concurrency }, worker));
    const interrupted = outcomes.length < tasks.length;

    const stored = new Map(tasks.map((t) => [t.id, store.solvers(t.id)]));
    const skipped = store.unreadable();
    const { predicted, testInputs } = coverage(tasks, predict(tasks, stored, (row) => skipped.push(row)));
    const note = skippedNote(skipped);
    if (note) emit({ note });
    const summary: RunSummary = {
      runId,
      store: store.path,
      data: this.opts.dataDir,
      tasks: tasks.length,
      searched: outcomes.length,
      interrupted,
      solved: tasks.filter((t) => (stored.get(t.id) ?? []).some((s) => s.score === 1)).length,
      testInputs,
      predicted,
      candidates: counts,
      phases: { generationMs: times.generation, scoringMs: times.scoring, dedupMs: times.dedup, validationMs: times.validation, storeMs: times.store },
      wallMs: performance.now() - wall0,
    };
    // Kept with the run so `batt report` can show its counts and phase timings later.
    store.finishRun(runId, interrupted, summary);
    emit({ summary });
    return summary;
  }

  solvers(taskId: string, solvedOnly: boolean): Solver[] {
    const all = taskId ? this.store.solvers(taskId) : this.store.allSolvers();
    return all.filter((s) => !solvedOnly || s.score === 1).map(solverMessage);
  }

  solver(hash: string): Solver | undefined {
    checkHash(hash);
    const s = this.store.byHash(hash)[0];
    return s && solverMessage(s);
  }

  submission(taskIds: readonly string[]): Submission & { tasks: number } {
    const tasks = taskIds.length > 0 ? this.select({ taskIds: [...taskIds] } as RunRequest) : [...this.opts.tasks];
    const stored = new Map(tasks.map((t) => [t.id, this.store.solvers(t.id)]));
    return { ...submission(tasks, stored), tasks: tasks.length };
  }

  /**
   * Stops the run in progress (tasks in flight finish and are stored), waits for it, then closes
   * the store. The store used to be closed under a run that was still writing ("The database
   * connection is not open"), losing its summary and leaving the run unfinished.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop();
    await this.current;
    this.store.close();
  }
}

function solverMessage(s: StoredSolver): Solver {
  return {
    taskId: s.taskId,
    hash: s.hash,
    text: solverSource(s.taskId, s.text),
    score: s.score,
    partial: s.partial,
    size: s.size,
    speedUs: s.speedUs,
    work: s.work,
    lineage: JSON.stringify(s.lineage),
  };
}
