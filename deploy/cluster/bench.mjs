// The cluster's scaling benchmark (`npm run bench:cluster`, via test.sh --bench): tasks per second
// of one fixed `--rounds` workload through the orchestrator, with every stage (generation,
// scoring, validation) at 1 replica of 1 worker, then at 2 replicas of 1 worker, in one run on
// the same cluster. Each configuration starts from a fresh store (what a run does depends on what
// is stored) and a restarted orchestrator (its channels resolve the stage replicas anew). Prints
// wall time, tasks per second and the CPU-seconds each service's pods spent (their own
// process_cpu_seconds_total), so that the ratio can be read with where the CPU went.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { APPS, applyDev, batt, check, env, json, kubectl, metricsText, readyPods, sample, say, state, storeDir, until } from './lib.mjs';

const TASKS = Number(process.env.BATT_BENCH_TASKS ?? 100);
const WORKLOAD = ['--limit', String(TASKS), '--rounds', '2', '--seed', '29', '--concurrency', String(process.env.BATT_BENCH_CONCURRENCY ?? 8), '--json'];
const STAGES = ['batt-generation', 'batt-scoring', 'batt-validation'];

async function cpuSeconds() {
  const out = {};
  for (const app of APPS) {
    out[app] = 0;
    for (const p of readyPods(app)) {
      out[app] += sample(await metricsText(p), 'batt_process_cpu_seconds_total');
    }
  }
  return out;
}

/** CPU-seconds the whole machine was busy (all cores, /proc/stat; USER_HZ is 100 on Linux). */
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f.reduce((a, b) => a + b, 0) - f[3] - f[4]) / 100;
}

/** CPU-seconds of each process cluster.sh started (its pids file: etcd, the API server, kubelet...). */
function clusterCpu() {
  const out = {};
  for (const line of readFileSync(join(state, 'pids'), 'utf8').split('\n').filter(Boolean)) {
    const [pid, name] = line.split(' ');
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out[name] = (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      out[name] = 0; // it has exited
    }
  }
  return out;
}

async function configure(replicas) {
  kubectl('scale', 'deploy/batt-generation', `--replicas=${replicas}`);
  for (const h of ['batt-scoring', 'batt-validation']) {
    kubectl('patch', 'hpa', h, '--type', 'merge', '-p', JSON.stringify({ spec: { minReplicas: replicas, maxReplicas: replicas } }));
  }
  for (const app of STAGES) await until(240, `${app} at ${replicas} Ready replicas`, () => readyPods(app).length === replicas && (json('get', 'deploy', app).status.replicas ?? 0) === replicas);
  kubectl('scale', 'deploy/batt-orchestrator', '--replicas=0');
  await until(120, 'the orchestrator stopped', () => json('get', 'pods', '-l', 'app.kubernetes.io/name=batt-orchestrator').items.length === 0);
  for (const f of readdirSync(storeDir)) rmSync(join(storeDir, f), { recursive: true, force: true });
  kubectl('scale', 'deploy/batt-orchestrator', '--replicas=1');
  return (await until(240, 'the orchestrator Ready', () => readyPods('batt-orchestrator')[0])).status.podIP;
}

async function measure(replicas) {
  const orch = await configure(replicas);
  const cpu0 = await cpuSeconds();
  const [machine0, cluster0] = [machineCpu(), clusterCpu()];
  const r = spawnSync(process.execPath, [batt, 'run', '--orchestrator', `${orch}:50050`, ...WORKLOAD], { env, encoding: 'utf8' });
  if (r.status !== 0) console.error(r.stderr);
  check(r.status === 0, `the workload at ${replicas} replica(s) of each stage exits 0`);
  const s = JSON.parse(r.stdout);
  check(s.candidates.errors === 0 && s.searched === TASKS, `no stage call failed, ${s.searched} of ${TASKS} tasks searched`);
  const [machine1, cluster1] = [machineCpu(), clusterCpu()];
  const cpu1 = await cpuSeconds();
  const cpu = Object.fromEntries(APPS.map((a) => [a.replace('batt-', ''), +(cpu1[a] - cpu0[a]).toFixed(1)]));
  const wall = s.wallMs / 1000;
  say(`${replicas} replica(s) x 1 worker: ${wall.toFixed(1)} s, ${(TASKS / wall).toFixed(2)} tasks/s, ${s.solved} solved; CPU-s ${JSON.stringify(cpu)}`);
  // Where the machine's CPU went while the workload ran: the pods, the cluster's own processes,
  // and the rest (container shims, the benchmark's client, anything else on the machine).
  const pods = Object.values(cpu).reduce((a, b) => a + b, 0);
  const cluster = Object.fromEntries(Object.keys(cluster1).map((k) => [k, +(cluster1[k] - (cluster0[k] ?? 0)).toFixed(1)]));
  const clusterAll = Object.values(cluster).reduce((a, b) => a + b, 0);
  const busy = machine1 - machine0;
  say(`  machine busy ${busy.toFixed(1)} CPU-s of ${(cpus().length * wall).toFixed(1)}: pods ${pods.toFixed(1)}, cluster processes ${clusterAll.toFixed(1)} ${JSON.stringify(cluster)}, rest ${(busy - pods - clusterAll).toFixed(1)}`);
  return { wall, solved: s.solved, cpu };
}

async function main() {
  await applyDev();
  const one = await measure(1);
  const two = await measure(2);
  check(one.solved === two.solved, `the same tasks solved at 1 and 2 replicas (${one.solved})`);
  say(`scaling: 2 replicas / 1 replica = ${(one.wall / two.wall).toFixed(2)}x tasks per second (${TASKS} tasks, ${WORKLOAD.join(' ')})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
