// Starting real batt services as separate processes on loopback, and talking to them.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { parseMetrics } from '@batt/rpc';

const require = createRequire(import.meta.url);
const pkgJson = require.resolve('@batt/orchestrator/package.json');
export const bin = join(dirname(pkgJson), JSON.parse(readFileSync(pkgJson, 'utf8')).bin.batt);
export const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
export const training = join(root, 'data', 'arc-agi-1', 'training');
export const tmp = () => mkdtempSync(join(tmpdir(), 'batt-svc-'));

/** A free loopback port (closed again before it is used; fine on loopback in tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Service {
  name: string;
  child: ChildProcess;
  port: number;
  metricsPort: number;
  target: string;
  /** JSON log lines seen so far. */
  logs: Record<string, unknown>[];
  /** Sends `signal` and resolves to the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts `batt serve <name>`; resolves once it logs `listening` (or `serving`, if `waitServing`). */
export async function serve(name: string, args: string[] = [], env: Record<string, string> = {}, waitServing = true): Promise<Service> {
  const metricsPort = await freePort();
  // Loopback unless the test chooses (`--host ''` checks the default).
  const hostArgs = args.includes('--host') ? [] : ['--host', '127.0.0.1'];
  const child = spawn(process.execPath, [bin, 'serve', name, ...hostArgs, '--port', '0', '--metrics-port', String(metricsPort), ...args], {
    env: { ...process.env, BATT_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    let port = 0;
    child.stdout.on('data', (d) => {
      buf += String(d);
      let k;
      while ((k = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, k);
        buf = buf.slice(k + 1);
        try {
          const rec = JSON.parse(line) as Record<string, unknown>;
          logs.push(rec);
          if (rec.msg === 'listening') port = rec.port as number;
          if ((rec.msg === 'serving' || (!waitServing && rec.msg === 'listening')) && port) resolve(port);
        } catch {
          // not a log line
        }
      }
    });
    void exited.then((code) => reject(new Error(`batt serve ${name} exited ${code}: ${stderr}`)));
  });
  return {
    name,
    child,
    port,
    metricsPort,
    target: `127.0.0.1:${port}`,
    logs,
    exited,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A service's metrics, `name{labels}` -> value. */
export async function metrics(s: Service): Promise<Map<string, number>> {
  const r = await fetch(`http://127.0.0.1:${s.metricsPort}/metrics`);
  return parseMetrics(await r.text());
}

/** Sum of a metric over the label sets that contain every `match` fragment. */
export function metric(m: Map<string, number>, name: string, ...match: string[]): number {
  let sum = 0;
  for (const [k, v] of m) if ((k === name || k.startsWith(`${name}{`)) && match.every((f) => k.includes(f))) sum += v;
  return sum;
}

/** Runs the batt CLI to completion. */
export function batt(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, BATT_STORE: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every stored solver as `task hash score partial`, sorted: what a run produced. */
export function storeContents(store: string): string[] {
  const Database = require('better-sqlite3');
  const db = new Database(join(store, 'batt.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT task_id, hash, score, partial FROM solvers ORDER BY task_id, hash').all() as { task_id: string; hash: string; score: number; partial: number }[];
  db.close();
  return rows.map((r) => `${r.task_id} ${r.hash} ${r.score} ${r.partial.toFixed(6)}`);
}

/** Polls `cond` until it holds; fails after `ms` (never an unbounded wait). */
export const until = async (cond: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};
