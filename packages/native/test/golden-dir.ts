// Where the shared golden vectors live: `../shared/golden/arc-dsl` beside the repository root
// (as CI lays it out), or wherever BATT_GOLDEN_DIR points.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export function goldenDir(): string {
  const dir = process.env.BATT_GOLDEN_DIR ?? resolve(repoRoot, '../shared/golden/arc-dsl');
  if (!existsSync(dir)) {
    throw new Error(`golden vectors not found at ${dir}: lay shared/ beside the repository or set BATT_GOLDEN_DIR`);
  }
  return dir;
}
