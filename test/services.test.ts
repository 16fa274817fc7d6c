// The gRPC services as separate processes on loopback: `batt run` through them, backpressure,
// deadlines, a dying worker, health, graceful shutdown and oversized messages.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { taskMessage } from '@batt/rpc';
import { BalancedClient, clientOptions } from '@batt/rpc';
import { OrchestratorServiceClient, type RunEvent, RunRequest, ScoreRequest, type ScoreResponse, ScoringServiceService } from '@batt/proto';
import { parseTask } from '@batt/arc-data';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { batt, metric, metrics, serve, type Service, storeContents, tmp, training, until } from './helpers/services.js';

const TASKS = '3c9b0459,68b16354,25ff71a9,0d3d703e,a416b8f3,a85d4709';
const task = (id: string) => parseTask(id, JSON.parse(readFileSync(join(training, `${id}.json`), 'utf8')));
const scoreMethod = ScoringServiceService.score;

/** A single-def program whose every step is a full `objects` pass: slow on purpose, no grids. */
function slowProgram(steps: number): string {
  const lines = ['def slow(I):'];
  for (let k = 1; k <= steps; k++) lines.push(`    x${k} = objects(I, T, T, F)`);
  lines.push('    O = vmirror(I)', '    return O', '');
  return lines.join('\n');
}

/** One raw unary call (no retry), with its status. */
function rawScore(target: string, req: ScoreRequest, deadlineMs = 60_000, maxMb?: number): Promise<{ code: grpc.status; details: string; reply?: ScoreResponse }> {
  const client = new grpc.Client(target, grpc.credentials.createInsecure(), clientOptions(maxMb ? maxMb * 1024 * 1024 : undefined));
  return new Promise((resolve) => {
    client.makeUnaryRequest(scoreMethod.path, scoreMethod.requestSerialize, scoreMethod.responseDeserialize, req, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (e, r) => {
      client.close();
      resolve({ code: e ? e.code : grpc.status.OK, details: e?.details ?? '', reply: r });
    });
  });
}

function healthWatch(target: string): { statuses: string[]; close(): void } {
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  const statuses: string[] = [];
  const names = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
  // grpc.health.v1.HealthCheckRequest{service: ""} is the empty message; the reply's field 1 is the status.
  const call = client.makeServerStreamRequest(
    '/grpc.health.v1.Health/Watch',
    (x: Buffer) => x,
    (b: Buffer) => (b.length >= 2 && b[0] === 0x08 ? names[b[1]!]! : 'UNKNOWN'),
    Buffer.alloc(0),
    new grpc.Metadata(),
    { deadline: Infinity },
  );
  call.on('data', (s: string) => statuses.push(s));
  call.on('error', () => {});
  return { statuses, close: () => (call.cancel(), client.close()) };
}


describe('batt run through separately started services', () => {
  const svcs: Service[] = [];
  let reference: string[];
  let referenceSummary: { solved: number; candidates: Record<string, number> };
  beforeAll(async () => {
    svcs.push(...(await Promise.all([serve('generation', ['--workers', '1']), serve('scoring', ['--workers', '2']), serve('validation', ['--workers', '1'])])));
    const store = tmp();
    const r = await batt(['run', '--tasks', TASKS, '--rounds', '2', '--seed', '3', '--store', store, '--in-process', '--json']);
    expect(r.code, r.stderr).toBe(0);
    reference = storeContents(store);
    referenceSummary = JSON.parse(r.stdout);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(svcs.map((s) => s.stop()));
  });
  const [gen, scoring, validation] = [0, 1, 2].map((k) => () => svcs[k]!);

  it('stores exactly what the in-process run stores, and each service did its part', async () => {
    const store = tmp();
    const r = await batt(['run', '--tasks', TASKS, '--rounds', '2', '--seed', '3', '--store', store, '--json', '--generation', gen().target, '--scoring', scoring().target, '--validation', validation().target]);
    expect(r.code, r.stderr).toBe(0);
    expect(storeContents(store)).toEqual(reference);
    const s = JSON.parse(r.stdout);
    expect(s.solved).toBe(referenceSummary.solved);
    expect(s.candidates).toEqual(referenceSummary.candidates);
    for (const [svc, method] of [[gen(), 'generate'], [scoring(), 'score'], [validation(), 'validate']] as const) {
      const m = await metrics(svc);
      expect(metric(m, 'batt_requests_total', `method="${method}"`, 'code="OK"'), svc.name).toBeGreaterThanOrEqual(6);
      expect(metric(m, 'batt_items_total', `method="${method}"`), svc.name).toBeGreaterThan(0);
      expect(metric(m, 'batt_pool_threads')).toBeGreaterThan(0);
    }
  }, 60_000);

  it("the README's client example works as written", async () => {
    const { ScoringServiceClient } = await import('@batt/proto');
    const client = new ScoringServiceClient(scoring().target, grpc.credentials.createInsecure());
    const res = await new Promise<ScoreResponse>((resolve, reject) =>
      client.score(
        { task: taskMessage(task('3c9b0459')), program: 'def f(I):\n    O = rot180(I)\n    return O\n', maxCandidates: 0, nodeFuel: 0, inputFuel: 0, blockArgCost: 0 },
        new grpc.Metadata(),
        { deadline: Date.now() + 5_000 },
        (err, r) => (err ? reject(err) : resolve(r)),
      ),
    );
    client.close();
    expect(res.candidates[0]).toMatchObject({ score: 1, text: 'def solve_3c9b0459(I):\n    O = rot180(I)\n    return O\n' });
  });

  it('a bad request is INVALID_ARGUMENT, with the reason, and is not retried', async () => {
    const req = ScoreRequest.fromPartial({ task: taskMessage(task('3c9b0459')), program: 'def f(I):\n    O = nosuch(I)\n    return O\n' });
    const r = await rawScore(scoring().target, req);
    expect(r.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(r.details).toMatch(/nosuch/);
    const noTask = await rawScore(scoring().target, ScoreRequest.fromPartial({ program: 'def f(I):\n    O = I\n    return O\n' }));
    expect(noTask).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/task is required/) });
    const ok = taskMessage(task('3c9b0459'));
    const prog = 'def f(I):\n    O = I\n    return O\n';
    for (const [bad, why] of [
      [{ ...ok, cells: ok.cells.subarray(0, 5) }, /grid|cells|bytes/i],
      [{ ...ok, cells: Buffer.from(ok.cells.map((c, i) => (i === 3 ? 12 : c))) }, /colou?r/i],
      [{ ...ok, shapes: [31, 31, ...ok.shapes.slice(2)] }, /30|size|large|grid/i],
      [{ ...ok, train: 7 }, /grids|counts|pairs/i],
    ] as const) {
      const r = await rawScore(scoring().target, ScoreRequest.fromPartial({ task: bad, program: prog }));
      expect(r.code, r.details).toBe(grpc.status.INVALID_ARGUMENT);
      expect(r.details).toMatch(why);
    }
    // Not a protobuf at all.
    const client = new grpc.Client(scoring().target, grpc.credentials.createInsecure());
    const junk = await new Promise<grpc.ServiceError | null>((resolve) =>
      client.makeUnaryRequest(scoreMethod.path, (b: Buffer) => b, (b: Buffer) => b, Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01]), (e) => resolve(e)),
    );
    client.close();
    expect(junk).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/malformed request/) });
  });
});

describe('backpressure, deadlines, dying workers', () => {
  it('a full queue answers RESOURCE_EXHAUSTED at once; the retrying client gets every answer', async () => {
    const s = await serve('scoring', ['--workers', '1', '--queue', '1']);
    try {
      const req = ScoreRequest.fromPartial({ task: taskMessage(task('3631a71a')), program: slowProgram(600) });
      // Replies in the order they arrive: an ordering, not a timing threshold.
      const arrived: grpc.status[] = [];
      const burst = await Promise.all(Array.from({ length: 6 }, () => rawScore(s.target, req).then((r) => (arrived.push(r.code), r))));
      const refused = burst.filter((r) => r.code === grpc.status.RESOURCE_EXHAUSTED);
      const ok = burst.filter((r) => r.code === grpc.status.OK);
      expect(refused.length).toBeGreaterThan(0);
      expect(ok.length).toBeGreaterThanOrEqual(2); // one running, one queued
      expect(refused[0]!.details).toMatch(/queue is full/);
      // Refusals come back at once: every one of them before the first answer a worker gave.
      expect(arrived.slice(0, refused.length)).toEqual(Array(refused.length).fill(grpc.status.RESOURCE_EXHAUSTED));

      const client = new BalancedClient('scoring', [s.target]);
      const replies = await Promise.all(Array.from({ length: 6 }, () => client.call(scoreMethod, req, Date.now() + 60_000)));
      client.close();
      expect(replies.map((r) => r.steps)).toEqual(Array(6).fill(601));
      expect(client.stats.backpressure).toBeGreaterThan(0);
      const m = await metrics(s);
      expect(metric(m, 'batt_requests_total', 'code="RESOURCE_EXHAUSTED"')).toBeGreaterThan(refused.length - 1);
      expect(metric(m, 'batt_requests_total', 'code="OK"')).toBe(ok.length + 6);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  }, 60_000);

  it('a deadline stops the work inside the worker: DEADLINE_EXCEEDED, and the worker is free at once', async () => {
    // No timing threshold: the same slow program runs in full on a reference service, started
    // first; the call after the deadline must be answered before that reference finishes, which
    // it cannot be if the worker went on with the stopped program (it would finish after it).
    // The deadline is a second, the program several: a new client connects for each call, and
    // with 100 ms a loaded machine (a cold build beside the tests) sometimes spent the deadline
    // before the call reached the service, which then never counted it.
    const [s, ref] = await Promise.all([serve('scoring', ['--workers', '1']), serve('scoring', ['--workers', '1'])]);
    try {
      const t = taskMessage(task('3631a71a')); // 30x30 grids
      const slow = ScoreRequest.fromPartial({ task: t, program: slowProgram(40_000) });
      const fast = ScoreRequest.fromPartial({ task: t, program: 'def f(I):\n    O = vmirror(I)\n    return O\n' });
      // Warm both up (worker loaded, first call served), so the deadline is spent in the worker.
      expect((await Promise.all([rawScore(s.target, fast), rawScore(ref.target, fast)])).map((x) => x.code)).toEqual([grpc.status.OK, grpc.status.OK]);
      const arrived: string[] = [];
      const track = <T>(name: string, p: Promise<T>) => p.then((x) => (arrived.push(name), x));
      const reference = track('reference', rawScore(ref.target, slow));
      const r = await track('deadline', rawScore(s.target, slow, 1000));
      expect(r.code).toBe(grpc.status.DEADLINE_EXCEEDED);
      const next = await track('next', rawScore(s.target, fast));
      expect(next.code).toBe(grpc.status.OK);
      expect((await reference).code).toBe(grpc.status.OK);
      expect(arrived).toEqual(['deadline', 'next', 'reference']);
      await until(async () => metric(await metrics(s), 'batt_requests_total', 'code="DEADLINE_EXCEEDED"') === 1);
    } finally {
      await Promise.all([s.stop(), ref.stop()]);
    }
  }, 60_000);

  it('a call without a deadline still gets one (--max-call-s): no runaway keeps a worker', async () => {
    const s = await serve('scoring', ['--workers', '1', '--max-call-s', '0.05']);
    try {
      const slow = ScoreRequest.fromPartial({ task: taskMessage(task('3631a71a')), program: slowProgram(1900) });
      const r = await rawScore(s.target, slow, 1e9); // effectively no deadline from the caller
      expect(r.code).toBe(grpc.status.DEADLINE_EXCEEDED); // only the service's own cap can say so
    } finally {
      await s.stop();
    }
  }, 30_000);

  it('a worker that dies fails only its task, which is retried on a new worker; the run loses nothing', async () => {
    const fault = join(tmp(), 'die-once');
    writeFileSync(fault, '');
    const v = await serve('validation', ['--workers', '1'], { BATT_FAULT_EXIT_FILE: fault });
    try {
      const a = tmp();
      const b = tmp();
      const r = await batt(['run', '--tasks', TASKS, '--rounds', '1', '--store', a, '--json', '--validation', v.target]);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(fault)).toBe(false); // the fault fired
      expect(await batt(['run', '--tasks', TASKS, '--rounds', '1', '--store', b, '--json', '--in-process'])).toMatchObject({ code: 0 });
      expect(storeContents(a)).toEqual(storeContents(b));
      const m = await metrics(v);
      expect(metric(m, 'batt_worker_failures_total')).toBe(1);
      expect(metric(m, 'batt_requests_total', 'code="INTERNAL"')).toBe(0);
      expect(metric(m, 'batt_pool_threads')).toBe(1); // replaced
      expect(v.logs.some((l) => l.msg === 'worker died; its task is retried once on a new worker')).toBe(true);
    } finally {
      await v.stop();
    }
  }, 60_000);

  it('an oversized message is refused cleanly and the service goes on serving', async () => {
    const s = await serve('scoring', ['--max-message-mb', '1']);
    try {
      const t = taskMessage(task('3c9b0459'));
      const big = ScoreRequest.fromPartial({ task: t, program: slowProgram(60_000) }); // ~2 MB
      const r = await rawScore(s.target, big, 30_000, 64);
      expect(r.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(r.details).toMatch(/larger than max/i);
      // The retrying client does not retry what can never fit.
      const client = new BalancedClient('scoring', [s.target], 1024 * 1024);
      await expect(client.call(scoreMethod, big, Date.now() + 30_000)).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
      expect(client.stats.retries).toBe(0);
      client.close();
      const ok = await rawScore(s.target, ScoreRequest.fromPartial({ task: t, program: 'def f(I):\n    O = rot180(I)\n    return O\n' }));
      expect(ok.code).toBe(grpc.status.OK);
      expect(ok.reply!.candidates[0]!.score).toBe(1);
    } finally {
      await s.stop();
    }
  }, 60_000);
});

describe('the orchestrator service', () => {
  it('runs (streaming progress), lists and fetches solvers, writes a submission, refuses bad or concurrent runs', async () => {
    const stages = await Promise.all([serve('generation'), serve('scoring'), serve('validation')]);
    const store = tmp();
    const o = await serve('orchestrator', ['--store', store, '--generation', stages[0].target, '--scoring', stages[1].target, '--validation', stages[2].target]);
    const client = new OrchestratorServiceClient(o.target, grpc.credentials.createInsecure());
    const unary = <T>(f: (cb: (e: grpc.ServiceError | null, r: T) => void) => void) => new Promise<T>((resolve, reject) => f((e, r) => (e ? reject(e) : resolve(r))));
    try {
      const events: RunEvent[] = [];
      const six = ['3c9b0459', '68b16354', 'a85d4709', '25ff71a9', '0d3d703e', 'a416b8f3'];
      const call = client.run(RunRequest.fromPartial({ taskIds: six, rounds: 1, concurrency: 2 }));
      // A second run on the same orchestrator while this one goes on is refused, not queued, and
      // its caller going away does not stop the first.
      const second = await new Promise<grpc.ServiceError>((resolve) => {
        const c2 = client.run(RunRequest.fromPartial({ taskIds: ['3c9b0459'], rounds: 1 }));
        c2.on('data', () => {});
        c2.on('error', (e) => {
          c2.cancel();
          resolve(e);
        });
        c2.on('end', () => resolve({ code: grpc.status.OK } as grpc.ServiceError));
      });
      await new Promise<void>((resolve, reject) => {
        call.on('data', (e: RunEvent) => events.push(e));
        call.on('end', resolve);
        call.on('error', reject);
      });
      expect(second.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(events[0]!.note).toMatch(/imported 61 bundled seed solvers/);
      expect(events.filter((e) => e.task).map((e) => e.task!.done)).toEqual([1, 2, 3, 4, 5, 6]);
      const summary = events.at(-1)!.summary!;
      expect(summary).toMatchObject({ tasks: 6, searched: 6, interrupted: false });

      const list = await unary<{ solvers: { taskId: string; hash: string; text: string; score: number }[] }>((cb) => client.listSolvers({ taskId: '3c9b0459', solvedOnly: true }, cb));
      expect(list.solvers.length).toBeGreaterThan(0);
      expect(list.solvers.every((x) => x.taskId === '3c9b0459' && x.score === 1 && x.text.startsWith('def solve_3c9b0459(I):'))).toBe(true);
      const one = await unary<{ hash: string; text: string }>((cb) => client.getSolver({ hash: list.solvers[0]!.hash }, cb));
      expect(one.text).toBe(list.solvers[0]!.text);
      await expect(unary((cb) => client.getSolver({ hash: '0'.repeat(32) }, cb))).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
      await expect(unary((cb) => client.getSolver({ hash: 'nope' }, cb))).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });

      const sub = await unary<{ json: string; tasks: number; predicted: number; testInputs: number }>((cb) => client.submission({ taskIds: ['3c9b0459', '68b16354'] }, cb));
      expect(sub).toMatchObject({ tasks: 2, testInputs: 2 });
      const answers = JSON.parse(sub.json);
      const expected = JSON.parse(readFileSync(join(training, '3c9b0459.json'), 'utf8')).test[0].output;
      expect(answers['3c9b0459'][0].attempt_1).toEqual(expected);

      const bad = await new Promise<grpc.ServiceError>((resolve) => {
        const c3 = client.run(RunRequest.fromPartial({ taskIds: ['00000000'] }));
        c3.on('data', () => {});
        c3.on('error', resolve);
      });
      expect(bad).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/no such task\(s\).*00000000/) });

      // The CLI hands a whole run to a remote orchestrator and prints the same summary.
      const r = await batt(['run', '--orchestrator', o.target, '--tasks', '68b16354', '--rounds', '1', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ store: join(store, 'batt.sqlite'), tasks: 1, searched: 1, solved: 1 });
      expect(await batt(['run', '--orchestrator', o.target, '--tasks', 'nope'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no such task/) });
    } finally {
      client.close();
      await o.stop();
      await Promise.all(stages.map((x) => x.stop()));
    }
  }, 90_000);
});

describe('health and graceful shutdown', () => {
  it('health is NOT_SERVING until the workers are loaded, SERVING, then NOT_SERVING while draining', async () => {
    const s = await serve('validation', [], { BATT_TEST_READY_DELAY_MS: '3000' }, false);
    const w = healthWatch(s.target);
    await until(() => w.statuses.includes('SERVING'));
    expect(w.statuses[0]).toBe('NOT_SERVING');
    s.child.kill('SIGTERM');
    await until(() => w.statuses.at(-1) === 'NOT_SERVING');
    w.close(); // a Watch stream is a call in flight: the drain would wait for it
    expect(await s.exited).toBe(0);
  }, 30_000);

  it('SIGTERM to the orchestrator mid-run: tasks in flight finish, the summary says interrupted, the store is sound', async () => {
    const stages = await Promise.all([serve('generation'), serve('scoring'), serve('validation')]);
    const store = tmp();
    const o = await serve('orchestrator', ['--store', store, '--generation', stages[0].target, '--scoring', stages[1].target, '--validation', stages[2].target, '--concurrency', '2', '--drain-s', '20']);
    try {
      const client = new OrchestratorServiceClient(o.target, grpc.credentials.createInsecure());
      const events: RunEvent[] = [];
      const call = client.run(RunRequest.fromPartial({ limit: 60, budgetS: 0.2 }));
      const ended = new Promise<void>((resolve, reject) => {
        call.on('data', (e: RunEvent) => {
          events.push(e);
          if (e.task && e.task.done === 3) o.child.kill('SIGTERM');
        });
        call.on('end', () => resolve());
        call.on('error', reject);
      });
      await ended;
      client.close();
      expect(await o.exited).toBe(0);
      const summary = events.at(-1)!.summary!;
      expect(summary.interrupted).toBe(true);
      expect(summary.searched).toBeGreaterThanOrEqual(3);
      expect(summary.searched).toBeLessThan(60);
      expect(events.filter((e) => e.task).length).toBe(summary.searched);
      const { Store } = await import('@batt/store');
      const st = new Store(store);
      expect(st.integrityOk()).toBe(true);
      expect(st.runs().at(-1)).toMatchObject({ status: 'interrupted', finishedAt: expect.any(String) });
      st.close();
      // The next run picks the store up.
      const r = await batt(['run', '--tasks', '3c9b0459', '--rounds', '1', '--store', store, '--json', '--in-process']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/imported/);
    } finally {
      await o.stop();
      await Promise.all(stages.map((s) => s.stop()));
    }
  }, 90_000);
});
