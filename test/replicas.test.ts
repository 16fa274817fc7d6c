// Scaling out (the Kubernetes layout, on loopback): two scoring and two validation replicas
// behind one orchestrator share the work fairly, and stopping a replica mid-run loses no task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { batt, metric, metrics, serve, type Service, storeContents, tmp, until } from './helpers/services.js';

const TASKS = ['3c9b0459', '68b16354', '25ff71a9', '0d3d703e', 'a416b8f3', 'a85d4709', 'd631b094', '6150a2bd', '67a3c6ac', '74dd1130', 'ed36ccf7', '9dfd6313'].join(',');

describe('replicas on loopback', () => {
  let gen: Service;
  let reference: string[];
  beforeAll(async () => {
    gen = await serve('generation', ['--workers', '1']);
    const store = tmp();
    const r = await batt(['run', '--tasks', TASKS, '--rounds', '2', '--seed', '5', '--store', store, '--in-process', '--json']);
    expect(r.code, r.stderr).toBe(0);
    reference = storeContents(store);
  }, 60_000);
  afterAll(async () => {
    await gen.stop();
  });

  it('two scoring and two validation replicas each do a fair share of the work', async () => {
    const sc = await Promise.all([serve('scoring', ['--workers', '1']), serve('scoring', ['--workers', '1'])]);
    const va = await Promise.all([serve('validation', ['--workers', '1']), serve('validation', ['--workers', '1'])]);
    try {
      const store = tmp();
      const r = await batt(['run', '--tasks', TASKS, '--rounds', '2', '--seed', '5', '--store', store, '--json', '--concurrency', '4',
        '--generation', gen.target, '--scoring', sc.map((s) => s.target).join(','), '--validation', va.map((s) => s.target).join(',')]);
      expect(r.code, r.stderr).toBe(0);
      expect(storeContents(store)).toEqual(reference);
      for (const [replicas, method] of [[sc, 'score'], [va, 'validate']] as const) {
        const done = await Promise.all(replicas.map(async (s) => metric(await metrics(s), 'batt_requests_total', `method="${method}"`, 'code="OK"')));
        const total = done[0]! + done[1]!;
        expect(total).toBe(24); // 12 tasks x 2 rounds
        // Each call goes to the replica with fewer calls in flight, so one busy with a task's
        // heavy first-round call gets fewer (seen: 9 and 15); pinned to one (grpc-js's default
        // pick_first), the other would get none.
        for (const d of done) expect(d, `${method}: ${done.join(',')}`).toBeGreaterThanOrEqual(total * 0.25);
      }
    } finally {
      await Promise.all([...sc, ...va].map((s) => s.stop()));
    }
  }, 90_000);

  it('stopping a scoring replica (SIGTERM) and killing a validation replica (SIGKILL) mid-run loses no task', async () => {
    const sc = await Promise.all([serve('scoring', ['--workers', '1']), serve('scoring', ['--workers', '1'])]);
    const va = await Promise.all([serve('validation', ['--workers', '1']), serve('validation', ['--workers', '1'])]);
    try {
      const store = tmp();
      const run = batt(['run', '--tasks', TASKS, '--rounds', '2', '--seed', '5', '--store', store, '--json', '--concurrency', '4',
        '--generation', gen.target, '--scoring', sc.map((s) => s.target).join(','), '--validation', va.map((s) => s.target).join(',')]);
      // Once both have started serving this run, take one of each away.
      await until(async () => {
        const [a, b] = await Promise.all([metrics(sc[0]), metrics(va[0])]);
        return metric(a, 'batt_requests_total', 'code="OK"') >= 2 && metric(b, 'batt_requests_total', 'code="OK"') >= 2;
      });
      sc[0].child.kill('SIGTERM');
      va[0].child.kill('SIGKILL');
      const r = await run;
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.searched).toBe(12);
      expect(s.candidates.errors).toBe(0);
      expect(s.candidates.timeouts).toBe(0);
      expect(storeContents(store)).toEqual(reference); // nothing lost, nothing different
      expect(await sc[0].exited).toBe(0); // drained and exited cleanly
      const left = await metrics(sc[1]);
      expect(metric(left, 'batt_requests_total', 'method="score"', 'code="OK"')).toBeGreaterThan(12);
    } finally {
      await Promise.all([...sc, ...va].map((s) => s.stop()));
    }
  }, 90_000);
});
