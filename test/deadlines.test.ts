// Issue #11 through the scoring service: a hostile long program cannot keep a worker past
// its deadline, and a request's deadline counts from when it was sent (time queued included).
// Assertions are on status codes and on the order of events, never on wall-clock bounds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseTask } from '@batt/arc-data';
import { MAX_STEPS } from '@batt/native';
import { ScoreRequest, ScoringServiceService } from '@batt/proto';
import { clientOptions, taskMessage } from '@batt/rpc';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { metric, metrics, serve, type Service, training } from './helpers/services.js';

const scoreMethod = ScoringServiceService.score;
const task = (id: string) => taskMessage(parseTask(id, JSON.parse(readFileSync(join(training, `${id}.json`), 'utf8'))));

/** `def batt(I)` with `n` steps `xk = rot90(xk-1)`: the reproduction. */
function chain(n: number): string {
  const lines = ['def batt(I):', '    x1 = rot90(I)'];
  for (let k = 2; k <= n; k++) lines.push(`    x${k} = rot90(x${k - 1})`);
  lines.push(`    O = x${n}`, '    return O', '');
  return lines.join('\n');
}

const TRIVIAL = 'def f(I):\n    O = vmirror(I)\n    return O\n';

const until = async (cond: () => Promise<boolean>) => {
  const end = Date.now() + 20_000;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Fuel enough that no step of a long program stops for fuel: its work is bounded only by
 * its deadline (at the default 50M per input a long program would stop early, and quickly). */
const UNBOUNDED = 1e12;

/** One raw unary call (no retry); `events` gets `<name>:<status name>` when it is answered. */
function call(target: string, name: string, program: string, deadlineMs: number, events: string[], inputFuel = 0): Promise<{ code: grpc.status; details: string }> {
  const client = new grpc.Client(target, grpc.credentials.createInsecure(), clientOptions());
  const req = ScoreRequest.fromPartial({ task: task('3631a71a'), program, inputFuel });
  return new Promise((resolve) => {
    client.makeUnaryRequest(scoreMethod.path, scoreMethod.requestSerialize, scoreMethod.responseDeserialize, req, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (e) => {
      client.close();
      const code = e ? e.code : grpc.status.OK;
      events.push(`${name}:${grpc.status[code]}`);
      resolve({ code, details: e?.details ?? '' });
    });
  });
}

describe('long programs and deadlines through the scoring service', () => {
  let s: Service;
  beforeAll(async () => {
    s = await serve('scoring', ['--workers', '1']);
  }, 30_000);
  afterAll(async () => {
    expect(await s.stop()).toBe(0);
  });

  it('a 1M-step chain is refused where it is decoded, and the one worker answers the next call', async () => {
    const events: string[] = [];
    const big = await call(s.target, 'big', chain(1_000_000), 1_000, events);
    expect(big.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(big.details).toMatch(/source has 1000004 lines; at most \d+/);
    // Had the worker gone on with `big`, this 1 s call would expire queued behind it.
    const next = await call(s.target, 'next', TRIVIAL, 1_000, events);
    expect(next.code).toBe(grpc.status.OK);
    expect(events).toEqual(['big:INVALID_ARGUMENT', 'next:OK']);
    const over = await call(s.target, 'over', chain(MAX_STEPS + 1), 5_000, events);
    expect(over.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(over.details).toContain(`program batt has ${MAX_STEPS + 1} steps; at most ${MAX_STEPS}`);
  }, 60_000);

  it('a chain at the step cap stops at its deadline, and the worker answers the next call', async () => {
    const events: string[] = [];
    // 30x30 grids and no fuel cap: scoring all of it takes several seconds.
    const long = await call(s.target, 'long', chain(MAX_STEPS), 1_000, events, UNBOUNDED);
    expect(long.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    const next = await call(s.target, 'next', TRIVIAL, 1_000, events);
    expect(next.code).toBe(grpc.status.OK);
    expect(events).toEqual(['long:DEADLINE_EXCEEDED', 'next:OK']);
  }, 60_000);

  it('a call whose deadline passes while it is queued is answered DEADLINE_EXCEEDED and never runs', async () => {
    const before = await metrics(s);
    const count = (m: Map<string, number>, code: string) => metric(m, 'batt_requests_total', `code="${code}"`);
    const events: string[] = [];
    // `busy` holds the one worker for its whole 2 s: every step a full `objects` pass and no fuel
    // cap, so only the deadline bounds it (20k steps at the default fuel scored whole in 1.6 s
    // CPU, under the deadline; 200k unbounded steps are tens of seconds); `queued` is sent once
    // `busy` is in flight, with a shorter deadline. That deadline is absolute, so the worker
    // finds it passed and never runs it: the service itself answers DEADLINE_EXCEEDED (a budget
    // restarted when the worker took it would have run it and counted an OK).
    const lines = ['def busy(I):', ...Array.from({ length: 200_000 }, (_, k) => `    x${k + 1} = objects(I, T, T, F)`), '    O = vmirror(I)', '    return O', ''];
    const busy = call(s.target, 'busy', lines.join('\n'), 2_000, events, UNBOUNDED);
    await until(async () => metric(await metrics(s), 'batt_in_flight') === 1);
    const queued = call(s.target, 'queued', TRIVIAL, 300, events);
    expect((await queued).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect((await busy).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    const next = await call(s.target, 'next', TRIVIAL, 1_000, events);
    expect(next.code).toBe(grpc.status.OK);
    expect(events).toEqual(['queued:DEADLINE_EXCEEDED', 'busy:DEADLINE_EXCEEDED', 'next:OK']);
    // `next` ran after `queued` left the queue (one worker, in order): both are counted.
    const after = await metrics(s);
    expect(count(after, 'DEADLINE_EXCEEDED') - count(before, 'DEADLINE_EXCEEDED')).toBe(2);
    expect(count(after, 'OK') - count(before, 'OK')).toBe(1);
  }, 60_000);
});
