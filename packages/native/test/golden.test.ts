// Golden records pass through the binding unchanged: the raw JSONL lines go to
// checkGoldenRecords and every sampled record must pass; the sample spans every primitive's file.
import { expect, it } from 'vitest';
import { checkGoldenRecords } from '@batt/native';
import { goldenSet } from './golden-dir.js';

const PER_FILE = 24;

/** Every k-th record of a file, so the sample spans solver calls and fuzz records alike. */
function sample(lines: string[], n: number): string[] {
  const step = Math.max(1, Math.floor(lines.length / n));
  return lines.filter((_, k) => k % step === 0).slice(0, n);
}

it('golden records pass through checkGoldenRecords unchanged', () => {
  const golden = goldenSet();
  const files = golden.names;
  expect(files).toHaveLength(160);

  const lines = files.flatMap((name) => sample(golden.records(name), PER_FILE));
  expect(lines).toHaveLength(files.length * PER_FILE); // every file holds 50 records or more

  const r = checkGoldenRecords(lines);
  expect(r.failures.slice(0, 10)).toEqual([]);
  expect(r).toMatchObject({ passed: lines.length, failed: 0 });
});
