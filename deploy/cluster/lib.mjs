// What the cluster test (checks.mjs) and the cluster benchmark (bench.mjs) share: kubectl against
// the cluster of cluster.sh, pods by readiness, the batt CLI, the store's contents, assertions.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
const require = createRequire(join(root, 'services', 'orchestrator', 'package.json'));
const Database = require('better-sqlite3');
export const batt = join(root, 'services', 'orchestrator', 'bin', 'batt.js');
export const kubectlBin = join(process.env.BATT_CLUSTER_CACHE ?? join(process.env.HOME, '.cache', 'batt-cluster'), 'bin', 'kubectl');
export const state = process.env.BATT_CLUSTER_STATE ?? '/tmp/batt-cluster';
export const storeDir = join(state, 'store'); // the orchestrator's PersistentVolume (hostPath)
export const NS = 'batt';
export const env = { ...process.env, KUBECONFIG: join(state, 'admin.kubeconfig'), BATT_STORE: '' };

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
export const say = (m) => console.log(`[${secs()} s] ${m}`);
export function check(ok, what) {
  if (!ok) {
    console.error(`FAIL: ${what}`);
    process.exit(1);
  }
  say(`ok: ${what}`);
}
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function kubectl(...args) {
  return execFileSync(kubectlBin, ['-n', NS, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
export const json = (...args) => JSON.parse(kubectl(...args, '-o', 'json'));

/** Polls `fn` every second until it returns a truthy value, at most `s` seconds. */
export async function until(s, what, fn) {
  const end = Date.now() + s * 1000;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) check(false, `${what} within ${s} s`);
    await sleep(1000);
  }
}

export const readyPods = (app) =>
  json('get', 'pods', '-l', `app.kubernetes.io/name=${app}`).items.filter(
    (p) => !p.metadata.deletionTimestamp && p.status.podIP && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
  );

export function storeContents(dir) {
  const file = join(dir, 'batt.sqlite');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const rows = db.prepare('SELECT task_id, hash, score, partial FROM solvers ORDER BY task_id, hash').all();
  db.close();
  return rows.map((r) => `${r.task_id} ${r.hash} ${r.score} ${r.partial.toFixed(6)}`);
}

export const APPS = ['batt-orchestrator', 'batt-generation', 'batt-scoring', 'batt-validation'];

/** Applies deploy/overlays/dev, its store on a hostPath volume of this node, and waits for one Ready pod of each service. */
export async function applyDev() {
  // The orchestrator's PVC binds to a hostPath volume on this node (no provisioner here).
  mkdirSync(storeDir, { recursive: true });
  chownSync(storeDir, 1000, 1000);
  execFileSync(kubectlBin, ['apply', '-f', '-'], {
    env,
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'batt-test-store' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: storeDir, type: 'Directory' } },
    }),
  });

  execFileSync(kubectlBin, ['apply', '-k', join(root, 'deploy', 'overlays', 'dev')], { env, stdio: 'inherit' });
  for (const app of APPS) {
    await until(240, `${app} Ready`, () => readyPods(app).length === 1);
    say(`${app} Ready`);
  }
}

/** A pod's Prometheus metrics text (one connection per read; a read cut short is retried). */
export async function metricsText(pod) {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await fetch(`http://${pod.status.podIP}:9464/metrics`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(10_000) });
      return await r.text();
    } catch (e) {
      if (attempt === 3) throw e;
      await sleep(500);
    }
  }
}

/** The value of the first sample of `metric` whose line contains every one of `labels`, or 0. */
export function sample(text, metric, labels = []) {
  const line = text.split('\n').find((l) => (l.startsWith(`${metric}{`) || l.startsWith(`${metric} `)) && labels.every((x) => l.includes(x)));
  return line ? Number(line.split(' ').pop()) : 0;
}
