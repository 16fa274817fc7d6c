// The stage calls' contract as seen from JS: statuses are the binding's string enums, the
// deadline is absolute (epoch ms), and the fuel default comes from Rust.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FUEL, PairStatus, scoreBatt, type TaskInput, validatePrograms, ValidationStatus } from '@batt/native';

// One demo pair (vmirror of a 2x2 grid) and one test input.
const task: TaskInput = {
  id: 'mirror',
  train: 1,
  test: 1,
  cells: Uint8Array.from([1, 2, 3, 4, 2, 1, 4, 3, 5, 6, 7, 8]),
  shapes: Uint32Array.from([2, 2, 2, 2, 2, 2]),
};
const MIRROR = 'def f(I):\n    O = vmirror(I)\n    return O\n';

describe('validatePrograms', () => {
  it('answers typed statuses per program and per pair', () => {
    const v = validatePrograms(task, [MIRROR, 'def f(I):\n    O = nosuch(I)\n    return O\n', 'def f(I):\n    O = add(I, 1)\n    return O\n'], {});
    expect(v.expired).toBe(false);
    expect(v.results.map((r) => r.status)).toEqual([ValidationStatus.Ok, ValidationStatus.Invalid, ValidationStatus.Ok]);
    expect(v.results[0]!.pairStatus).toEqual([PairStatus.Ok]);
    expect(v.results[2]!.pairStatus).toEqual([PairStatus.Type]);
    expect(v.results[1]!.error).toMatch(/undefined name 'nosuch'/);
    // No fuel given: Rust's default, and the cheap program spends a sliver of it.
    expect(v.results[0]!.work[0]).toBeGreaterThan(0);
    expect(v.results[0]!.work[0]).toBeLessThan(DEFAULT_FUEL);
    expect(validatePrograms(task, ['def f(I):\n    O = upscale(I, 30)\n    return O\n'], { fuel: 100 }).results[0]!.pairStatus).toEqual([PairStatus.Budget]);
  });

  it('a deadline already passed runs nothing; one ahead changes nothing', () => {
    const past = validatePrograms(task, [MIRROR], { deadlineAtMs: Date.now() - 1 });
    expect(past.expired).toBe(true);
    expect(past.results.map((r) => r.status)).toEqual([ValidationStatus.Timeout]);
    const ahead = validatePrograms(task, [MIRROR], { deadlineAtMs: Date.now() + 60_000 });
    expect(ahead.results.map((r) => r.score)).toEqual([1]);
  });
});

describe('scoreBatt', () => {
  it('stops at an absolute deadline; a canonical text is the text without its name', () => {
    expect(scoreBatt(task, MIRROR, { deadlineAtMs: Date.now() - 1 }).expired).toBe(true);
    const s = scoreBatt(task, MIRROR, { deadlineAtMs: Date.now() + 60_000 });
    expect(s.expired).toBe(false);
    expect(s.proposals[0]).toMatchObject({ score: 1, canonical: '(I):\n    O = vmirror(I)\n    return O\n' });
    expect(s.proposals[0]!.text).toBe(`def solve_mirror${s.proposals[0]!.canonical}`);
  });

  it('enumerates when asked, made candidates carrying their lineage; a block argument cost other than 0 or 1 is refused', () => {
    const s = scoreBatt(task, 'def batt(I):\n    O = identity(I)\n    return O\n', { enumerate: true, blockArgCost: 1 });
    expect(s.enumerated).toBeGreaterThan(0);
    expect(s.proposals.some((p) => p.lineage !== undefined && (JSON.parse(p.lineage) as { source: string }).source === 'enumeration')).toBe(true);
    expect(() => scoreBatt(task, MIRROR, { enumerate: true, blockArgCost: 2 })).toThrow(/blockArgCost is 2; it is 0 or 1/);
  });
});
