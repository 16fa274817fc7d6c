// Channel settings that servers and clients must agree on, in one place.
import type { ChannelOptions } from '@grpc/grpc-js';

/** Largest message either side sends or accepts (a 400-task Run summary or a 30k-step batt fit). */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

// Clients ping every 30 s when idle; servers accept pings down to every 10 s, so a client never
// gets GOAWAY/too_many_pings, and a dead peer is noticed within 30 + 10 s.
export const KEEPALIVE_TIME_MS = 30_000;
export const KEEPALIVE_TIMEOUT_MS = 10_000;
export const SERVER_MIN_PING_INTERVAL_MS = 10_000;
export const FLOW_CONTROL_WINDOW = 8 * 1024 * 1024;
/** Default age after which a stage service's server asks a connection to go (GOAWAY). */
export const DEFAULT_MAX_CONNECTION_AGE_S = 5 * 60;
/** Env override of that age (tests use a few seconds to recycle connections mid-run). */
export const MAX_CONNECTION_AGE_ENV = 'BATT_MAX_CONNECTION_AGE_S';
// After the GOAWAY, calls already on the connection get this much longer than the longest call
// a service may run (--max-call-s), so recycling never cuts one; new calls go to a new connection.
const GRACE_MARGIN_MS = 10_000;

/** Limits and keepalive, the same on both sides. */
function both(maxMessageBytes: number): ChannelOptions {
  return {
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.keepalive_time_ms': KEEPALIVE_TIME_MS,
    'grpc.keepalive_timeout_ms': KEEPALIVE_TIMEOUT_MS,
    'grpc.keepalive_permit_without_calls': 1,
  };
}

export interface ServerChannelSettings {
  maxMessageBytes?: number;
  /**
   * Recycle connections after `maxAgeMs` (GOAWAY: new calls go to a new connection), letting
   * calls in flight run for up to `longestCallMs` more; without `longestCallMs` they are never
   * cut (the orchestrator: its streaming Run lasts as long as the run, and a 2-minute grace used
   * to cut every run longer than ~7 minutes). Undefined: never recycle.
   */
  recycle?: { maxAgeMs: number; longestCallMs?: number };
}

export function serverOptions(s: ServerChannelSettings = {}): ChannelOptions {
  const out: ChannelOptions = {
    ...both(s.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES),
    'grpc.http2.min_ping_interval_without_data_ms': SERVER_MIN_PING_INTERVAL_MS,
  };
  if (s.recycle) {
    // Stage services' connections are recycled every few minutes so clients re-resolve
    // `dns:///` targets and replicas added by a scale-up start getting calls.
    out['grpc.max_connection_age_ms'] = s.recycle.maxAgeMs;
    // Left out, grpc-js's grace is unlimited (Infinity would become a 1 ms timer in Node).
    if (s.recycle.longestCallMs !== undefined) out['grpc.max_connection_age_grace_ms'] = s.recycle.longestCallMs + GRACE_MARGIN_MS;
  }
  return out;
}

export function clientOptions(maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES): ChannelOptions {
  return {
    ...both(maxMessageBytes),
    // A batt (a few hundred KB of program text) arrives in one window instead of waiting for
    // WINDOW_UPDATEs every 64 KB.
    'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
    // A `dns:///` target resolves to every replica; round_robin spreads calls over all of them
    // (the default, pick_first, would pin one).
    'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    // batt retries itself (see client.ts), with backoff and across targets.
    'grpc.enable_retries': 0,
  };
}
