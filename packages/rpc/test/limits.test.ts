// One table of limits: what parseNumber accepts for a flag is what a request field may hold.
import { describe, expect, it } from 'vitest';

import { flagNumber, LIMITS, parseNumber, rangeProblem, UINT32_MAX, UsageError } from '../src/limits.js';

describe('limits', () => {
  it('accepts each range exactly, ends included', () => {
    for (const [name, r] of Object.entries(LIMITS)) {
      expect(parseNumber(String(r.min), name, r)).toBe(r.min);
      expect(parseNumber(String(r.max), name, r)).toBe(r.max);
      expect(() => parseNumber(String(r.max * 2 + 1), name, r), name).toThrow(UsageError);
      expect(() => parseNumber(String(r.min - 1), name, r), name).toThrow(UsageError);
    }
  });

  it('refuses the values of issue #11 with a one-line message naming the flag and range', () => {
    const cases: [string, string, keyof typeof LIMITS, RegExp][] = [
      ['limit', '4294967296', 'limit', /^--limit must be an integer from 1 to 4294967295, got '4294967296'$/],
      ['limit', '1e20', 'limit', /^--limit must be an integer from 1 to 4294967295, got '1e20'$/],
      ['rounds', '1e12', 'rounds', /^--rounds must be an integer from 1 to 1000000/],
      ['seed', '1e30', 'seed', /^--seed must be an integer from 0 to 4294967295/],
      ['budget-s', '1e12', 'budgetS', /^--budget-s must be a number from 0 to 86400/],
      ['concurrency', '100000', 'concurrency', /^--concurrency must be an integer from 1 to 1024/],
      ['budget-s', 'NaN', 'budgetS', /got 'NaN'/],
      ['budget-s', '-1', 'budgetS', /got '-1'/],
      ['budget-s', ' ', 'budgetS', /got ' '/],
      ['rounds', '1.5', 'rounds', /an integer/],
    ];
    for (const [flag, raw, limit, msg] of cases) {
      expect(() => flagNumber(flag, raw, limit)).toThrow(msg);
    }
    expect(flagNumber('limit', undefined, 'limit')).toBeUndefined();
  });

  it('bounds what it echoes: a 100,000-digit literal gives a short line', () => {
    const raw = '9'.repeat(100_000);
    let message = '';
    try {
      parseNumber(raw, '--limit', LIMITS.limit);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^--limit must be an integer from 1 to 4294967295, got '9{80}\.\.\.' \(100000 characters\)$/);
    expect(message.length).toBeLessThan(200);
  });

  it('checks request fields without a string in hand', () => {
    expect(rangeProblem(NaN, 'budgetS', LIMITS.budgetS)).toBe("budgetS must be a number from 0 to 86400, got 'NaN'");
    expect(rangeProblem(UINT32_MAX, 'seed', LIMITS.seed)).toBeUndefined();
    expect(rangeProblem(2e6, 'rounds', LIMITS.rounds)).toMatch(/rounds must be an integer from 1 to 1000000/);
  });
});
