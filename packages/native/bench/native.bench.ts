// What one N-API crossing costs with the JSON golden encoding: a baseline for the byte-level
// interface the search hot path will use instead.
import { bench, describe } from 'vitest';
import { callPrimitive, checkGoldenRecords } from '@batt/native';

const grid = JSON.stringify([{ t: Array.from({ length: 30 }, () => ({ t: Array(30).fill(1) })) }]);
const records = Array.from({ length: 1000 }, (_, k) => `{"f":"add","args":[${k},1],"out":${k + 1}}`);

describe('callPrimitive', () => {
  bench('add(1, 2)', () => {
    callPrimitive('add', '[1, 2]');
  });
  bench('identity(30x30 grid)', () => {
    callPrimitive('identity', grid);
  });
});

describe('checkGoldenRecords', () => {
  bench('1000 records, one call', () => {
    checkGoldenRecords(records);
  });
});
