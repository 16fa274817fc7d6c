// One batt service: a gRPC server whose handlers are thin (admit, hand the raw request bytes to
// the service's own worker pool, send back the bytes the worker encoded), with health checking,
// reflection, deadlines, keepalive, message limits, metrics and graceful shutdown.
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoFiles, protoRoot } from '@batt/proto';
import { HealthImplementation } from 'grpc-health-check';

import { DEFAULT_MAX_CONNECTION_AGE_S, MAX_CONNECTION_AGE_ENV, serverOptions } from './channel.js';
import { numberSetting } from './config.js';
import { logger, type Logger } from './log.js';
import { serveMetrics, serviceMetrics, type ServiceMetrics } from './metrics.js';
import { WorkerPool } from './pool.js';
import { gate, isLoopback, type Security, serverCredentials } from './security.js';

export interface ServiceSpec {
  /** Short name: generation, scoring, validation. */
  name: string;
  /** Fully qualified gRPC service name, e.g. `batt.v1.ScoringService`. */
  grpcName: string;
  definition: grpc.ServiceDefinition;
  /** The worker module. */
  worker: string;
}

export interface ServeOptions {
  host: string;
  port: number;
  workers: number;
  queue: number;
  /** Prometheus endpoint port; undefined: no endpoint (metrics still kept). */
  metricsPort?: number;
  drainS: number;
  maxMessageBytes?: number;
  /** Longest any call may work (seconds), whatever deadline the caller sent, or none. */
  maxCallS?: number;
  security?: Security;
  log?: Logger;
}

export interface RunningService {
  name: string;
  port: number;
  metricsPort?: number;
  metrics: ServiceMetrics;
  pool: WorkerPool;
  log: Logger;
  /** Stops accepting, drains in-flight calls for up to `drainS`, then forces; idempotent. */
  shutdown(drainS?: number): Promise<void>;
}

/** Default cap on how long one stage call may work. */
export const DEFAULT_MAX_CALL_S = 300;
/** Default interface: loopback only; listening wider (0.0.0.0 in Kubernetes) must be asked for. */
export const DEFAULT_HOST = '127.0.0.1';
/** Default seconds in-flight calls get to finish after SIGTERM. */
export const DEFAULT_DRAIN_S = 10;
/** After the drain, this long for the pool and the store to close before the process exits anyway
 * (an idle pool and the store close in a few ms; only a native call still running takes longer). */
export const EXIT_MARGIN_S = 0.5;

/** A call's deadline as epoch ms (`Date.now()`'s clock), or undefined if it has none. */
export function deadlineAtMs(deadline: grpc.Deadline): number | undefined {
  const t = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(t) ? t : undefined;
}

/** Identity codecs: the main thread never decodes a request or encodes a reply. */
function rawDefinition(def: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<Buffer, Uint8Array>> = {};
  for (const [k, m] of Object.entries(def)) {
    out[k] = {
      ...m,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    };
  }
  return out;
}

export function reflection(): ReflectionService {
  return new ReflectionService(loadSync(protoFiles, { includeDirs: [protoRoot], keepCase: false }));
}

export interface HostOptions {
  name: string;
  grpcName: string;
  definition: grpc.ServiceDefinition;
  handlers: grpc.UntypedServiceImplementation;
  host: string;
  port: number;
  metricsPort?: number;
  registry: import('prom-client').Registry;
  drainS: number;
  maxMessageBytes?: number;
  /** Recycle connections (stage services: clients find new replicas); a recycled connection's
   * calls get `longestCallMs` to finish. Undefined: never (the orchestrator; see channel.ts). */
  recycle?: { longestCallMs: number };
  security?: Security;
  log: Logger;
  /** Runs after binding, before health says SERVING (e.g. loading workers). */
  ready?: () => Promise<void>;
  /** Runs when shutdown starts (e.g. asking long calls to wrap up). */
  draining?: () => void;
  /** Runs once the server has stopped (e.g. closing a pool or a store). */
  stopped?: () => Promise<void>;
}

export interface Hosted {
  port: number;
  metricsPort?: number;
  /** Stops accepting (UNAVAILABLE on every connection), drains for up to `drainS`, then forces; idempotent. */
  shutdown(drainS?: number): Promise<void>;
}

/** A gRPC server with health, reflection, limits, keepalive, metrics and graceful shutdown. */
export async function host(o: HostOptions): Promise<Hosted> {
  const health = new HealthImplementation({ '': 'NOT_SERVING', [o.grpcName]: 'NOT_SERVING' });
  let closing: Promise<void> | undefined;
  const server = new grpc.Server({
    ...serverOptions({
      maxMessageBytes: o.maxMessageBytes,
      recycle: o.recycle && { maxAgeMs: numberSetting(undefined, MAX_CONNECTION_AGE_ENV, DEFAULT_MAX_CONNECTION_AGE_S, 'maxConnectionAgeS') * 1000, longestCallMs: o.recycle.longestCallMs },
    }),
    // Checked on every call, whatever connection it came on: a connection opened before SIGTERM
    // used to go on getting calls accepted while the server drained.
    interceptors: [gate({ token: o.security?.token, closing: () => closing !== undefined, name: o.name })],
  });
  server.addService(o.definition, o.handlers);
  health.addToServer(server);
  reflection().addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${o.host}:${o.port}`, serverCredentials(o.security), (e, p) => (e ? reject(e) : resolve(p))),
  );
  const metricsServer = o.metricsPort !== undefined ? await serveMetrics(o.registry, o.host, o.metricsPort) : undefined;
  const tls = Boolean(o.security?.tls?.cert);
  o.log.info({ port, metricsPort: metricsServer?.port, host: o.host, tls, token: Boolean(o.security?.token), clientCerts: Boolean(o.security?.tls?.verifyClients) }, 'listening');
  if (!isLoopback(o.host) && (!tls || !o.security?.token)) {
    const missing = [tls ? '' : 'TLS (--tls-cert/--tls-key)', o.security?.token ? '' : 'a token (--token/BATT_TOKEN)'].filter(Boolean).join(' and ');
    o.log.warn({ host: o.host }, `listening beyond loopback without ${missing}: anyone who can reach ${o.host}:${port} can call it`);
  }
  // Test hook: holds readiness back so tests can watch health go NOT_SERVING -> SERVING.
  const hold = Number(process.env.BATT_TEST_READY_DELAY_MS ?? 0);
  if (hold > 0) await new Promise((r) => setTimeout(r, hold));
  await o.ready?.();
  health.setStatus('', 'SERVING');
  health.setStatus(o.grpcName, 'SERVING');
  o.log.info('serving');
  return {
    port,
    metricsPort: metricsServer?.port,
    shutdown(drainS = o.drainS) {
      closing ??= (async () => {
        health.setStatus('', 'NOT_SERVING');
        health.setStatus(o.grpcName, 'NOT_SERVING');
        o.draining?.();
        o.log.info({ drainS }, 'shutting down: draining in-flight calls');
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            o.log.warn('drain timeout: forcing shutdown');
            server.forceShutdown();
            resolve();
          }, drainS * 1000);
          server.tryShutdown(() => {
            clearTimeout(force);
            resolve();
          });
        });
        await o.stopped?.();
        await metricsServer?.close();
        o.log.info('stopped');
      })();
      return closing;
    },
  };
}

/** A stage service: thin handlers that hand raw request bytes to the service's own pool. */
export async function startService(spec: ServiceSpec, opts: ServeOptions): Promise<RunningService> {
  const log = opts.log ?? logger(spec.name);
  const pool = new WorkerPool({ filename: spec.worker, workers: opts.workers, queue: opts.queue });
  const metrics = serviceMetrics(spec.name, {
    queueDepth: () => pool.queueSize,
    utilization: () => pool.piscina.utilization,
    threads: () => pool.piscina.threads.length,
  });
  // No call works longer than this (the handlers cap deadlines to it), so a recycled connection
  // that gives its calls this long never cuts one.
  const longestCallMs = (opts.maxCallS ?? DEFAULT_MAX_CALL_S) * 1000;

  const handlers: grpc.UntypedServiceImplementation = {};
  for (const method of Object.keys(spec.definition)) {
    handlers[method] = (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>) => {
      const stop = metrics.latency.startTimer({ method });
      const done = (code: grpc.status, err?: string, reply?: Uint8Array) => {
        stop();
        metrics.requests.inc({ method, code: grpc.status[code] });
        if (code === grpc.status.OK) callback(null, reply);
        else callback({ code, details: err ?? grpc.status[code] });
      };
      // A caller without a deadline (or with a very long one) still gets one: no call can keep
      // a worker forever.
      // The deadline stays absolute from here to Rust, so time queued for a worker counts.
      const now = Date.now();
      const cap = now + (opts.maxCallS ?? DEFAULT_MAX_CALL_S) * 1000;
      const at = Math.min(deadlineAtMs(call.getDeadline()) ?? cap, cap);
      if (at <= now) return done(grpc.status.DEADLINE_EXCEEDED, 'deadline passed before the request was admitted');
      if (!pool.admit()) return done(grpc.status.RESOURCE_EXHAUSTED, `${spec.name} queue is full (${pool.queueSize} waiting for ${pool.workers} workers); retry with backoff`);
      metrics.inFlight.inc();
      pool
        .run(method, { bytes: call.request, deadlineAtMs: at }, (e, attempt) => {
          metrics.workerFailures.inc();
          log.warn({ method, attempt, err: e.message }, 'worker died; its task is retried once on a new worker');
        })
        .then(
          (r) => {
            metrics.inFlight.dec();
            if (r.items) metrics.items.inc({ method }, r.items);
            if (r.ok) done(grpc.status.OK, undefined, r.ok);
            else done(r.code ?? grpc.status.INTERNAL, r.message);
          },
          (e: Error) => {
            metrics.inFlight.dec();
            done(grpc.status.INTERNAL, e.message);
          },
        );
    };
  }
  const hosted = await host({
    name: spec.name,
    recycle: { longestCallMs },
    security: opts.security,
    grpcName: spec.grpcName,
    definition: rawDefinition(spec.definition),
    handlers,
    host: opts.host,
    port: opts.port,
    metricsPort: opts.metricsPort,
    registry: metrics.registry,
    drainS: opts.drainS,
    maxMessageBytes: opts.maxMessageBytes,
    log,
    ready: async () => {
      log.info({ workers: opts.workers, queue: opts.queue }, 'loading workers');
      await pool.ready();
    },
    stopped: () => pool.close(),
  });
  return { name: spec.name, port: hosted.port, metricsPort: hosted.metricsPort, metrics, pool, log, shutdown: (drainS) => hosted.shutdown(drainS) };
}
