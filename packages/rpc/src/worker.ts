// The worker side of a service: decode the request bytes, call the stage, encode the reply.
// Every failure becomes a status in the reply, so a rejected task always means a dead thread.
import { existsSync, unlinkSync } from 'node:fs';

import { DeadlineExpired, InvalidRequest } from './convert.js';
import type { WorkerReply, WorkerTask } from './pool.js';

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

export function workerMethod<Req, Res>(req: Codec<Req>, res: Codec<Res>, stage: (r: Req, deadlineMs?: number) => StageResult<Res>): (t: WorkerTask) => WorkerReply {
  return (t) => {
    faultInjection();
    let msg: Req;
    try {
      msg = req.decode(t.bytes);
    } catch (e) {
      return { code: INVALID_ARGUMENT, message: `malformed request: ${(e as Error).message}` };
    }
    if (t.deadlineMs !== undefined && t.deadlineMs <= 0) return { code: DEADLINE_EXCEEDED, message: 'deadline passed while queued' };
    try {
      const r = stage(msg, t.deadlineMs);
      return { ok: res.encode(r.reply).finish(), items: r.items };
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err instanceof DeadlineExpired) return { code: DEADLINE_EXCEEDED, message: err.message };
      if (err instanceof InvalidRequest || err.code === 'InvalidArg') return { code: INVALID_ARGUMENT, message: err.message };
      return { code: INTERNAL, message: err.message };
    }
  };
}

/** A worker's `ping`: answers once the module (and so the native addon) is loaded. */
export function ping(): WorkerReply {
  return {};
}
