import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { defaultDataDir, forSearch, gridToJson, loadKaggle, loadTaskDir, loadTasks, packGrids, parseGrid, parseTask, quote, QUOTE_MAX, quoteList, unpackGrids } from '../src/index.js';

const task = (input: unknown, output: unknown = [[1]]) => ({ train: [{ input, output }], test: [{ input: [[0]], output: [[1]] }] });

describe('grids', () => {
  it('round-trips through bytes', () => {
    const a = parseGrid([[1, 2, 3], [4, 5, 6]], 'a');
    const b = parseGrid([[9]], 'b');
    expect(a).toEqual({ h: 2, w: 3, cells: Uint8Array.from([1, 2, 3, 4, 5, 6]) });
    const packed = packGrids([a, b]);
    expect(Array.from(packed.shapes)).toEqual([2, 3, 1, 1]);
    const back = unpackGrids(packed);
    expect(back.map((g) => (g ? gridToJson(g) : null))).toEqual([[[1, 2, 3], [4, 5, 6]], [[9]]]);
  });

  it.each([
    [[], /0 rows/],
    [[[1, 2], [3]], /not rectangular/],
    [[[1, 10]], /cell \(0, 1\) is 10/],
    [[[1, -1]], /is -1/],
    [[[1.5]], /is 1.5/],
    [[['1']], /is "1"/],
    [Array.from({ length: 31 }, () => [0]), /31 rows/],
    [[Array.from({ length: 31 }, () => 0)], /31 columns/],
    ['grid', /not a list/],
  ])('rejects %j', (g, msg) => {
    expect(() => parseGrid(g, 'x')).toThrow(msg);
  });
});

describe('task loading', () => {
  it('loads the bundled ARC-AGI-1 training set', () => {
    const { tasks, problems } = loadTasks(defaultDataDir());
    expect(problems).toEqual([]);
    expect(tasks).toHaveLength(400);
    expect(tasks[0]!.id).toBe('007bbfb7');
    expect(tasks.every((t) => t.test.every((p) => p.output !== undefined))).toBe(true);
  });

  it('reports bad tasks by id and reason, and keeps the good ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batt-arc-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(task([[1, 2]])));
    writeFileSync(join(dir, 'bigcolour.json'), JSON.stringify(task([[1, 12]])));
    writeFileSync(join(dir, 'huge.json'), JSON.stringify(task(Array.from({ length: 40 }, () => [1]))));
    writeFileSync(join(dir, 'broken.json'), '{"train": [');
    writeFileSync(join(dir, 'notrain.json'), JSON.stringify({ test: [] }));
    const { tasks, problems } = loadTaskDir(dir);
    expect(tasks.map((t) => t.id)).toEqual(['good']);
    expect(Object.fromEntries(problems.map((p) => [p.id, p.reason]))).toEqual({
      bigcolour: expect.stringMatching(/train\[0\]\.input: cell \(0, 1\) is 12/),
      broken: expect.stringMatching(/malformed JSON/),
      huge: expect.stringMatching(/40 rows/),
      notrain: expect.stringMatching(/"train" must be a non-empty list/),
    });
  });

  it('loads Kaggle combined files with or without solutions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batt-kaggle-'));
    const ch = { aaa: { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }] }, bbb: { train: [], test: [] } };
    writeFileSync(join(dir, 'x_challenges.json'), JSON.stringify(ch));
    let r = loadKaggle(join(dir, 'x_challenges.json'));
    expect(r.tasks.map((t) => t.id)).toEqual(['aaa']);
    expect(r.tasks[0]!.test[0]!.output).toBeUndefined();
    expect(r.problems).toEqual([{ id: 'bbb', reason: expect.stringMatching(/train/) }]);
    writeFileSync(join(dir, 'x_solutions.json'), JSON.stringify({ aaa: [[[4]]] }));
    r = loadTasks(join(dir, 'x_challenges.json'));
    expect(gridToJson(r.tasks[0]!.test[0]!.output!)).toEqual([[4]]);
  });

  it('forSearch strips test outputs', () => {
    const { tasks } = loadTasks(defaultDataDir());
    const t = forSearch(tasks[0]!);
    expect(t.test.every((p) => !('output' in p))).toBe(true);
    expect(t.train).toBe(tasks[0]!.train);
  });

  it('a missing path is a clear error', () => {
    expect(() => loadTasks('/nonexistent/batt')).toThrow(/no such file or directory/);
  });

  it('never echoes the contents of a file that is not a task (a symlink to a system file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batt-notask-'));
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'root:x:0:0:hunter2:/root:/bin/bash\n');
    symlinkSync(secret, join(dir, 'abc.json'));
    const r = loadTasks(dir);
    expect(r.problems).toEqual([{ id: 'abc', reason: 'malformed JSON: not an ARC task file' }]);
    expect(() => loadTasks(secret)).toThrow(/^malformed JSON/);
    expect(() => loadTasks(secret)).not.toThrow(/hunter2|root:x/);
    expect(() => loadTasks('/dev/null')).toThrow(/'\/dev\/null' is neither a directory of tasks nor a task file/);
  });

  it('quotes a bad cell value bounded', () => {
    const big = 'x'.repeat(10_000);
    expect(() => parseTask('t', { train: [{ input: [[big]], output: [[1]] }], test: [{ input: [[1]] }] })).toThrow(/is '\\"x{79}\.\.\.' \(10002 characters\) \(colours/);
  });
});

describe('quote', () => {
  it('keeps short input whole, cuts long input at QUOTE_MAX characters and counts it', () => {
    expect(quote('abc')).toBe("'abc'");
    expect(quote('a'.repeat(QUOTE_MAX))).toBe(`'${'a'.repeat(QUOTE_MAX)}'`);
    expect(quote('a'.repeat(QUOTE_MAX + 1))).toBe(`'${'a'.repeat(QUOTE_MAX)}...' (${QUOTE_MAX + 1} characters)`);
  });

  it('is always one line, with control characters and quotes escaped', () => {
    expect(quote("a\nb\tc'd")).toBe("'a\\nb\\tc\\'d'");
    expect(quote('\u0007')).toBe("'\\u0007'");
  });

  it('lists at most LIST_MAX items and counts the rest', () => {
    expect(quoteList(['a', 'b'])).toBe("'a', 'b'");
    expect(quoteList(Array.from({ length: 12 }, (_, k) => `t${k}`))).toBe("'t0', 't1', 't2', 't3', 't4' and 7 more");
  });
});
