// The search loop of `batt run`: rounds of generation -> scoring -> dedup -> validation (one
// native call per round) -> store, per task, until the task's budget is spent.
import { forSearch, packGrids, type Grid, type Task } from '@batt/arc-data';
import { SearchSession } from '@batt/native';
import type { SolverEntry, StoredSolver, Store } from '@batt/store';

import { solverSource } from './predict.js';
import { mix, rng, weightedSample } from './rng.js';

export interface RunOptions {
  /** Seconds of search per task (rounds stop once it is spent or the task is solved). */
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
  runId: string;
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
}

export interface TaskOutcome {
  taskId: string;
  solved: boolean;
  best: number;
  rounds: number;
}

/** Builds the native session from the tasks as search may see them (no test outputs). */
export function openSession(tasks: readonly Task[]): SearchSession {
  const grids: Grid[] = [];
  const counts: number[] = [];
  for (const t of tasks.map(forSearch)) {
    for (const p of t.train) grids.push(p.input, p.output);
    for (const p of t.test) grids.push(p.input);
    counts.push(t.train.length, t.test.length);
  }
  const packed = packGrids(grids);
  return new SearchSession(
    tasks.map((t) => t.id),
    Uint32Array.from(counts),
    packed.cells,
    packed.shapes,
  );
}

/** Solvers by task, kept in memory for drawing seeds and refreshed as the run stores more. */
export class SeedPool {
  private byTask = new Map<string, StoredSolver[]>();
  constructor(solvers: readonly StoredSolver[]) {
    for (const s of solvers) this.byTask.set(s.taskId, [...(this.byTask.get(s.taskId) ?? []), s]);
  }
  /** Replaces a task's solvers with what the store now keeps for it. */
  set(taskId: string, solvers: StoredSolver[]): void {
    this.byTask.set(taskId, solvers);
  }
  /** A task's solvers as the store ranks them (best first). */
  solversOf(taskId: string): StoredSolver[] {
    return this.byTask.get(taskId) ?? [];
  }
  best(taskId: string): number {
    return Math.max(0, ...(this.byTask.get(taskId) ?? []).map((s) => s.score));
  }
  draw(k: number, random: () => number): StoredSolver[] {
    const all = [...this.byTask.keys()].sort().flatMap((t) => this.byTask.get(t)!);
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
  return { rounds: 0, generated: 0, scored: 0, unique: 0, validated: 0, stored: 0 };
}

/** Searches one task: rounds until solved or out of budget; stores what was validated. */
export function searchTask(
  session: SearchSession,
  index: number,
  task: Task,
  store: Store,
  pool: SeedPool,
  opts: RunOptions,
  times: PhaseTimes,
  counts: RunCounts,
): TaskOutcome {
  const deadline = performance.now() + opts.budgetS * 1000;
  let round = 0;
  for (;;) {
    const random = rng(mix(opts.seed, task.id, round, 'seeds'));
    const seeds = opts.useSeeds
      ? pool.draw(opts.seedsPerBatt, random).map((s) => ({ taskId: s.taskId, score: s.score, text: solverSource(s.taskId, s.text) }))
      : [];
    if (round > 0 && seeds.length === 0) break; // nothing more to generate without seeds
    const r = session.search(index, seeds, { rngSeed: mix(opts.seed, task.id, round), enumerate: round === 0 && opts.enumerate !== false });
    times.generation += r.generationUs / 1000;
    times.scoring += r.scoringUs / 1000;
    times.dedup += r.dedupUs / 1000;
    times.validation += r.validationUs / 1000;
    counts.rounds++;
    counts.generated += r.generated;
    counts.scored += r.scored;
    counts.unique += r.unique;
    counts.validated += r.validated;

    const t0 = performance.now();
    // Only candidates that would survive retention are written (the store keeps the best few).
    const kept = pool.solversOf(task.id);
    const worst = kept.length >= store.keep ? kept[kept.length - 1] : undefined;
    const entries: SolverEntry[] = r.candidates
      .filter((c) => c.score > 0 || c.partial > 0)
      .filter((c) => !worst || c.score > worst.score || (c.score === worst.score && (c.partial > worst.partial || (c.partial === worst.partial && c.work < worst.work))))
      .map((c) => {
        return {
          taskId: task.id,
          hash: c.hash,
          text: c.canonical,
          score: c.score,
          partial: c.partial,
          speedUs: c.micros,
          work: c.work,
          size: c.size,
          origin: 'search',
          lineage: JSON.parse(c.lineage),
          runId: opts.runId,
        };
      });
    if (entries.length > 0) {
      counts.stored += store.addSolvers(entries);
      pool.set(task.id, store.solvers(task.id));
    }
    times.store += performance.now() - t0;
    round++;
    const best = pool.best(task.id);
    const done = opts.rounds !== undefined ? round >= opts.rounds : best === 1 || performance.now() >= deadline;
    if (done) return { taskId: task.id, solved: best === 1, best, rounds: round };
  }
  const best = pool.best(task.id);
  return { taskId: task.id, solved: best === 1, best, rounds: round };
}
