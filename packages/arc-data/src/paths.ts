import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where `data/` lives), found from this file's location. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 8; k++) {
    if (existsSync(join(dir, 'data', 'arc-agi-1'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('cannot find the bundled data/ directory');
}

/** The bundled default data set: the ARC-AGI-1 training tasks. */
export function defaultDataDir(): string {
  return process.env.BATT_DATA ?? join(repoRoot(), 'data', 'arc-agi-1', 'training');
}
