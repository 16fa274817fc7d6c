// The binding's contract as seen from JS: names and arities, the {"out"} / {"err"} replies,
// what throws, and the batch and directory conformance calls.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callPrimitive, checkGoldenRecords, primitives, runConformance } from '@batt/native';

const call = (name: string, args: unknown[]) => JSON.parse(callPrimitive(name, JSON.stringify(args)));

describe('primitives', () => {
  it("lists the DSL's 160 primitives in dsl.py order", () => {
    const prims = primitives();
    expect(prims).toHaveLength(160);
    expect(prims[0]?.name).toBe('identity');
    expect(prims[159]?.name).toBe('vperiod');
    expect(prims.find((p) => p.name === 'add')).toEqual({ name: 'add', arity: 2 });
    expect(prims.find((p) => p.name === 'fork')?.arity).toBe(3);
  });
});

describe('callPrimitive', () => {
  it('round-trips golden-encoded values', () => {
    expect(call('add', [1, 2])).toEqual({ out: 3 });
    const grid = { t: [{ t: [0, 1] }, { t: [2, 3] }] };
    expect(call('identity', [grid])).toEqual({ out: grid });
    // Sets come back in canonical (ascending) order, whatever order they went in.
    expect(call('identity', [{ s: [3, 1, 2] }])).toEqual({ out: { s: [1, 2, 3] } });
    // A closure is described by how it was built.
    expect(call('compose', [{ fn: 'flip' }, { fn: 'even' }])).toEqual({
      out: { fn: 'compose', args: [{ fn: 'flip' }, { fn: 'even' }] },
    });
    expect(call('apply', [{ fn: 'rbind', args: [{ fn: 'add' }, 10] }, { t: [1, 2] }])).toEqual({
      out: { t: [11, 12] },
    });
  });

  it('returns DSL errors as values', () => {
    expect(call('divide', [1, 0])).toEqual({ err: 'zero_division', message: 'division by zero' });
    expect(call('add', [1, { s: [] }])).toMatchObject({ err: 'type' });
    expect(call('add', [1])).toMatchObject({ err: 'type' });
    expect(call('nosuchprimitive', [])).toMatchObject({ err: 'type' });
  });

  it('throws on malformed input', () => {
    expect(() => callPrimitive('add', '[1,')).toThrow(/not valid JSON/);
    expect(() => callPrimitive('add', '{"t":[1,2]}')).toThrow(/JSON array/);
    expect(() => callPrimitive('add', '[1, {"x": 2}]')).toThrow(/argument 1/);
  });
});

describe('checkGoldenRecords', () => {
  it('counts passes and failures, and reports the line of each failure', () => {
    const r = checkGoldenRecords([
      '{"f":"add","args":[1,2],"out":3}',
      '{"f":"add","args":[1,2],"out":4}',
      'not json',
      '{"f":"divide","args":[1,0],"err":"ZeroDivisionError"}',
    ]);
    expect(r.passed).toBe(2);
    expect(r.failed).toBe(2);
    expect(r.failures).toHaveLength(2);
    expect(r.failures[0]).toMatch(/^line 2: want 4, got 3/);
    expect(r.failures[1]).toMatch(/^line 3: bad JSON/);
  });

  it('accepts an empty batch', () => {
    expect(checkGoldenRecords([])).toEqual({ passed: 0, failed: 0, failures: [] });
  });
});

describe('runConformance', () => {
  it('reports per primitive file, sorted by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batt-native-'));
    writeFileSync(join(dir, 'subtract.jsonl'), '{"f":"subtract","args":[5,3],"out":2}\n');
    writeFileSync(join(dir, 'add.jsonl'), '{"f":"add","args":[1,2],"out":3}\n\n{"f":"add","args":[1,1],"out":3}\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a golden file');
    const r = runConformance(dir);
    expect(r.passed).toBe(2);
    expect(r.failed).toBe(1);
    expect(r.primitives.map((p) => [p.name, p.passed, p.failed])).toEqual([
      ['add', 1, 1],
      ['subtract', 1, 0],
    ]);
    expect(r.primitives[0]?.failures).toEqual(['line 3: want 3, got 2']);
  });

  it('throws a clear error for a missing directory', () => {
    expect(() => runConformance('/nonexistent/batt-golden')).toThrow(
      /cannot read conformance directory \/nonexistent\/batt-golden/,
    );
  });
});
