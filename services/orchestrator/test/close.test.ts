// Closing the orchestrator while a run writes to the store: the run stops after the tasks in
// flight, stores them and finishes its run row; the store closes after that. It used to close at
// once under the run ("The database connection is not open"), losing the summary.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RunRequest, type RunEvent } from '@batt/proto';
import { Store } from '@batt/store';
import { describe, expect, it } from 'vitest';

import { loadData } from '../src/data.js';
import { Orchestrator } from '../src/orchestrator.js';
import { localStages } from '../src/run/stages.js';

describe('Orchestrator.close', () => {
  it('waits for the run in progress, which ends interrupted with its summary and a finished run row', async () => {
    const data = loadData(undefined, { out: () => {}, err: () => {} });
    const dir = mkdtempSync(join(tmpdir(), 'batt-close-'));
    const orch = new Orchestrator({ stages: localStages(), storeDir: dir, dataDir: data.dir, tasks: data.load.tasks, concurrency: 1, version: 'test' });
    const events: RunEvent[] = [];
    let closed: Promise<void> | undefined;
    const run = orch.run(RunRequest.fromPartial({ limit: 40, rounds: 1, seed: 0 }), (e) => {
      events.push(e);
      if (e.task?.done === 2) closed ??= orch.close(); // mid-run, as the CLI's clean-up did
    });
    const summary = await run;
    await closed;
    expect(summary.interrupted).toBe(true);
    expect(summary.searched).toBeGreaterThanOrEqual(2);
    expect(summary.searched).toBeLessThan(40);
    expect(events.at(-1)!.summary).toEqual(summary);
    await expect(orch.run(RunRequest.fromPartial({ limit: 1 }), () => {})).rejects.toThrow(/shutting down/);
    const st = new Store(dir);
    try {
      expect(st.runs().find((r) => r.runId === summary.runId)!.finishedAt).not.toBeNull();
      expect(st.integrityOk()).toBe(true);
    } finally {
      st.close();
    }
  }, 60_000);

  it('with no run in progress closes at once, and twice is harmless', async () => {
    const data = loadData(undefined, { out: () => {}, err: () => {} });
    const orch = new Orchestrator({ stages: localStages(), storeDir: mkdtempSync(join(tmpdir(), 'batt-close-')), dataDir: data.dir, tasks: data.load.tasks, concurrency: 1, version: 'test' });
    await orch.close();
    await orch.close();
  });
});
