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
export const MAX_CONNECTION_AGE_MS = 5 * 60_000;
export const MAX_CONNECTION_AGE_GRACE_MS = 2 * 60_000;

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

export function serverOptions(maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES): ChannelOptions {
  return {
    ...both(maxMessageBytes),
    'grpc.http2.min_ping_interval_without_data_ms': SERVER_MIN_PING_INTERVAL_MS,
    // Connections are recycled every few minutes so clients re-resolve `dns:///` targets and
    // replicas added by a scale-up start getting calls; in-flight calls get a grace period.
    'grpc.max_connection_age_ms': MAX_CONNECTION_AGE_MS,
    'grpc.max_connection_age_grace_ms': MAX_CONNECTION_AGE_GRACE_MS,
  };
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
