// What the store tests build their entries from.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SolverEntry } from '../src/index.js';

export const tmp = () => mkdtempSync(join(tmpdir(), 'batt-store-'));
export const hex = (n: number) => n.toString(16).padStart(32, '0');

/** A valid entry for `taskId`, the n-th of its kind (hash and lineage from n). */
export const entry = (taskId: string, n: number, over: Partial<SolverEntry> = {}): SolverEntry => ({
  taskId,
  hash: hex(n),
  text: 'def solve(I):\n    O = rot90(I)\n    return O\n',
  score: 1,
  partial: 1,
  speedUs: 10,
  work: 100,
  size: 1,
  origin: 'test',
  lineage: { n },
  ...over,
});
