/** A small seeded PRNG (mulberry32): runs with the same seed draw the same seeds. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit hash of strings and numbers (FNV-1a), for deriving per-round seeds. */
export function mix(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    for (const ch of `${p}\u0000`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

/** Draws up to `k` distinct items, each with probability proportional to its weight. */
export function weightedSample<T>(items: readonly T[], weight: (t: T) => number, k: number, random: () => number): T[] {
  const pool = items.map((item) => ({ item, w: Math.max(weight(item), 1e-6) }));
  const out: T[] = [];
  let total = pool.reduce((s, p) => s + p.w, 0);
  while (out.length < k && pool.length > 0) {
    let r = random() * total;
    let i = 0;
    while (i < pool.length - 1 && r >= pool[i]!.w) r -= pool[i++]!.w;
    const [picked] = pool.splice(i, 1);
    total -= picked!.w;
    out.push(picked!.item);
  }
  return out;
}
