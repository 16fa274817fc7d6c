import { defineConfig } from 'vitest/config';

// Every test here spawns the built CLI (often several times) or a browser. On the shared 2-core
// machine, with the suites running side by side, `batt submit and score` (a run plus four CLI
// calls) took 6.1 s against vitest's 5 s default and failed for time alone. A limit is a guard
// against a hang, not a check of speed (timings live in bench/ and docs/benchmarks.md).
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
});
