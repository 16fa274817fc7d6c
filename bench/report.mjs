// Time to first paint of a 400-task `batt report` in headless Chromium, and what the page costs
// the browser's main thread (Chrome's own counters, i.e. CPU time, not wall time).
// Usage: node bench/report.mjs [--store DIR] [--runs N]
//   --store DIR  report this store (default: a fresh `batt run --rounds 1` over the bundled 400 tasks)
// Needs Chromium at /usr/bin/chromium (or $BATT_CHROMIUM). Run it alone: it is a timing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const batt = join(root, 'services', 'orchestrator', 'bin', 'batt.js');
const data = join(root, 'data', 'arc-agi-1', 'training');
const executablePath = process.env.BATT_CHROMIUM ?? '/usr/bin/chromium';
const { values } = parseArgs({ options: { store: { type: 'string' }, runs: { type: 'string' } } });
const runs = Number(values.runs ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!existsSync(executablePath)) {
  console.log(`bench/report.mjs: no Chromium at ${executablePath} (apt-get install chromium, or set BATT_CHROMIUM); skipped`);
  process.exit(0);
}
const tmp = mkdtempSync(join(tmpdir(), 'batt-bench-report-'));
try {
  let store = values.store;
  if (!store) {
    store = join(tmp, 'store');
    console.log('making a store: batt run --rounds 1 over the 400 bundled training tasks ...');
    execFileSync(process.execPath, [batt, 'run', '--rounds', '1', '--store', store, '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const out = join(tmp, 'report.html');
  const w0 = performance.now();
  execFileSync(process.execPath, [batt, 'report', '--store', store, '--solutions', data, '--out', out], { stdio: 'inherit' });
  const writeMs = performance.now() - w0;
  const mb = statSync(out).size / 1e6;

  const browser = await chromium.launch({ executablePath });
  const fp = [];
  const fcp = [];
  const script = [];
  const task = [];
  let cards = 0;
  for (let k = 0; k < runs; k++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`file://${out}`, { waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByType('paint').length >= 2);
    const paints = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])));
    cards = await page.evaluate(() => document.querySelectorAll('article.card').length);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    fp.push(paints['first-paint']);
    fcp.push(paints['first-contentful-paint']);
    script.push(m.ScriptDuration * 1000);
    task.push(m.TaskDuration * 1000);
    await page.close();
  }
  await browser.close();
  console.log(`report: ${cards} tasks, ${mb.toFixed(2)} MB, written in ${(writeMs / 1000).toFixed(2)} s (batt report, whole command)`);
  console.log(`first paint ${median(fp).toFixed(0)} ms, first contentful paint ${median(fcp).toFixed(0)} ms (median of ${runs} loads; target < 2000 ms)`);
  console.log(`main thread by load: ${median(task).toFixed(0)} ms busy, of which script ${median(script).toFixed(0)} ms`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
