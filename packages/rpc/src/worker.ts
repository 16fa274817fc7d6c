// The worker side of a service: decode the request bytes, call the stage, encode the reply.
// Every failure becomes a status in the reply, so a rejected task always means a dead thread.
import { existsSync, unlinkSync } from 'node:fs';

import { move } from 'piscina';

import { DeadlineExpired, InvalidRequest } from './convert.js';
import { frame, type WorkerTask } from './pool.js';

export interface Codec<T> {
  decode(bytes: Uint8Array): T;
  encode(msg: T): { finish(): Uint8Array };
}

/** The outcome of a stage call: the reply and how many work items it covered. */
export interface StageResult<Res> {
  reply: Res;
  items: number;
}

const INVALID_ARGUMENT = 3;
const DEADLINE_EXCEEDED = 4;
const INTERNAL = 13;

/** Test hook: if the file named by BATT_FAULT_EXIT_FILE exists, the next task removes it and
 * kills its worker thread (proves that a dead worker fails only its task, which is retried). */
function faultInjection(): void {
  const f = process.env.BATT_FAULT_EXIT_FILE;
  if (f && existsSync(f)) {
    try {
      unlinkSync(f);
    } catch {
      return; // another worker took it
    }
    process.exit(1);
  }
}

export function workerMethod<Req, Res>(req: Codec<Req>, res: Codec<Res>, stage: (r: Req, deadlineAtMs?: number) => StageResult<Res>): (t: WorkerTask) => unknown {
  const fail = (code: number, message: string) => move(frame(code, 0, new TextEncoder().encode(message)));
  return (t) => {
    faultInjection();
    let msg: Req;
    try {
      msg = req.decode(t.bytes);
    } catch (e) {
      return fail(INVALID_ARGUMENT, `malformed request: ${(e as Error).message}`);
    }
    if (t.deadlineAtMs !== undefined && t.deadlineAtMs <= Date.now()) return fail(DEADLINE_EXCEEDED, 'deadline passed while queued');
    try {
      const r = stage(msg, t.deadlineAtMs);
      return move(frame(0, r.items, res.encode(r.reply).finish()));
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err instanceof DeadlineExpired) return fail(DEADLINE_EXCEEDED, err.message);
      if (err instanceof InvalidRequest || err.code === 'InvalidArg') return fail(INVALID_ARGUMENT, err.message);
      return fail(INTERNAL, err.message);
    }
  };
}

/** A worker's `ping`: answers once the module (and so the native addon) is loaded. */
export function ping(): Uint8Array {
  return frame(0, 0, new Uint8Array(0));
}

export { DeadlineExpired, InvalidRequest, nativeTask, type NativeTask } from './convert.js';
