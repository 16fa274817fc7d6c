// Prometheus metrics of one service: its own registry (several services may share a process
// when `batt run` embeds them), served as text on /metrics.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  requests: Counter<'method' | 'code'>;
  latency: Histogram<'method'>;
  items: Counter<'method'>;
  workerFailures: Counter;
  inFlight: Gauge;
}

export function serviceMetrics(service: string, probes?: { queueDepth: () => number; utilization: () => number; threads: () => number }): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'batt_' });
  const requests = new Counter({ name: 'batt_requests_total', help: 'Requests by method and gRPC status code', labelNames: ['method', 'code'], registers: [registry] });
  const latency = new Histogram({
    name: 'batt_request_duration_seconds',
    help: 'Request latency, admission to reply',
    labelNames: ['method'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const items = new Counter({ name: 'batt_items_total', help: 'Work items processed: programs generated, candidates scored, programs validated', labelNames: ['method'], registers: [registry] });
  const workerFailures = new Counter({ name: 'batt_worker_failures_total', help: 'Tasks whose worker thread died (each retried once)', registers: [registry] });
  const inFlight = new Gauge({ name: 'batt_in_flight', help: 'Requests admitted and not yet answered', registers: [registry] });
  if (probes) {
    new Gauge({ name: 'batt_queue_depth', help: 'Requests waiting for a worker', registers: [registry], collect() { this.set(probes.queueDepth()); } });
    new Gauge({ name: 'batt_pool_utilization', help: 'Worker pool utilisation (0-1) since start', registers: [registry], collect() { this.set(probes.utilization()); } });
    new Gauge({ name: 'batt_pool_threads', help: 'Worker threads alive', registers: [registry], collect() { this.set(probes.threads()); } });
  }
  return { registry, requests, latency, items, workerFailures, inFlight };
}

/** Serves `registry` on http://host:port/metrics; port 0 picks a free one. */
export async function serveMetrics(registry: Registry, host: string, port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('see /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (e: Error) => res.writeHead(500).end(String(e.message)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Parses Prometheus text into `name{labels}` -> value (for tests and the fair-share check). */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const k = line.lastIndexOf(' ');
    out.set(line.slice(0, k), Number(line.slice(k + 1)));
  }
  return out;
}
