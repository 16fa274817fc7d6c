// Which of two solvers is better: the one order used everywhere solvers are ranked (retention,
// listing, seed pools, predictions, what search bothers to store). Measured time never enters
// it: `speed_us` varies run to run, and a tie broken by it made seed draws depend on the clock.
// The SQL ORDER BY is generated from the same list, and a test checks the two agree.

/** What ranking reads of a solver. */
export interface Ranked {
  score: number;
  partial: number;
  work: number;
  size: number;
  hash: string;
}

/** The ranking keys, most significant first: column, field, and whether larger is better. */
export const RANK_KEYS = [
  { column: 'score', field: 'score', desc: true },
  { column: 'partial', field: 'partial', desc: true },
  { column: 'work', field: 'work', desc: false },
  { column: 'size', field: 'size', desc: false },
  { column: 'hash', field: 'hash', desc: false },
] as const satisfies readonly { column: string; field: keyof Ranked; desc: boolean }[];

/** `score DESC, partial DESC, work ASC, size ASC, hash ASC`: the SQL form of compareSolvers. */
export const RANK_SQL = RANK_KEYS.map((k) => `${k.column} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');

/** Negative when `a` ranks before (is better than) `b`; 0 only for equal keys. */
export function compareSolvers(a: Ranked, b: Ranked): number {
  for (const k of RANK_KEYS) {
    const x = a[k.field];
    const y = b[k.field];
    // Hashes are lowercase hex, where JS string order is SQLite's BINARY collation.
    const c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return k.desc ? -c : c;
  }
  return 0;
}
