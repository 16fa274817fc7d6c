// The report's pure parts: escaping, grid encoding, status rules, run selection, the page shell.
// (The page as a browser shows it is tested end to end in test/report.test.ts.)
import { createHash } from 'node:crypto';

import type { StoredSolver } from '@batt/store';
import { describe, expect, it } from 'vitest';

import { UsageError } from '../src/command.js';
import { selectRun } from '../src/report/collect.js';
import { renderReport } from '../src/report/html.js';
import { answerStatus, encodeGrid, escapeHtml, LINEAGE_MAX_CHARS, PALETTE, type ReportData, reportProgram, scriptJson, taskStatus } from '../src/report/model.js';

const solver = (score: number, partial: number, lineage: unknown = null): StoredSolver => ({
  taskId: 't',
  hash: '0'.repeat(32),
  text: '(I):\n    O = rot90(I)\n    return O\n',
  score,
  partial,
  speedUs: 1,
  work: 2,
  size: 1,
  origin: 'search',
  lineage,
  createdAt: '2026-01-01T00:00:00Z',
});

const data = (over: Partial<ReportData> = {}): ReportData => ({
  generatedAt: '2026-01-01T00:00:00.000Z',
  store: '/s/batt.sqlite',
  data: '/d',
  solutions: null,
  run: null,
  runProblem: 'no run recorded in this store',
  summary: { tasks: 0, fitted: 0, testInputs: 0, predicted: 0 },
  skipped: [],
  palette: PALETTE,
  tasks: [],
  ...over,
});

describe('report model', () => {
  it('scriptJson leaves nothing that can end or change a script block, and parses back unchanged', () => {
    const nasty = { id: '</script><script>alert(1)</script><!-- & \u2028\u2029 -->', n: [1, 2] };
    const s = scriptJson(nasty);
    expect(s).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(s)).toEqual(nasty);
  });

  it('escapeHtml escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('encodes a grid as HxW: and one digit per cell', () => {
    expect(encodeGrid({ h: 2, w: 3, cells: Uint8Array.from([0, 1, 2, 7, 8, 9]) })).toBe('2x3:012789');
  });

  it('classifies tasks and answers', () => {
    expect(taskStatus([])).toBe('unsolved');
    expect(taskStatus([solver(0, 0)])).toBe('unsolved');
    expect(taskStatus([solver(0, 0.4)])).toBe('partial');
    expect(taskStatus([solver(0.5, 0.9), solver(1, 1)])).toBe('solved');
    const t = (right?: boolean) => ({ input: '1x1:0', attempts: ['1x1:0', '1x1:0'] as [string, string], predicted: 1, ...(right === undefined ? {} : { right }) });
    expect(answerStatus([t(true), t(true)])).toBe('right');
    expect(answerStatus([t(true), t(false)])).toBe('wrong');
    expect(answerStatus([t(true), t()])).toBe('unknown');
    expect(answerStatus([])).toBe('unknown');
  });

  it('cuts a long lineage and says how much is left out', () => {
    const long = reportProgram(solver(1, 1, { parents: 'x'.repeat(LINEAGE_MAX_CHARS * 2) }), 'def solve_t(I): ...');
    expect(long.lineage.length).toBeLessThan(LINEAGE_MAX_CHARS + 100);
    expect(long.lineage).toMatch(/\.\.\. \(\d+ more characters\)$/);
    expect(reportProgram(solver(1, 1, { a: 1 }), 'p').lineage).toBe('{\n "a": 1\n}');
  });
});

describe('run selection', () => {
  const runs = [
    { runId: 'a', startedAt: '1', finishedAt: '2', manifest: { seed: 1 }, summary: { solved: 1 } },
    { runId: 'b', startedAt: '3', finishedAt: null, manifest: undefined, summary: undefined, error: 'run b: unreadable JSON (x)' },
  ];
  it('takes the latest by default and shows an unreadable one as a problem', () => {
    expect(selectRun(runs)).toEqual({ run: null, problem: 'run b: unreadable JSON (x)' });
    expect(selectRun(runs, 'a').run).toMatchObject({ runId: 'a', summary: { solved: 1 } });
    expect(selectRun([])).toEqual({ run: null, problem: 'no run recorded in this store' });
  });
  it('refuses an unknown run id in one line', () => {
    expect(() => selectRun(runs, 'zz')).toThrow(UsageError);
    expect(() => selectRun(runs, 'zz')).toThrow(/^no run zz in the store \(runs: a, b\)$/);
    expect(() => selectRun([], 'zz')).toThrow(/\(it has no runs\)$/);
  });
});

describe('report page', () => {
  it('is one file: inline style and script, the data as JSON, a policy that allows only its own script', () => {
    const d = data({ tasks: [{ id: '<script>x', status: 'unsolved', answer: 'unknown', train: [], test: [], programs: [], more: 0 }] });
    const html = renderReport(d);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => m[1])).toEqual([' type="application/json" id="batt-data"', '']);
    expect(JSON.parse(scripts[0]![2]!)).toEqual(JSON.parse(JSON.stringify(d)));
    const hash = createHash('sha256').update(scripts[1]![2]!).digest('base64');
    expect(html).toContain(`script-src &#39;sha256-${hash}&#39;`);
    expect(html).toContain('default-src &#39;none&#39;');
    // Nothing is fetched: no element points anywhere.
    expect(html).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).not.toContain('<script>x');
  });
});
