// The range of every number batt takes, whether from a flag, the environment or an RPC field:
// one table, so `batt` (exit 2 before anything starts) and the services (INVALID_ARGUMENT)
// accept exactly the same values. Imported without gRPC (`@batt/rpc/limits`), so commands that
// only parse flags stay light.
import { quote } from '@batt/arc-data';

/**
 * Bad input (a flag, a setting, a path, a request field): the CLI prints `batt <command>: <message>`
 * on one line and exits 2; `showUsage` adds the command's usage (for a malformed command line).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

export interface Range {
  min: number;
  max: number;
  integer: boolean;
}

/** The largest value of a proto `uint32` field. */
export const UINT32_MAX = 0xffff_ffff;

/** A day, in seconds: the most any per-task or per-call time may be (more is a typo, not a plan). */
const DAY_S = 86_400;

export const LIMITS = {
  /** Tasks of a run (`RunRequest.limit` is a uint32). */
  limit: { min: 1, max: UINT32_MAX, integer: true },
  /** Search seconds per task. */
  budgetS: { min: 0, max: DAY_S, integer: false },
  /** Rounds per task: a round is a few ms at least, so a million is hours on one task. */
  rounds: { min: 1, max: 1_000_000, integer: true },
  /** The run's random seed (`RunRequest.seed` is a uint32; the PRNGs are 32-bit). */
  seed: { min: 0, max: UINT32_MAX, integer: true },
  /** Seed solvers interleaved into one population batt. */
  seedsPerBatt: { min: 1, max: 4096, integer: true },
  /**
   * Tasks in flight. Each holds one stage call at a time and a stage queues at most 4 per
   * worker, so past a few hundred more tasks only wait in RESOURCE_EXHAUSTED retries.
   */
  concurrency: { min: 1, max: 1024, integer: true },
  /** Worker threads of a stage's pool. */
  workers: { min: 1, max: 1024, integer: true },
  /** Requests that may wait for a worker. */
  queue: { min: 1, max: 1_000_000, integer: true },
  /** A TCP port; 0 asks the OS for a free one. */
  port: { min: 0, max: 65_535, integer: true },
  /** The Prometheus port; 0 turns /metrics off. */
  metricsPort: { min: 0, max: 65_535, integer: true },
  /** Seconds in-flight calls may drain on SIGTERM. */
  drainS: { min: 0, max: 3600, integer: false },
  /** grpc-js takes message limits as int32 bytes: 2047 MiB is the most that fits. */
  maxMessageMb: { min: 1, max: 2047, integer: true },
  /** Longest one stage call may work, seconds. */
  maxCallS: { min: 0.001, max: DAY_S, integer: false },
  /** Longest the orchestrator waits for one stage call, seconds. */
  stageTimeoutS: { min: 0.001, max: DAY_S, integer: false },
  /** Fuel per (program, grid) run; the addon takes it as an f64 and runs it as a u64. */
  fuel: { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
} as const satisfies Record<string, Range>;

export type LimitName = keyof typeof LIMITS;

function describe(r: Range): string {
  return `${r.integer ? 'an integer' : 'a number'} from ${r.min} to ${r.max}`;
}

/** Why `n` is outside `range` (`what` names it), or undefined when it is inside. */
export function rangeProblem(n: number, what: string, range: Range, shown = String(n)): string | undefined {
  if (Number.isFinite(n) && n >= range.min && n <= range.max && (!range.integer || Number.isInteger(n))) return undefined;
  return `${what} must be ${describe(range)}, got ${quote(shown)}`;
}

/** The one number parser for flags and settings: `raw` must be a number inside `range`. */
export function parseNumber(raw: string, what: string, range: Range): number {
  const n = raw.trim() === '' ? NaN : Number(raw);
  const problem = rangeProblem(n, what, range, raw);
  if (problem) throw new UsageError(problem);
  return n;
}

/** `--name`'s value parsed against LIMITS[limit], or undefined when the flag was not given. */
export function flagNumber(name: string, raw: string | undefined, limit: LimitName): number | undefined {
  return raw === undefined ? undefined : parseNumber(raw, `--${name}`, LIMITS[limit]);
}
