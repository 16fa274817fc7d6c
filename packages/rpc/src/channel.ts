// Channel settings that servers and clients must agree on, in one place.
import type { ChannelOptions } from '@grpc/grpc-js';

import { LEAST_OUTSTANDING, registerLeastOutstanding } from './balance.js';
import { numberSetting } from './config.js';

/** Largest message either side sends or accepts (a 400-task Run summary or a 30k-step batt fit). */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

// Clients ping every 30 s when idle; servers accept pings down to every 10 s, so a client never
// gets GOAWAY/too_many_pings, and a dead peer is noticed within 30 + 10 s.
export const DEFAULT_KEEPALIVE_S = 30;
/** Env override of the keepalive interval (set it alike everywhere; tests use 1-2 s). */
export const KEEPALIVE_ENV = 'BATT_KEEPALIVE_S';
export const KEEPALIVE_TIMEOUT_MS = 10_000;
export const SERVER_MIN_PING_INTERVAL_MS = 10_000;
export const FLOW_CONTROL_WINDOW = 8 * 1024 * 1024;
/** Default age after which a stage service's server asks a connection to go (GOAWAY). Never the
 * orchestrator's: grpc-js (1.14, grpc/grpc-node#3068) drops a connection that got a GOAWAY at its
 * next keepalive ping, calls in flight included; that cut every `batt run` Run stream 5 minutes
 * in ("Connection dropped", then the store closed under the still-running orchestrator). */
export const DEFAULT_MAX_CONNECTION_AGE_S = 5 * 60;
/** Env override of that age (tests use a few seconds to recycle connections mid-run). */
export const MAX_CONNECTION_AGE_ENV = 'BATT_MAX_CONNECTION_AGE_S';
/** Shortest interval between two DNS resolutions of a `dns:///` target (grpc-js default: 30 s). */
export const DNS_MIN_RERESOLVE_MS = 2_000;
// After the GOAWAY, calls already on the connection get this much longer than the longest call
// a service may run (--max-call-s) before the server closes it.
const GRACE_MARGIN_MS = 10_000;

/** The keepalive interval in ms (BATT_KEEPALIVE_S, else 30 s). */
export function keepaliveMs(): number {
  return numberSetting(undefined, KEEPALIVE_ENV, DEFAULT_KEEPALIVE_S, 'keepaliveS') * 1000;
}

/** Limits and keepalive, the same on both sides. */
function both(maxMessageBytes: number): ChannelOptions {
  return {
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.keepalive_time_ms': keepaliveMs(),
    'grpc.keepalive_timeout_ms': KEEPALIVE_TIMEOUT_MS,
    'grpc.keepalive_permit_without_calls': 1,
  };
}

export interface ServerChannelSettings {
  maxMessageBytes?: number;
  /**
   * Recycle connections after `maxAgeMs` (GOAWAY: new calls go to a new connection), closing
   * them `longestCallMs` (+ a margin) later at most. A call still in flight at the client's next
   * keepalive ping after the GOAWAY is cut anyway (grpc-node#3068): the retrying client retries
   * it. Undefined: never recycle.
   */
  recycle?: { maxAgeMs: number; longestCallMs: number };
}

export function serverOptions(s: ServerChannelSettings = {}): ChannelOptions {
  const out: ChannelOptions = {
    ...both(s.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES),
    'grpc.http2.min_ping_interval_without_data_ms': Math.min(SERVER_MIN_PING_INTERVAL_MS, keepaliveMs()),
  };
  if (s.recycle) {
    // Stage services' connections are recycled every few minutes so clients re-resolve
    // `dns:///` targets and replicas added by a scale-up start getting calls.
    out['grpc.max_connection_age_ms'] = s.recycle.maxAgeMs;
    out['grpc.max_connection_age_grace_ms'] = s.recycle.longestCallMs + GRACE_MARGIN_MS;
  }
  return out;
}

export function clientOptions(maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES): ChannelOptions {
  registerLeastOutstanding();
  return {
    ...both(maxMessageBytes),
    // A batt (a few hundred KB of program text) arrives in one window instead of waiting for
    // WINDOW_UPDATEs every 64 KB.
    'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
    // A `dns:///` target resolves to every replica; calls go to the one with the fewest calls in
    // flight (balance.ts; the default, pick_first, would pin one).
    'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ [LEAST_OUTSTANDING]: {} }] }),
    // When every resolved address fails (a rolling update replaced all of a stage's pods), grpc-js
    // re-resolves the name, but by default at most every 30 s: on a live cluster (the cluster
    // test), the orchestrator could not reach scoring for that long after a rollout ("Failed to
    // connect before the deadline"). Resolving is one DNS query.
    'grpc.dns_min_time_between_resolutions_ms': DNS_MIN_RERESOLVE_MS,
    // batt retries itself (see client.ts), with backoff and across targets.
    'grpc.enable_retries': 0,
  };
}
