// The search loop of one task: rounds of generation -> scoring (with dedup and extraction) ->
// validation -> store, until the task is solved or its budget is spent. Each stage is a call
// on `Stages` (a service, or the same function in-process), under a propagated deadline.
import type { Task } from '@batt/arc-data';
import { type Task as TaskMessage, Validated_Status } from '@batt/proto';
import { compareSolvers, type SolverEntry, type StoredSolver, type Store } from '@batt/store';

import { solverSource } from './predict.js';
import { mix, rng, weightedSample } from './rng.js';
import { isTimeout, type Stages } from './stages.js';

/**
 * A task's budget is counted in work, not time: the DSL fuel its stage calls report spending,
 * plus `ROUND_WORK` a round. Both are deterministic, so `--concurrency` and the machine's load
 * change how long a run takes, never what it finds. One budget second is about one CPU-second
 * of a default run on the project's machine kind: its first rounds spent 18.3G fuel in 132
 * CPU-s of the whole process (docs/benchmarks.md).
 */
export const WORK_PER_BUDGET_S = 130_000_000;
/**
 * What a round costs besides its fuel, in fuel's units: a round of mutated seeds spends about
 * 0.2M fuel but 43 ms of CPU (parsing, hashing, messages, the store): 991 such rounds of a
 * run at 0.5 budget-s a task took 43 CPU-s more than its first rounds alone.
 */
export const ROUND_WORK = 5_500_000;

export interface RunOptions {
  /** Search per task, in budget seconds of work (`WORK_PER_BUDGET_S`); rounds stop once it
   * is spent or the task is solved. */
  budgetS: number;
  /** Fixed number of rounds per task instead of the time budget (reproducible runs). */
  rounds?: number;
  seed: number;
  /** Seed solvers drawn into each population batt. */
  seedsPerBatt: number;
  /** Use stored solvers as seeds (false: enumeration only). */
  useSeeds: boolean;
  /** Enumerate on a task's first round (default true; the ancestor benchmark turns it off). */
  enumerate?: boolean;
  /** Compose enumerated partial candidates into layered programs (default true). */
  compose?: boolean;
  runId: string;
  /** Longest a stage call may take (ms); the run's own deadline, if sooner, wins. */
  stageTimeoutMs: number;
  /** Epoch ms by which the whole run must end (the Run call's deadline), if any. */
  runDeadline?: number;
}

export interface PhaseTimes {
  generation: number;
  scoring: number;
  dedup: number;
  validation: number;
  store: number;
}

export interface RunCounts {
  rounds: number;
  generated: number;
  scored: number;
  unique: number;
  validated: number;
  stored: number;
  /** Stage calls that hit their deadline (work stopped, not an error). */
  timeouts: number;
  /** Stage calls that failed. */
  errors: number;
  /** DSL fuel the stage calls spent (the unit of task budgets, `WORK_PER_BUDGET_S`). */
  work: number;
}

export interface TaskOutcome {
  taskId: string;
  solved: boolean;
  best: number;
  rounds: number;
  timeouts: number;
  /** Why the task stopped early, if a stage failed. */
  error?: string;
}

/**
 * How many tasks back a task's seeds reach: task k sees what tasks 0..k-SEED_LAG of the run
 * found (and the store as it was at the start for the rest). A fixed lag, not "whatever has
 * finished", so that tasks searched side by side don't depend on each other's timing and a run
 * is reproducible whatever its concurrency; the runner waits for tasks 0..k-SEED_LAG before
 * starting task k, which with fewer than SEED_LAG tasks in flight is rarely a wait at all.
 */
export const SEED_LAG = 8;

/** Solvers by task, for drawing seeds (see SEED_LAG for who sees what). */
export class SeedPool {
  private byTask = new Map<string, StoredSolver[]>();
  private readonly atStart: ReadonlyMap<string, StoredSolver[]>;
  /** A run task's solvers as they were when it finished. */
  private readonly finished = new Map<string, StoredSolver[]>();
  private readonly index: ReadonlyMap<string, number>;

  constructor(solvers: readonly StoredSolver[], runTasks: readonly string[] = []) {
    for (const s of solvers) this.byTask.set(s.taskId, [...(this.byTask.get(s.taskId) ?? []), s]);
    this.atStart = new Map(this.byTask);
    this.index = new Map(runTasks.map((id, k) => [id, k]));
  }
  /** Replaces a task's solvers with what the store now keeps for it. */
  set(taskId: string, solvers: StoredSolver[]): void {
    this.byTask.set(taskId, solvers);
  }
  /** Marks a run task finished: later tasks may now draw its solvers. */
  finish(taskId: string): void {
    this.finished.set(taskId, this.solversOf(taskId));
  }
  /** A task's solvers as the store ranks them (best first). */
  solversOf(taskId: string): StoredSolver[] {
    return this.byTask.get(taskId) ?? [];
  }
  best(taskId: string): number {
    return Math.max(0, ...(this.byTask.get(taskId) ?? []).map((s) => s.score));
  }
  /** What `taskId` may draw from task `other`'s solvers. */
  private visible(taskId: string, other: string): StoredSolver[] {
    if (other === taskId) return this.byTask.get(other) ?? [];
    const j = this.index.get(other);
    const k = this.index.get(taskId);
    if (j !== undefined && k !== undefined && j <= k - SEED_LAG) return this.finished.get(other) ?? [];
    return this.atStart.get(other) ?? [];
  }
  /** Seeds for `taskId`, drawn by score from what it may see. */
  draw(k: number, random: () => number, taskId: string): StoredSolver[] {
    const ids = [...new Set([...this.atStart.keys(), ...this.finished.keys(), taskId])].sort();
    const all = ids.flatMap((t) => this.visible(taskId, t));
    // Solvers of all demo pairs dominate; partial ones still get a chance to be mutated.
    return weightedSample(all, (s) => (s.score === 1 ? 1 : 0.1 * s.score + 0.01), k, random);
  }
  get size(): number {
    let n = 0;
    for (const v of this.byTask.values()) n += v.length;
    return n;
  }
}

export function emptyTimes(): PhaseTimes {
  return { generation: 0, scoring: 0, dedup: 0, validation: 0, store: 0 };
}

export function emptyCounts(): RunCounts {
  return { rounds: 0, generated: 0, scored: 0, unique: 0, validated: 0, stored: 0, timeouts: 0, errors: 0, work: 0 };
}

/** What a task's search shares with the rest of the run. */
export interface SearchContext {
  stages: Stages;
  store: Store;
  pool: SeedPool;
  opts: RunOptions;
  times: PhaseTimes;
  counts: RunCounts;
  /** Wire form of a task by id (seeds' own tasks travel with generation requests). */
  message(taskId: string): TaskMessage | undefined;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Searches one task: rounds until solved or out of budget; stores what was validated. */
export async function searchTask(task: Task, ctx: SearchContext): Promise<TaskOutcome> {
  const { stages, store, pool, opts, times, counts } = ctx;
  const msg = ctx.message(task.id)!;
  const budgetWork = opts.budgetS * WORK_PER_BUDGET_S;
  let spent = 0;
  let round = 0;
  let timeouts = 0;
  const outcome = (error?: string): TaskOutcome => {
    const best = pool.best(task.id);
    return { taskId: task.id, solved: best === 1, best, rounds: round, timeouts, ...(error ? { error } : {}) };
  };
  for (;;) {
    const random = rng(mix(opts.seed, task.id, round, 'seeds'));
    const seeds = opts.useSeeds ? pool.draw(opts.seedsPerBatt, random, task.id) : [];
    if (round > 0 && seeds.length === 0) break; // nothing more to generate without seeds
    const deadline = Math.min(Date.now() + opts.stageTimeoutMs, opts.runDeadline ?? Infinity);
    const seedTasks = [...new Set(seeds.map((s) => s.taskId))].flatMap((id) => ctx.message(id) ?? []);
    let t = performance.now();
    try {
      const gen = await stages.generate(
        {
          task: msg,
          seeds: seeds.map((s) => ({ taskId: s.taskId, score: s.score, text: solverSource(s.taskId, s.text) })),
          seedTasks,
          rngSeed: mix(opts.seed, task.id, round),
          mutationRounds: 0,
        },
        deadline,
      );
      times.generation += performance.now() - t;
      t = performance.now();
      const enumerate = round === 0 && opts.enumerate !== false;
      const sc = await stages.score(
        {
          task: msg,
          program: gen.program,
          maxCandidates: 0,
          nodeFuel: 0,
          inputFuel: 0,
          enumerate,
          compose: enumerate && opts.compose !== false,
          // Building blocks take the input and constants only, at any budget: with one-call
          // programs as arguments too they use up enumeration's combination cap before the
          // primitives of cost 2 (eval-dev, 2026-12-06: 39 right instead of 44, 4.7x the CPU).
          blockArgCost: 0,
        },
        deadline,
      );
      const scoreMs = performance.now() - t;
      times.dedup += sc.dedupUs / 1000;
      times.scoring += scoreMs - sc.dedupUs / 1000;
      t = performance.now();
      const val = sc.candidates.length > 0 ? await stages.validate({ task: msg, programs: sc.candidates.map((c) => c.text), fuel: 0 }, deadline) : { results: [], work: 0 };
      times.validation += performance.now() - t;
      const roundWork = gen.work + sc.work + val.work;
      spent += roundWork + ROUND_WORK;
      counts.work += roundWork;
      counts.rounds++;
      counts.generated += gen.generated + sc.enumerated + sc.composed;
      counts.scored += sc.scored;
      counts.unique += sc.unique;

      t = performance.now();
      // Only candidates that would survive retention are written (the store keeps the best few).
      const kept = pool.solversOf(task.id);
      const worst = kept.length >= store.keep ? kept[kept.length - 1] : undefined;
      const entries: SolverEntry[] = [];
      sc.candidates.forEach((c, k) => {
        const v = val.results[k];
        if (v?.status !== Validated_Status.STATUS_OK) return; // did not run: nothing to store
        // What is stored is exactly what was validated: the validator's own hash of the text.
        if (v.hash !== c.hash) throw new Error(`validation hashed ${c.hash} as ${v.hash}: scoring and validation disagree on the canonical form`);
        counts.validated++;
        if (!(v.score > 0 || v.partial > 0)) return;
        const work = mean(v.work);
        // Partial is the native validator's value (one definition, in Rust), never recomputed here.
        if (worst && compareSolvers({ score: v.score, partial: v.partial, work, size: c.size, hash: c.hash }, worst) >= 0) return;
        entries.push({
          taskId: task.id,
          hash: c.hash,
          text: c.canonical,
          score: v.score,
          partial: v.partial,
          speedUs: mean(v.micros),
          work,
          size: c.size,
          origin: 'search',
          // Enumerated and composed candidates carry their own lineage; a batt step's is the generator's.
          lineage: JSON.parse(c.lineage || (gen.lineage[gen.stepLineage[c.step] ?? -1] ?? '{}')),
          runId: opts.runId,
        });
      });
      if (entries.length > 0) {
        counts.stored += store.addSolvers(entries);
        pool.set(task.id, store.solvers(task.id));
      }
      times.store += performance.now() - t;
    } catch (e) {
      if (isTimeout(e)) {
        // The budget ran out inside a stage: its work was stopped there, nothing was stored.
        timeouts++;
        counts.timeouts++;
        return outcome();
      }
      counts.errors++;
      return outcome((e as Error).message);
    }
    round++;
    const best = pool.best(task.id);
    const done = opts.rounds !== undefined ? round >= opts.rounds : best === 1 || spent >= budgetWork;
    if (done) return outcome();
  }
  return outcome();
}
