// Side by side: `batt validate` vs the reference Python running arc-dsl's solvers.py on all 400
// ARC-AGI-1 training tasks (every train and test pair).
// Usage: ARC_DSL_DIR=/path/to/arc-dsl node bench/validate.mjs [runs]
// The reference is a checkout you provide (batt ships none of its code).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dsl = process.env.ARC_DSL_DIR;
if (!dsl || !existsSync(join(dsl, 'solvers.py'))) {
  console.log('bench/validate.mjs: set ARC_DSL_DIR to an arc-dsl checkout (with dsl.py and solvers.py) to run this benchmark');
  process.exit(0);
}
const runs = Number(process.argv[2] ?? 5);
const data = join(root, 'data', 'arc-agi-1', 'training');
const batt = join(root, 'services', 'orchestrator', 'bin', 'batt.js');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const battMs = [];
const wallMs = [];
for (let k = 0; k < runs; k++) {
  const t = performance.now();
  let out;
  try {
    out = execFileSync(process.execPath, [batt, 'validate', join(dsl, 'solvers.py'), '--data', data, '--json'], { encoding: 'utf8' });
  } catch (e) {
    out = e.stdout; // exit 1: one task (e40b9e2f) does not validate, as in the reference
  }
  wallMs.push(performance.now() - t);
  const s = JSON.parse(out);
  battMs.push(s.ms);
  if (k === 0) console.log(`batt validate: validated ${s.validated} of ${s.total}`);
}
const refS = [];
for (let k = 0; k < Math.min(runs, 3); k++) {
  const r = JSON.parse(execFileSync('python3', [join(root, 'bench', 'validate_reference.py'), dsl, data], { encoding: 'utf8' }));
  refS.push(r.seconds);
  if (k === 0) console.log(`reference Python: solved ${r.solved} of ${r.tasks} (${r.pairs_ok}/${r.pairs} pairs)`);
}
const b = median(battMs);
const w = median(wallMs);
const p = median(refS) * 1000;
console.log('');
console.log('| measure | reference Python | batt | speed-up |');
console.log('|---|---:|---:|---:|');
console.log(`| validate 400 solvers (parse + run all pairs), in-process | ${(p / 1000).toFixed(2)} s | ${b.toFixed(0)} ms | ${(p / b).toFixed(0)}x |`);
console.log(`| \`batt validate\` whole command incl. Node start-up and loading 400 tasks | ${(p / 1000).toFixed(2)} s | ${w.toFixed(0)} ms | ${(p / w).toFixed(0)}x |`);
console.log(`\n(median of ${runs} batt runs and ${refS.length} reference runs)`);
