// What the gRPC services cost: the default workload (every bundled task, bundled seeds) with a
// fixed number of rounds, so every variant does the same work, run as
//   in-process   stages called directly in one thread (`batt run --in-process`)
//   services x1  through the four services on loopback, one task at a time (pure overhead)
//   services     through the services with the default concurrency (what `batt run` does)
// Each variant starts from a fresh store. Prints wall and CPU times (the whole process, its
// worker threads included) and their ratios to in-process.
// Usage: node bench/services.mjs [rounds=2] [reps=1] [limit]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const bin = join(here, '..', 'services', 'orchestrator', 'bin', 'batt.js');
const rounds = process.argv[2] ?? '2';
const reps = Number(process.argv[3] ?? 1);
const limit = process.argv[4];

const variants = [
  ['in-process', ['--in-process']],
  ['services x1', ['--concurrency', '1']],
  ['services', []],
];

function once(extra) {
  const store = mkdtempSync(join(tmpdir(), 'batt-bench-'));
  const args = [bin, 'run', '--rounds', rounds, '--seed', '1', '--store', store, '--json', ...(limit ? ['--limit', limit] : []), ...extra];
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, BATT_STORE: '' } });
  const wall = performance.now() - t;
  rmSync(store, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`batt run ${extra.join(' ')} failed: ${r.stderr}`);
  const s = JSON.parse(r.stdout);
  return { wall, cpu: s.cpuS, solved: s.solved, rounds: s.candidates.rounds, stored: s.candidates.stored };
}

const results = {};
for (let k = 0; k < reps; k++) {
  for (const [name, extra] of variants) {
    const r = once(extra);
    (results[name] ??= []).push(r);
    console.error(`${name}: ${(r.wall / 1000).toFixed(2)} s wall, ${r.cpu.toFixed(2)} CPU-s, ${r.rounds} rounds, ${r.solved} solved, ${r.stored} stored`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results['in-process'].map((r) => r.wall));
const baseCpu = median(results['in-process'].map((r) => r.cpu));
console.log(`batt run --rounds ${rounds}${limit ? ` --limit ${limit}` : ''} (bundled tasks and seeds), median of ${reps}:`);
console.log('variant        wall      vs in-process   CPU        vs in-process   solved  stored');
for (const [name] of variants) {
  const w = median(results[name].map((r) => r.wall));
  const c = median(results[name].map((r) => r.cpu));
  const r0 = results[name][0];
  console.log(
    `${name.padEnd(13)} ${(w / 1000).toFixed(2).padStart(7)} s   ${(w / base).toFixed(3).padStart(6)}x   ${c.toFixed(2).padStart(7)} s   ${(c / baseCpu).toFixed(3).padStart(6)}x        ${String(r0.solved).padStart(4)}  ${String(r0.stored).padStart(6)}`,
  );
}
