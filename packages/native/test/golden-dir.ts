// Golden records: the gzipped copy bundled in the repository (native/crates/dsl/tests/golden,
// so a clone tests itself), or the plain `*.jsonl` files of BATT_GOLDEN_DIR when it is set.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const BUNDLED_GOLDEN = join(repoRoot, 'native/crates/dsl/tests/golden');

export interface GoldenSet {
  dir: string;
  /** Primitive names, sorted. */
  names: string[];
  /** The non-empty lines of one primitive's file. */
  records(name: string): string[];
}

export function goldenSet(): GoldenSet {
  const env = process.env.BATT_GOLDEN_DIR;
  const dir = env ?? BUNDLED_GOLDEN;
  if (!existsSync(dir)) throw new Error(`golden vectors not found at ${dir}${env ? ' (BATT_GOLDEN_DIR)' : ''}`);
  const ext = env ? '.jsonl' : '.jsonl.gz';
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length))
    .sort();
  const read = (name: string) => {
    const raw = readFileSync(join(dir, name + ext));
    return (env ? raw : gunzipSync(raw)).toString('utf8');
  };
  return { dir, names, records: (name) => read(name).split('\n').filter((l) => l.trim() !== '') };
}
