// Turning validated solver files into store entries (used by `batt import` and by `batt run`
// when it seeds an empty store with the bundled solvers).
import { basename } from 'node:path';

import type { SolverEntry } from '@batt/store';
import type { ProgramResult } from '@batt/validation';

/** Store entries for the programs that solve every demo pair of their task. */
export function entriesFrom(results: readonly ProgramResult[], file: string, origin: string): SolverEntry[] {
  return results
    .filter((r) => r.trainOk)
    .map((r) => {
      const train = r.pairs.filter((p) => p.split === 'train');
      const mean = (f: (p: (typeof train)[number]) => number) => train.reduce((s, p) => s + f(p), 0) / train.length;
      return {
        taskId: r.taskId,
        hash: r.program.hash,
        text: r.program.canonical,
        score: 1,
        // Every demo pair is exact (trainOk), so every cell is right: partial is 1 by definition,
        // not a second computation of the native validator's partial score.
        partial: 1,
        speedUs: mean((p) => p.micros),
        work: mean((p) => p.work),
        size: r.program.size,
        origin,
        lineage: { source: basename(file), name: r.name },
      };
    });
}
