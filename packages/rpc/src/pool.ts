// A service's own worker pool (piscina), with admission control: a full queue is refused at
// once (the caller backs off and retries) instead of waiting without bound. A worker thread
// that dies fails only its task, which is retried once on the replacement piscina starts.
import { Piscina } from 'piscina';

/** What a worker returns: the encoded reply, or a gRPC status code and message. */
export interface WorkerReply {
  ok?: Uint8Array;
  code?: number;
  message?: string;
  /** Work items done (for the items/s metric). */
  items?: number;
}

export interface WorkerTask {
  bytes: Uint8Array;
  /** The caller's deadline as epoch ms (`Date.now()`'s clock; undefined: none). Absolute, so
   * the time a request waits in the queue counts against it. */
  deadlineAtMs?: number;
}

/**
 * A worker's reply as one transferable buffer: byte 0 the gRPC status code, bytes 1-4 the work
 * items (u32 LE), then the encoded reply (status 0) or the error message (UTF-8).
 */
export function frame(code: number, items: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + payload.length);
  out[0] = code;
  new DataView(out.buffer).setUint32(1, items >>> 0, true);
  out.set(payload, 5);
  return out;
}

export function unframe(f: Uint8Array): WorkerReply {
  const code = f[0]!;
  const items = new DataView(f.buffer, f.byteOffset, f.byteLength).getUint32(1, true);
  const payload = f.subarray(5);
  return code === 0 ? { ok: payload, items } : { code, message: new TextDecoder().decode(payload), items };
}

export interface PoolOptions {
  /** The worker module (URL or path); it exports one function per method, and `ping`. */
  filename: string;
  workers: number;
  /** Most requests waiting for a thread. */
  queue: number;
}

export class WorkerPool {
  readonly piscina: Piscina<WorkerTask, Uint8Array>;
  readonly workers: number;
  readonly queue: number;
  private closing = false;

  constructor(opts: PoolOptions) {
    this.workers = opts.workers;
    this.queue = opts.queue;
    this.piscina = new Piscina({
      filename: opts.filename,
      minThreads: opts.workers,
      maxThreads: opts.workers,
      // Admission is checked before run(); piscina's own limit is a backstop.
      maxQueue: Math.max(1, opts.queue) + opts.workers,
      idleTimeout: 60_000,
      // Each worker runs one native call at a time; more would only share its core.
      concurrentTasksPerWorker: 1,
      // Workers wait for tasks without blocking their event loop ('sync' would block it in
      // Atomics.wait): N-API finalizers, which free the native buffers of the replies, run on
      // that loop, and a blocked one leaked ~45 KB a call.
      atomics: 'async',
    });
  }

  /** Resolves once every thread has loaded the native addon. */
  async ready(): Promise<void> {
    await Promise.all(Array.from({ length: this.workers }, () => this.piscina.run({ bytes: new Uint8Array(0) }, { name: 'ping' })));
  }

  /** Whether a request may be queued now (false: answer RESOURCE_EXHAUSTED). */
  admit(): boolean {
    return this.piscina.queueSize < this.queue;
  }

  get queueSize(): number {
    return this.piscina.queueSize;
  }

  /** Runs `method` on a worker; a dead worker's task is retried once, then reported. */
  async run(method: string, task: WorkerTask, onFailure?: (e: Error, attempt: number) => void): Promise<WorkerReply> {
    for (let attempt = 1; ; attempt++) {
      try {
        // A tight copy (the request may be a view into a larger pooled buffer), moved to the
        // worker rather than cloned; the reply comes back moved too (see worker.ts).
        const bytes = new Uint8Array(task.bytes);
        const frame = await this.piscina.run({ bytes, deadlineAtMs: task.deadlineAtMs }, { name: method, transferList: [bytes.buffer] });
        return unframe(frame);
      } catch (e) {
        // Workers answer every error of their own as a reply; a rejection means the thread died,
        // or that close() ended it: then there is nothing to retry on.
        if (this.closing) return { code: 14, message: 'the service is shutting down; retry on another replica' };
        onFailure?.(e as Error, attempt);
        if (attempt >= 2) return { code: 13, message: `worker failed twice: ${(e as Error).message}` };
      }
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.piscina.destroy();
  }
}
