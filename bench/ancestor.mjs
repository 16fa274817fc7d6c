// The ancestor's workload, end to end through N-API and SQLite: per target task, a 32-seed
// population batt is generated, scored on all demo inputs, deduplicated, extracted, validated and
// stored (one `batt run` round without enumeration, stages called in-process). Prints the time per task.
// Usage: node bench/ancestor.mjs [tasks=20]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { defaultDataDir, loadTasks } from '@batt/arc-data';
import { Store } from '@batt/store';
import { validateSolvers } from '@batt/validation';
import { readFileSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
const dist = join(here, '..', 'services', 'orchestrator', 'dist');
const { emptyCounts, emptyTimes, searchTask, SeedPool } = await import(join(dist, 'run', 'search.js'));
const { localStages } = await import(join(dist, 'run', 'stages.js'));
const { taskMessage } = await import('@batt/rpc');
const { entriesFrom } = await import(join(dist, 'seeds.js'));

const n = Number(process.argv[2] ?? 20);
const { tasks } = loadTasks(defaultDataDir());
const byId = new Map(tasks.map((t) => [t.id, t]));
const store = new Store(mkdtempSync(join(tmpdir(), 'batt-ancestor-')));
const seedsFile = join(here, '..', 'data', 'seeds', 'solvers.py');
store.addSolvers(entriesFrom(validateSolvers(readFileSync(seedsFile), byId), byId, seedsFile, 'bench'));
const targets = tasks.filter((_, k) => k % Math.floor(tasks.length / n) === 0).slice(0, n);
const pool = new SeedPool(store.allSolvers());
const opts = { budgetS: 0, rounds: 1, seed: 1, seedsPerBatt: 32, useSeeds: true, enumerate: false, runId: 'bench', stageTimeoutMs: 600_000 };
const messages = new Map();
const message = (id) => messages.get(id) ?? messages.set(id, taskMessage(byId.get(id))).get(id);
const ctx = (o, times, counts) => ({ stages: localStages(), store, pool, opts: o, times, counts, message });
// one warm-up task, not counted
await searchTask(targets[0], ctx(opts, emptyTimes(), emptyCounts()));
const per = [];
const times = emptyTimes();
const counts = emptyCounts();
for (let k = 0; k < targets.length; k++) {
  const t = performance.now();
  await searchTask(targets[k], ctx({ ...opts, seed: 2 }, times, counts));
  per.push(performance.now() - t);
}
store.close();
const sorted = [...per].sort((a, b) => a - b);
const med = sorted[Math.floor(sorted.length / 2)];
console.log(`ancestor workload, ${targets.length} target tasks, 32 seeds each, one round incl. store:`);
console.log(`  per task: median ${med.toFixed(1)} ms, mean ${(per.reduce((a, b) => a + b, 0) / per.length).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
console.log(`  phases (total ms): ${Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
console.log(`  candidates: ${counts.generated} generated, ${counts.scored} scored, ${counts.unique} unique, ${counts.validated} validated, ${counts.stored} stored`);
