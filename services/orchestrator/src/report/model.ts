// What `batt report` shows, as plain data: built from the store, the tasks, predictions and
// (optionally) known answers, then embedded in the page as one JSON blob. Pure functions only;
// collect.ts does the reading and the native calls.
import type { Grid } from '@batt/arc-data';
import type { StoredSolver } from '@batt/store';

/** The standard ARC palette, colour k at index k (the page draws with these, the test reads them back). */
export const PALETTE = ['#000000', '#0074D9', '#FF4136', '#2ECC40', '#FFDC00', '#AAAAAA', '#F012BE', '#FF851B', '#7FDBFF', '#870C25'] as const;

/** Best stored programs shown per task; the rest are counted. */
export const PROGRAMS_SHOWN = 3;

/** Longest lineage text shown per program: a deep lineage is a few KB, a pathological one could be MBs. */
export const LINEAGE_MAX_CHARS = 4000;

/** A grid as `HxW:` then one digit per cell, row-major: about 1 byte a cell in the page. */
export type GridText = string;

export function encodeGrid(g: Grid): GridText {
  let s = `${g.h}x${g.w}:`;
  for (const c of g.cells) s += String.fromCharCode(48 + c);
  return s;
}

export type TaskStatus = 'solved' | 'partial' | 'unsolved' | 'missing' | 'error';
export type AnswerStatus = 'right' | 'wrong' | 'unknown';

export interface ReportProgram {
  hash: string;
  text: string;
  score: number;
  partial: number;
  work: number;
  speedUs: number;
  size: number;
  origin: string;
  lineage: string;
  runId: string | null;
}

export interface ReportTest {
  input: GridText;
  /** What `batt submit` sends for this input: attempt 1 and attempt 2. */
  attempts: [GridText, GridText];
  /** How many of the attempts are predictions (0: submit falls back to the input). */
  predicted: number;
  expected?: GridText;
  right?: boolean;
}

/** The best partial candidate re-run on the demo inputs: its output per demo pair, or why none. */
export interface ReportCandidate {
  hash: string;
  outputs: (GridText | null)[];
  pairStatus: string[];
}

export interface ReportTask {
  id: string;
  status: TaskStatus;
  answer: AnswerStatus;
  /** Why the task could not be shown in full (not in the data, an unreadable store row...). */
  problem?: string;
  train: { input: GridText; output: GridText }[];
  test: ReportTest[];
  programs: ReportProgram[];
  /** Stored programs not shown. */
  more: number;
  candidate?: ReportCandidate;
}

export interface ReportRun {
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  manifest: unknown;
  /** The summary `batt run` stored at its end (counts, phase timings); absent if it never ended. */
  summary: unknown;
}

export interface ReportSummary {
  tasks: number;
  /** Tasks with a stored program solving every demo pair. */
  fitted: number;
  testInputs: number;
  predicted: number;
  /** With known answers: the score within two attempts, as `batt score` counts it. */
  score?: { score: number; tasks: number; percent: number };
}

export interface ReportData {
  generatedAt: string;
  store: string;
  data: string;
  solutions: string | null;
  run: ReportRun | null;
  /** Why no run is shown (none recorded, unreadable row). */
  runProblem: string | null;
  summary: ReportSummary;
  /** Tasks of the data that could not be loaded, with why. */
  skipped: { id: string; reason: string }[];
  palette: readonly string[];
  tasks: ReportTask[];
}

/** solved: a program solves every demo pair; partial: some program gets something right. */
export function taskStatus(solvers: readonly StoredSolver[]): TaskStatus {
  if (solvers.some((s) => s.score === 1)) return 'solved';
  if (solvers.some((s) => s.score > 0 || s.partial > 0)) return 'partial';
  return 'unsolved';
}

export function answerStatus(tests: readonly ReportTest[]): AnswerStatus {
  if (tests.length === 0 || tests.some((t) => t.right === undefined)) return 'unknown';
  return tests.every((t) => t.right) ? 'right' : 'wrong';
}

export function reportProgram(s: StoredSolver, source: string): ReportProgram {
  let lineage = JSON.stringify(s.lineage, null, 1) ?? 'null';
  if (lineage.length > LINEAGE_MAX_CHARS) lineage = `${lineage.slice(0, LINEAGE_MAX_CHARS)}\n... (${lineage.length - LINEAGE_MAX_CHARS} more characters)`;
  return {
    hash: s.hash,
    text: source,
    score: s.score,
    partial: s.partial,
    work: s.work,
    speedUs: s.speedUs,
    size: s.size,
    origin: s.origin,
    lineage,
    runId: s.runId ?? null,
  };
}

/**
 * The JSON of `value`, safe inside `<script type="application/json">`: `<`, `>` and `&` as
 * \u escapes (so no `</script>` or `<!--` can end or change the block) and U+2028/U+2029 too
 * (line terminators to older JS parsers). JSON.parse reads the escapes back unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
