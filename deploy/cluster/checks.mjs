// The cluster test's checks, run by deploy/cluster/test.sh against the cluster that
// deploy/cluster/cluster.sh started, with batt's image loaded. Each check is an assertion that
// prints its figure; the first that fails stops the test (exit 1).
//
// Reference: every `batt run` sent to the orchestrator in the cluster is also run in-process on
// this machine, in the same order and into one local store; the two stores must hold the same
// solvers (task, hash, score, partial) after each step. Runs are `--rounds` runs with a fixed
// seed, so what they store depends on neither timing nor where the stages run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { applyDev, batt, check, env, json, kubectl, metricsText, readyPods, sample, say, sleep, storeContents, storeDir, until } from './lib.mjs';

const refStore = mkdtempSync(join(tmpdir(), 'batt-cluster-ref-'));

function sameStores(what) {
  const [a, b] = [storeContents(storeDir), storeContents(refStore)];
  const diff = a.filter((x) => !b.includes(x)).length + b.filter((x) => !a.includes(x)).length;
  check(a.length > 0 && diff === 0, `${what}: the cluster's store equals the in-process reference (${a.length} solvers, ${diff} different)`);
}

const ARGS = (limit, rounds, seed) => ['--limit', String(limit), '--rounds', String(rounds), '--seed', String(seed), '--json'];

/** A run through the orchestrator in the cluster, and the same run in-process into the reference store. */
async function run(limit, rounds, seed, during) {
  const orch = (await until(120, 'an orchestrator pod Ready', () => readyPods('batt-orchestrator')[0])).status.podIP;
  const started = Date.now();
  const child = spawn(process.execPath, [batt, 'run', '--orchestrator', `${orch}:50050`, ...ARGS(limit, rounds, seed)], { env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise((r) => child.on('close', r));
  if (during) await during();
  const code = await done;
  const wall = (Date.now() - started) / 1000;
  if (code !== 0) console.error(err);
  check(code === 0, `batt run --orchestrator ${orch}:50050 ${ARGS(limit, rounds, seed).join(' ')} exits 0 (${wall.toFixed(1)} s)`);
  const s = JSON.parse(out);
  const ref = spawnSync(process.execPath, [batt, 'run', '--in-process', '--store', refStore, ...ARGS(limit, rounds, seed)], { env, encoding: 'utf8' });
  check(ref.status === 0, 'the same run in-process exits 0');
  return { summary: s, wall, stderr: err };
}

/** Calls served by each pod of `app`, from its own /metrics (batt_requests_total of `method`, code OK). */
async function served(app, method) {
  const out = {};
  for (const p of readyPods(app)) {
    out[p.metadata.name] = sample(await metricsText(p), 'batt_requests_total', [`method="${method}"`, 'code="OK"']);
  }
  return out;
}

async function main() {
  // 1. Every service's pods Ready through their gRPC probes; the store on its volume.
  await applyDev();
  check(json('get', 'pvc', 'batt-orchestrator-store').status.phase === 'Bound', 'the store PVC is Bound to the node volume');

  // 2. A small run through the orchestrator stores exactly what it stores in-process.
  const r1 = await run(12, 2, 3);
  check(r1.summary.candidates.errors === 0 && !r1.summary.interrupted && r1.summary.searched === 12, `no stage call failed (${r1.summary.solved} of 12 solved)`);
  check(existsSync(join(storeDir, 'batt.sqlite')), `the orchestrator's store is on its volume (${storeDir}/batt.sqlite)`);
  sameStores('run 1');

  // 3. Scoring and validation at 2 replicas, reached through the headless Services' DNS names.
  // Their connections are recycled every few seconds so that the orchestrator re-resolves soon.
  // Their HPAs own the replica count (`kubectl scale` would be undone): their floor goes to 2.
  kubectl('set', 'env', 'deploy/batt-scoring', 'deploy/batt-validation', 'BATT_MAX_CONNECTION_AGE_S=5');
  for (const h of ['batt-scoring', 'batt-validation']) kubectl('patch', 'hpa', h, '-p', '{"spec":{"minReplicas":2}}');
  for (const d of ['batt-scoring', 'batt-validation']) kubectl('rollout', 'status', `deploy/${d}`, '--timeout=240s');
  for (const app of ['batt-scoring', 'batt-validation']) await until(240, `${app} at 2 Ready replicas`, () => readyPods(app).length === 2);
  await run(8, 1, 5); // warm-up: the orchestrator re-resolves and connects to both replicas
  const before = { score: await served('batt-scoring', 'score'), validate: await served('batt-validation', 'validate') };
  const r3 = await run(40, 2, 11);
  check(r3.summary.candidates.errors === 0, 'no stage call failed at 2 replicas');
  for (const [app, method, key] of [['batt-scoring', 'score', 'score'], ['batt-validation', 'validate', 'validate']]) {
    const after = await served(app, method);
    const calls = Object.entries(after).map(([pod, n]) => [pod, n - (before[key][pod] ?? 0)]);
    const total = calls.reduce((a, [, n]) => a + n, 0);
    const shares = calls.map(([, n]) => n / Math.max(1, total));
    check(calls.length === 2 && Math.min(...shares) >= 0.35, `${app}: each of 2 replicas served >= 35% of ${total} ${method} calls (${shares.map((x) => (100 * x).toFixed(0) + '%').join(', ')})`);
  }
  sameStores('runs 2-3, at 2 replicas');

  // 4. A scoring pod deleted and validation rolled mid-run: nothing lost, nothing failed.
  const r4 = await run(60, 2, 13, async () => {
    await sleep(3000);
    const victim = readyPods('batt-scoring')[0].metadata.name;
    kubectl('delete', 'pod', victim, '--wait=false');
    say(`deleted scoring pod ${victim} mid-run`);
    await sleep(1000);
    kubectl('rollout', 'restart', 'deploy/batt-validation');
    say('rolling restart of batt-validation mid-run');
  });
  check(r4.summary.candidates.errors === 0 && !r4.summary.interrupted && r4.summary.searched === 60, `no task lost, no stage call failed (${r4.summary.searched} of 60 searched, ${r4.summary.candidates.timeouts} deadlines)`);
  sameStores('run 4, with a pod deleted and a rollout');

  // 5. The orchestrator pod deleted: the Deployment recreates it, the store is intact, runs resume.
  const beforeRestart = storeContents(storeDir);
  const old = readyPods('batt-orchestrator')[0].metadata.name;
  kubectl('delete', 'pod', old, '--wait=true');
  await until(240, 'a new orchestrator pod Ready', () => readyPods('batt-orchestrator').some((p) => p.metadata.name !== old));
  const afterRestart = storeContents(storeDir);
  check(afterRestart.join('\n') === beforeRestart.join('\n'), `the store is intact after the orchestrator pod was recreated (${afterRestart.length} solvers)`);
  await run(70, 1, 17); // 10 tasks not searched before
  sameStores('run 5, after the orchestrator restarted');

  // 6. The HPA (metrics-server's CPU figures) scales scoring up under load and back down. For the
  // test its scale-down waits 20 s of low CPU instead of 5 minutes.
  if (process.env.BATT_CLUSTER_NO_METRICS === '1') say('skipped: HPA (no metrics-server)');
  else await autoscaling();
  say('all checks passed');
}

const replicas = (d) => json('get', 'deploy', d).status.readyReplicas ?? 0;

async function autoscaling() {
  kubectl('patch', 'hpa', 'batt-scoring', '--type', 'merge', '-p', JSON.stringify({ spec: { minReplicas: 1, behavior: { scaleDown: { stabilizationWindowSeconds: 20 } } } }));
  await until(180, 'the idle scoring Deployment scaled down to 1 by its HPA', () => replicas('batt-scoring') === 1 && readyPods('batt-scoring').length === 1);
  say('idle: the HPA scaled batt-scoring down to 1 replica');
  const orch = readyPods('batt-orchestrator')[0].status.podIP;
  // Load: a long run (its results are not compared), cancelled once the HPA has acted.
  const load = spawn(process.execPath, [batt, 'run', '--orchestrator', `${orch}:50050`, '--limit', '400', '--rounds', '3', '--seed', '19', '--json'], { env, stdio: 'ignore' });
  const upAt = await until(240, 'the HPA scaled batt-scoring up to 2 under load', () => {
    const h = json('get', 'hpa', 'batt-scoring');
    return h.status.desiredReplicas === 2 && replicas('batt-scoring') === 2 ? h : undefined;
  });
  check(true, `under load the HPA scaled batt-scoring to 2 replicas (CPU ${upAt.status.currentMetrics?.[0]?.resource?.current?.averageUtilization ?? '?'}% of its request)`);
  load.kill('SIGINT');
  await new Promise((r) => load.on('close', r));
  await until(240, 'the HPA scaled batt-scoring back down to 1 after the load', () => replicas('batt-scoring') === 1);
  check(true, 'after the load the HPA scaled batt-scoring back down to 1 replica');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
