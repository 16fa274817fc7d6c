import { parseGrid, type Task } from '@batt/arc-data';
import { describe, expect, it } from 'vitest';

import { cellAccuracy, taskIdOf, validateSolvers } from '../src/index.js';

const g = (rows: number[][]) => parseGrid(rows, 'test');
const task: Task = {
  id: 'flip',
  train: [
    { input: g([[1, 2], [3, 4]]), output: g([[3, 4], [1, 2]]) },
    { input: g([[5, 6, 7]]), output: g([[5, 6, 7]]) },
  ],
  test: [{ input: g([[1], [2]]), output: g([[2], [1]]) }],
};
const tasks = new Map([[task.id, task]]);
const src = (body: string, name = 'flip') => Buffer.from(`def solve_${name}(I):\n${body}    return O\n`);

describe('validateSolvers', () => {
  it('passes a correct solver on train and test pairs', () => {
    const [r] = validateSolvers(src('    O = hmirror(I)\n'), tasks, { includeTests: true });
    expect(r).toMatchObject({ name: 'solve_flip', taskId: 'flip', found: true, trainOk: true, allOk: true });
    expect(r!.pairs.map((p) => `${p.split}[${p.index}] ${p.status}`)).toEqual(['train[0] ok', 'train[1] ok', 'test[0] ok']);
    expect(r!.pairs.every((p) => p.work > 0 && p.micros >= 0)).toBe(true);
  });

  it('never runs test pairs unless asked', () => {
    const [r] = validateSolvers(src('    O = hmirror(I)\n'), tasks);
    expect(r!.pairs.every((p) => p.split === 'train')).toBe(true);
  });

  it('tells wrong outputs, errors and budget stops apart', () => {
    const [wrong] = validateSolvers(src('    O = vmirror(I)\n'), tasks);
    expect(wrong!.pairs[0]).toMatchObject({ status: 'wrong', message: 'wrong output' });
    const [shape] = validateSolvers(src('    O = rot90(I)\n'), tasks);
    expect(shape!.pairs[1]).toMatchObject({ status: 'wrong', message: 'wrong output shape 3x1, expected 1x3' });
    const [err] = validateSolvers(src('    x1 = ofcolor(I, NINE)\n    x2 = first(x1)\n    O = I\n'), tasks);
    expect(err!.pairs[0]!.status).toBe('runtime');
    const [budget] = validateSolvers(src('    O = upscale(I, TEN)\n'), tasks, { fuel: 10 });
    expect(budget!.pairs[0]!.status).toBe('budget');
    const [notGrid] = validateSolvers(src('    O = palette(I)\n'), tasks);
    expect(notGrid!.pairs[0]!.status).toBe('not-grid');
  });

  it('reports a solver for an unknown task without running it', () => {
    const [r] = validateSolvers(src('    O = I\n', 'nope'), tasks);
    expect(r).toMatchObject({ found: false, trainOk: false, pairs: [] });
  });

  it('throws for a file that does not parse, with line and column', () => {
    expect(() => validateSolvers(Buffer.from('def solve_flip(I):\n    O = hmirror(I, I)\n    return O\n'), tasks)).toThrow(/2:16: hmirror takes 1 arguments, got 2/);
  });
});

describe('helpers', () => {
  it('taskIdOf strips solve_', () => {
    expect(taskIdOf('solve_00d62c1b')).toBe('00d62c1b');
  });
  it('cellAccuracy counts equal cells, 0 for another shape', () => {
    expect(cellAccuracy(g([[1, 2]]), g([[1, 3]]))).toBe(0.5);
    expect(cellAccuracy(g([[1]]), g([[1, 3]]))).toBe(0);
    expect(cellAccuracy(undefined, g([[1]]))).toBe(0);
  });
});
