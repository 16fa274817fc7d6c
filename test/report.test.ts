// `batt report` as a person sees it: a short real run, its report opened in headless Chromium,
// and what the page shows checked against the store, the run's summary and `batt score`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const pkgJson = require.resolve('@batt/orchestrator/package.json');
const bin = join(dirname(pkgJson), JSON.parse(readFileSync(pkgJson, 'utf8')).bin.batt);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const training = join(root, 'data', 'arc-agi-1', 'training');
const CHROMIUM = process.env.BATT_CHROMIUM ?? '/usr/bin/chromium';
const PALETTE = ['#000000', '#0074D9', '#FF4136', '#2ECC40', '#FFDC00', '#AAAAAA', '#F012BE', '#FF851B', '#7FDBFF', '#870C25'];

// Solved by the bundled seeds in one round; 0a938d79 is not (its best candidate is partial).
const SOLVED = ['3c9b0459', '68b16354'];
const PARTIAL = '0a938d79';
const EVIL = '<script>alert(1)<!--';
const DROPPED = '25ff71a9';

function batt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, BATT_STORE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const task = (id: string) => JSON.parse(readFileSync(join(training, `${id}.json`), 'utf8'));

let browser: Browser;
let dir: string;
let run: { tasks: number; solved: number; testInputs: number; predicted: number; candidates: Record<string, number> };
/** Tasks with a stored program solving every demo pair, read from the store itself. */
let solvedIds: string[];
/** Tasks whose best stored program gets part of the demo pairs right. */
let partialIds: string[];
/** Tasks `batt score` counts short of full marks for the `batt submit` of the store. */
let wrongIds: string[];
let scored: { score: number; tasks: number; perTask: Record<string, number> };
const problems: string[] = [];

async function open(file: string, hash = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`file://${file}${hash}`);
  await page.waitForSelector('#cards');
  return page;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'batt-report-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  for (const id of [...SOLVED, PARTIAL, DROPPED]) cpSync(join(training, `${id}.json`), join(data, `${id}.json`));
  cpSync(join(training, '0d3d703e.json'), join(data, `${EVIL}.json`));
  // Known answers in Kaggle form for the report's right/wrong (and `batt score` to compare with).
  const answers = Object.fromEntries([...SOLVED, PARTIAL, DROPPED].map((id) => [id, task(id).test.map((t: { output: number[][] }) => t.output)]));
  answers[EVIL] = task('0d3d703e').test.map((t: { output: number[][] }) => t.output);
  writeFileSync(join(dir, 'solutions.json'), JSON.stringify(answers));
  const r = batt('run', '--data', data, '--rounds', '1', '--store', join(dir, 'store'), '--json', '--report', join(dir, 'direct.html'));
  expect(r.code, r.stderr).toBe(0);
  run = JSON.parse(r.stdout);
  expect(r.stderr).toMatch(/wrote .*direct\.html: 5 tasks/);
  const Database = require('better-sqlite3');
  const db = new Database(join(dir, 'store', 'batt.sqlite'), { readonly: true });
  // The store also holds the bundled seeds' own tasks; the report covers the run's tasks.
  const ran = new Set([...SOLVED, PARTIAL, DROPPED, EVIL]);
  solvedIds = (db.prepare('SELECT DISTINCT task_id FROM solvers WHERE score = 1 ORDER BY task_id').all() as { task_id: string }[]).map((r) => r.task_id).filter((id) => ran.has(id));
  partialIds = (
    db.prepare('SELECT task_id FROM solvers GROUP BY task_id HAVING MAX(score) < 1 AND (MAX(score) > 0 OR MAX(partial) > 0) ORDER BY task_id').all() as { task_id: string }[]
  )
    .map((r) => r.task_id)
    .filter((id) => ran.has(id));
  db.close();
  const sub = join(dir, 'submission.json');
  expect(batt('submit', '--data', data, '--store', join(dir, 'store'), '--out', sub).code).toBe(0);
  scored = JSON.parse(batt('score', sub, '--solutions', join(dir, 'solutions.json'), '--json').stdout);
  wrongIds = Object.keys(scored.perTask).filter((id) => scored.perTask[id]! < 1).sort();
  const rep = batt('report', '--store', join(dir, 'store'), '--solutions', join(dir, 'solutions.json'), '--out', join(dir, 'report.html'));
  expect(rep.code, rep.stderr).toBe(0);
  browser = await chromium.launch({ executablePath: CHROMIUM });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Generous limits: the machine running these may be busy; nothing here asserts a duration.
describe('batt report in a browser', { timeout: 30_000 }, () => {
  it('summary numbers are the store and run figures, and the score is batt score', async () => {
    expect(solvedIds).toEqual(expect.arrayContaining(SOLVED));
    expect(solvedIds).not.toContain(PARTIAL);
    expect(run.solved).toBe(solvedIds.length);
    const page = await open(join(dir, 'report.html'));
    const stat = (k: string) => page.locator(`[data-stat="${k}"] b`).textContent();
    expect(await stat('fitted')).toBe(`${run.solved} / ${run.tasks}`);
    expect(await stat('predicted')).toBe(`${run.predicted} / ${run.testInputs}`);
    expect(await stat('score')).toBe(`${scored.score.toFixed(2)} / ${scored.tasks}`);
    const shown = await page.locator('#candidates dd').allTextContents();
    expect(shown).toEqual(['rounds', 'generated', 'scored', 'unique', 'validated', 'stored', 'timeouts', 'errors'].map((k) => run.candidates[k]!.toLocaleString('en-US')));
    expect(await page.locator('.bar').evaluateAll((bars) => bars.map((b) => (b as HTMLElement).dataset.phase))).toEqual(['generation', 'scoring', 'dedup', 'validation', 'store']);
    // The page batt run --report wrote shows the same run.
    const direct = await open(join(dir, 'direct.html'));
    expect(await direct.locator('[data-stat="fitted"] b').textContent()).toBe(`${run.solved} / ${run.tasks}`);
    await Promise.all([page.close(), direct.close()]);
  });

  it('draws each grid of a card in the ARC colours of its cells', async () => {
    const page = await open(join(dir, 'report.html'));
    const id = SOLVED[0]!;
    const card = page.locator(`article[id="${id}"]`);
    await card.scrollIntoViewIfNeeded();
    await page.waitForSelector(`article[id="${id}"][data-painted="true"]`);
    const t = task(id);
    // Demo inputs and outputs, then per test input: the input, two attempts, the expected answer.
    expect(await card.locator('canvas').count()).toBe(2 * t.train.length + 4 * t.test.length);
    const want: number[][][] = [...t.train.flatMap((p: { input: number[][]; output: number[][] }) => [p.input, p.output]), t.test[0].input];
    const seen = await card.locator('canvas').evaluateAll((cs, n) => {
      return (cs as HTMLCanvasElement[]).slice(0, n).map((c) => {
        const s = Number(c.dataset.cell);
        const [h, w] = c.dataset.shape!.split('x').map(Number);
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const rows: string[][] = [];
        for (let i = 0; i < h!; i++) {
          rows.push([]);
          for (let j = 0; j < w!; j++) {
            const k = 4 * ((i * s + 1 + Math.floor(s / 2)) * c.width + (j * s + 1 + Math.floor(s / 2)));
            rows[i]!.push('#' + [px[k], px[k + 1], px[k + 2]].map((v) => v!.toString(16).padStart(2, '0').toUpperCase()).join(''));
          }
        }
        return rows;
      });
    }, want.length);
    expect(seen).toEqual(want.map((g) => g.map((row) => row.map((c) => PALETTE[c]))));
    await page.close();
  });

  it('filters by status, wrong answer, task id and program text', async () => {
    const page = await open(join(dir, 'report.html'));
    const visible = () => page.locator('article.card:not([hidden])').evaluateAll((cs) => cs.map((c) => c.id));
    const all = await visible();
    expect(all.sort()).toEqual([...SOLVED, PARTIAL, DROPPED, EVIL].sort());
    await page.click('button[data-filter="solved"]');
    expect((await visible()).sort()).toEqual(solvedIds);
    await page.click('button[data-filter="partial"]');
    expect(partialIds).toContain(PARTIAL);
    expect((await visible()).sort()).toEqual(partialIds);
    await page.click('button[data-filter="wrong"]');
    expect(wrongIds).toContain(PARTIAL); // its partial candidate's prediction is not the answer
    expect((await visible()).sort()).toEqual(wrongIds);
    await page.click('button[data-filter="unsolved"]');
    expect((await visible()).sort()).toEqual(all.filter((id) => !solvedIds.includes(id) && !partialIds.includes(id)).sort());
    await page.click('button[data-filter="all"]');
    await page.fill('#f-id', SOLVED[1]!.slice(0, 5));
    expect(await visible()).toEqual([SOLVED[1]]);
    await page.fill('#f-id', '');
    await page.fill('#f-text', 'rot180');
    const withRot = await visible();
    expect(withRot).toContain('3c9b0459');
    for (const id of withRot) expect(await page.locator(`article[id="${id.replace(/"/g, '\\"')}"] pre.code`).allTextContents().then((t) => t.join('\n'))).toMatch(/rot180/);
    expect(withRot).not.toContain(PARTIAL);
    await page.close();
  });

  it('#<task id> scrolls to its card, and the partial task shows its candidate beside the expected outputs', async () => {
    const page = await open(join(dir, 'report.html'), `#${PARTIAL}`);
    await page.waitForSelector(`article[id="${PARTIAL}"][data-painted="true"]`);
    const top = await page.locator(`article[id="${PARTIAL}"]`).evaluate((c) => c.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(100); // under the sticky filter bar
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const captions = await page.locator(`article[id="${PARTIAL}"] figcaption`).allTextContents();
    expect(captions.filter((c) => /^demo \d candidate: (\d+ cells differ|shape )/.test(c))).toHaveLength(task(PARTIAL).train.length);
    await page.close();
  });

  it('a task id with <script> is text, and the page runs no script but its own', async () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain(EVIL);
    const page = await open(join(dir, 'report.html'), `#${encodeURIComponent(EVIL)}`);
    const card = page.locator('article.card', { hasText: EVIL });
    expect(await card.locator('header a').textContent()).toBe(EVIL);
    expect(await card.evaluate((c) => c.id)).toBe(EVIL);
    expect(await page.evaluate(() => document.scripts.length)).toBe(2);
    const top = await card.evaluate((c) => c.getBoundingClientRect().top);
    expect(top).toBeLessThan(100);
    await page.close();
  });

  it('shows a task gone from the data and an unreadable store row as such, and the rest still renders', async () => {
    const data = join(dir, 'data');
    rmSync(join(data, `${DROPPED}.json`));
    const Database = require('better-sqlite3');
    const db = new Database(join(dir, 'store', 'batt.sqlite'));
    db.prepare("UPDATE solvers SET lineage = '{not json' WHERE task_id = ?").run(SOLVED[1]);
    db.close();
    const r = batt('report', '--store', join(dir, 'store'), '--data', data, '--out', join(dir, 'broken.html'));
    expect(r.code, r.stderr).toBe(0);
    const page = await open(join(dir, 'broken.html'));
    expect(await page.locator(`article[id="${DROPPED}"] .problem`).textContent()).toMatch(/is not in the data/);
    expect(await page.locator(`article[id="${SOLVED[1]}"] .problem`).textContent()).toMatch(/store rows could not be read/);
    expect(await page.locator(`article[id="${SOLVED[0]}"] .badge.solved`).count()).toBe(1);
    expect(await page.locator('[data-stat="score"] b').textContent()).toBe('–');
    await page.close();
  });

  it('logged no console error, page error or dialog', () => {
    expect(problems).toEqual([]);
  });
});

describe('batt report on bad input', { timeout: 30_000 }, () => {
  it('answers a bad path or run with one line and exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['--store', join(dir ?? tmpdir(), 'nowhere'), '--out', join(tmpdir(), 'x.html')], /^batt report: cannot open the store: no store in .*nowhere/],
      [['--store', join(dir, 'store'), '--out', join(dir, 'no', 'such', 'x.html')], /^batt report: cannot write .*: no such directory/],
      [['--store', join(dir, 'store'), '--run', 'nope', '--out', join(dir, 'x.html')], /^batt report: no run nope in the store \(runs: /],
      [['--store', join(dir, 'store'), '--solutions', join(dir, 'missing.json'), '--out', join(dir, 'x.html')], /^batt report: cannot read solutions /],
      [['--store', join(dir, 'store'), '--data', join(dir, 'missing'), '--out', join(dir, 'x.html')], /^batt report: cannot load data: no such file or directory/],
      [['--store', join(dir, 'store')], /^batt report: --out FILE is required/],
    ];
    for (const [args, want] of cases) {
      const r = batt('report', ...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(want);
    }
    const remote = batt('run', '--orchestrator', '127.0.0.1:1', '--report', join(dir, 'x.html'));
    expect(remote.code).toBe(2);
    expect(remote.stderr.split('\n')[0]).toMatch(/^batt run: --report needs the store on this machine/);
  });

  it('batt run ends by saying how to make the report', () => {
    const store = join(dir, 'hint-store');
    const r = batt('run', '--tasks', SOLVED[0]!, '--rounds', '1', '--store', store);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`report: npx batt report --store ${store} --out report.html`);
  });
});
