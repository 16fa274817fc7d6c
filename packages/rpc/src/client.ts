// Calls a service by one or more targets: each call to the target with the fewest calls in flight
// (and, for `dns:///` targets, to the address with the fewest, balance.ts), retrying RESOURCE_EXHAUSTED with backoff and
// UNAVAILABLE (and calls cut with their connection) on the next target, never past the caller's
// deadline. Every batt stage call is a pure function of its request, so retrying one is safe.
import * as grpc from '@grpc/grpc-js';

import { leastLoaded } from './balance.js';
import { clientOptions } from './channel.js';
import { clientSecurity, type Security } from './security.js';

export interface UnaryMethod<Req, Res> {
  path: string;
  requestSerialize: (r: Req) => Buffer;
  responseDeserialize: (b: Buffer) => Res;
}

export interface CallStats {
  retries: number;
  /** Calls answered RESOURCE_EXHAUSTED (backpressure), before a retry. */
  backpressure: number;
  unavailable: number;
}

/** A gRPC error status with a readable message. */
export class CallError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A call that ended with its connection rather than with an answer: refused or dropped
 * (UNAVAILABLE), or reset without a status (a GOAWAY racing the call's start). batt's clients
 * never cancel a unary call, so CANCELLED is the transport's doing too.
 */
export function connectionCut(e: { code: grpc.status; details?: string }): boolean {
  return e.code === grpc.status.UNAVAILABLE || e.code === grpc.status.CANCELLED || (e.code === grpc.status.INTERNAL && /RST_STREAM/.test(e.details ?? ''));
}

export class BalancedClient {
  private clients: grpc.Client[];
  private inFlight: number[];
  private next = 0;
  readonly stats: CallStats = { retries: 0, backpressure: 0, unavailable: 0 };

  constructor(
    readonly service: string,
    readonly targets: string[],
    maxMessageBytes?: number,
    security?: Security,
  ) {
    if (targets.length === 0) throw new Error(`no targets for ${service}`);
    const { credentials, interceptors } = clientSecurity(security);
    this.clients = targets.map((t) => new grpc.Client(t, credentials, { ...clientOptions(maxMessageBytes), interceptors }));
    this.inFlight = targets.map(() => 0);
  }

  /** Calls `method`; `deadline` is epoch milliseconds (passed downstream as the gRPC deadline). */
  async call<Req, Res>(method: UnaryMethod<Req, Res>, req: Req, deadline: number): Promise<Res> {
    const bytes = method.requestSerialize(req); // once, whatever the retries
    let backoff = 10;
    for (let attempt = 0; ; attempt++) {
      const i = this.pick(attempt);
      this.inFlight[i]!++;
      try {
        return await new Promise<Res>((resolve, reject) => {
          this.clients[i]!.makeUnaryRequest(method.path, (b: Buffer) => b, method.responseDeserialize, bytes, new grpc.Metadata(), { deadline }, (e, r) => {
            this.inFlight[i]!--;
            if (e) reject(e);
            else resolve(r as Res);
          });
        });
      } catch (e) {
        const err = e as grpc.ServiceError;
        // An oversized message is refused with RESOURCE_EXHAUSTED too, but no retry will fit it.
        const tooBig = /message (with a size )?larger than/i.test(err.details ?? '');
        const cut = connectionCut(err);
        const retryable = !tooBig && (err.code === grpc.status.RESOURCE_EXHAUSTED || cut);
        const left = deadline - Date.now();
        if (!retryable) throw new CallError(err.code, `${this.service}: ${err.details || err.message}`);
        if (left <= 0) {
          // Throttled until the deadline: the work was not done in time (a timeout). Unreachable
          // until the deadline: an error, and it says where.
          if (err.code === grpc.status.RESOURCE_EXHAUSTED) throw new CallError(grpc.status.DEADLINE_EXCEEDED, `${this.service}: still throttled at the deadline (${err.details})`);
          throw new CallError(grpc.status.UNAVAILABLE, `${this.service} unreachable at ${this.targets.join(', ')}: ${err.details || err.message}`);
        }
        this.stats.retries++;
        if (cut) this.stats.unavailable++;
        else this.stats.backpressure++;
        // Back off (with jitter) when every target has been tried once in this round.
        if (err.code === grpc.status.RESOURCE_EXHAUSTED || (attempt + 1) % this.clients.length === 0) {
          await sleep(Math.min(left, backoff * (0.5 + Math.random())));
          backoff = Math.min(1000, backoff * 2);
        }
      }
    }
  }

  /**
   * The target for a call's `attempt`: the one with the fewest calls in flight, ties and retries
   * taking turns; a target whose connection is failing counts as fully loaded (it answers at once,
   * so it would always look idle). A retry after a cut connection takes the next target in turn.
   */
  private pick(attempt: number): number {
    const from = this.next++ % this.clients.length;
    if (attempt > 0) return from;
    const failing = grpc.connectivityState.TRANSIENT_FAILURE;
    return leastLoaded(
      this.clients.map((c, k) => (c.getChannel().getConnectivityState(false) === failing ? Infinity : this.inFlight[k]!)),
      from,
    );
  }

  /** Waits until every target's channel is connected (or the deadline passes). */
  async waitReady(deadline: number): Promise<void> {
    await Promise.all(this.clients.map((c) => new Promise<void>((resolve, reject) => c.waitForReady(deadline, (e) => (e ? reject(e) : resolve())))));
  }

  close(): void {
    for (const c of this.clients) c.close();
  }
}
