// Faults, measured: a worker killed mid-call, 200 concurrent calls, SIGTERM and SIGKILL under
// load, connections recycled every second under a run. For each: the statuses callers got, time
// to answer, time until a worker answers a fresh call again, the service's peak RSS (VmHWM), and
// what was lost. Run it alone (it loads every core). Figures: docs/reliability.md.
// Usage: node bench/reliability.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseTask } from '@batt/arc-data';
import { ScoreRequest, ScoringServiceService } from '@batt/proto';
import { BalancedClient, clientOptions, taskMessage } from '@batt/rpc';
import * as grpc from '@grpc/grpc-js';

const here = new URL('.', import.meta.url).pathname;
const bin = join(here, '..', 'services', 'orchestrator', 'bin', 'batt.js');
const training = join(here, '..', 'data', 'arc-agi-1', 'training');
const tmp = () => mkdtempSync(join(tmpdir(), 'batt-rel-'));
const task = (id) => taskMessage(parseTask(id, JSON.parse(readFileSync(join(training, `${id}.json`), 'utf8'))));
const score = ScoringServiceService.score;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quick = ScoreRequest.fromPartial({ task: task('3c9b0459'), program: 'def f(I):\n    O = rot180(I)\n    return O\n' });
function slow(steps) {
  const lines = ['def slow(I):'];
  for (let k = 1; k <= steps; k++) lines.push(`    x${k} = objects(I, T, T, F)`);
  lines.push('    O = vmirror(I)', '    return O', '');
  return ScoreRequest.fromPartial({ task: task('3631a71a'), program: lines.join('\n') });
}

function serve(name, args = [], env = {}) {
  const child = spawn(process.execPath, [bin, 'serve', name, '--host', '127.0.0.1', '--port', '0', '--metrics-port', '0', ...args], { env: { ...process.env, BATT_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const logs = [];
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal, at: performance.now() })));
  return new Promise((resolve, reject) => {
    let buf = '';
    let port;
    child.stdout.on('data', (d) => {
      buf += d;
      for (let k; (k = buf.indexOf('\n')) >= 0; buf = buf.slice(k + 1)) {
        try {
          const rec = JSON.parse(buf.slice(0, k));
          logs.push(rec);
          if (rec.msg === 'listening') port = rec.port;
          if (rec.msg === 'serving') resolve({ child, port, target: `127.0.0.1:${port}`, logs, exited, peakMb: () => peakMb(child.pid) });
        } catch {
          // not a log line
        }
      }
    });
    exited.then((e) => reject(new Error(`batt serve ${name} exited ${e.code}`)));
  });
}

function peakMb(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function client(target) {
  return new grpc.Client(target, grpc.credentials.createInsecure(), clientOptions());
}
function unary(c, req, deadlineMs = 60_000) {
  const t0 = performance.now();
  return new Promise((resolve) =>
    c.makeUnaryRequest(score.path, score.requestSerialize, score.responseDeserialize, req, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (e) =>
      resolve({ code: grpc.status[e ? e.code : 0], ms: performance.now() - t0, end: performance.now() }),
    ),
  );
}
const codes = (rs) => Object.entries(rs.reduce((m, r) => ((m[r.code] = (m[r.code] ?? 0) + 1), m), {})).map(([k, v]) => `${v} ${k}`).join(', ');
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const ms = (x) => `${Math.round(x)} ms`;
const rows = [];
const row = (fault, status, answer, free, rss, lost) => {
  rows.push({ fault, status, answer, free, rss, lost });
  console.error(`${fault}: ${status}; ${answer}; free again ${free}; ${rss}; lost ${lost}`);
};

async function workerKilled() {
  const fault = join(tmp(), 'die-once');
  const s = await serve('scoring', ['--workers', '1'], { BATT_FAULT_EXIT_FILE: fault });
  const c = client(s.target);
  await unary(c, quick);
  writeFileSync(fault, '');
  const r = await unary(c, quick);
  const next = await unary(c, quick);
  row('worker thread killed mid-call', `${r.code} (retried once on the replacement thread)`, ms(r.ms), ms(next.ms), `${s.peakMb()} MB`, 'none');
  c.close();
  s.child.kill('SIGTERM');
  await s.exited;
}

async function concurrent200() {
  const s = await serve('scoring', ['--workers', '2']);
  const c = client(s.target);
  const req = slow(200);
  const raw = await Promise.all(Array.from({ length: 200 }, () => unary(c, req)));
  const refused = raw.filter((r) => r.code === 'RESOURCE_EXHAUSTED');
  const ok = raw.filter((r) => r.code === 'OK');
  const bc = new BalancedClient('scoring', [s.target]);
  const t0 = performance.now();
  const all = await Promise.allSettled(Array.from({ length: 200 }, () => bc.call(score, req, Date.now() + 120_000)));
  const wall = performance.now() - t0;
  const next = await unary(c, quick);
  row('200 concurrent calls, 2 workers, queue 8 (raw client)', codes(raw), `refused p50 ${ms(pct(refused.map((r) => r.ms), 0.5))}, max ${ms(Math.max(...refused.map((r) => r.ms)))}; answered p50 ${ms(pct(ok.map((r) => r.ms), 0.5))}, max ${ms(Math.max(...ok.map((r) => r.ms)))}`, ms(next.ms), `${s.peakMb()} MB`, 'none (refusals are immediate; callers retry)');
  row('200 concurrent calls, retrying client (BalancedClient)', `${all.filter((x) => x.status === 'fulfilled').length} OK of 200 (${bc.stats.backpressure} backoffs)`, `all in ${ms(wall)}`, ms(next.ms), `${s.peakMb()} MB`, 'none');
  bc.close();
  c.close();
  s.child.kill('SIGTERM');
  await s.exited;
}

async function sigtermUnderLoad() {
  const s = await serve('scoring', ['--workers', '2', '--drain-s', '10']);
  const c = client(s.target);
  const req = slow(1500);
  const calls = Array.from({ length: 8 }, () => unary(c, req));
  await sleep(300);
  const rss = s.peakMb();
  const t0 = performance.now();
  s.child.kill('SIGTERM');
  await sleep(50);
  const fresh = await unary(client(s.target), quick);
  const rs = await Promise.all(calls);
  const ex = await s.exited;
  row('SIGTERM with 8 calls admitted (2 running, 6 queued), --drain-s 10', `in flight: ${codes(rs)}; a new call: ${fresh.code} in ${ms(fresh.ms)}`, `last in-flight answer ${ms(Math.max(...rs.map((r) => r.end)) - t0)} after SIGTERM`, `process exited ${ms(ex.at - t0)} after SIGTERM (code ${ex.code})`, `${rss} MB`, 'none (every admitted call answered)');
  c.close();
}

async function sigkillUnderLoad() {
  const a = await serve('scoring', ['--workers', '1']);
  const b = await serve('scoring', ['--workers', '1']);
  const bc = new BalancedClient('scoring', [a.target, b.target]);
  const req = slow(600);
  const t0 = performance.now();
  const calls = Array.from({ length: 24 }, () => bc.call(score, req, Date.now() + 120_000).then(() => 'OK', (e) => grpc.status[e.code]));
  await sleep(300);
  const rss = a.peakMb();
  a.child.kill('SIGKILL');
  const rs = await Promise.all(calls);
  const wall = performance.now() - t0;
  const next = await unary(client(b.target), quick);
  row('SIGKILL of one of two replicas with 24 calls in flight (retrying client)', `${rs.filter((x) => x === 'OK').length} OK of 24 (${bc.stats.unavailable} retried on the other replica)`, `all in ${ms(wall)}`, ms(next.ms), `${rss} MB (killed one)`, 'none');
  bc.close();
  b.child.kill('SIGTERM');
  await b.exited;
}

function recycledRun() {
  const store = tmp();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'run', '--limit', '24', '--budget-s', '1', '--store', store, '--workers', '1', '--json'], { encoding: 'utf8', env: { ...process.env, BATT_STORE: '', BATT_MAX_CONNECTION_AGE_S: '1', BATT_KEEPALIVE_S: '1', GRPC_TRACE: 'transport,keepalive', GRPC_VERBOSITY: 'DEBUG' } });
  const wall = performance.now() - t0;
  const goaways = (r.stderr.match(/GOAWAY with code 0 and data max_age/g) ?? []).length;
  const dropped = (r.stderr.match(/Ping send failed/g) ?? []).length;
  const s = r.status === 0 ? JSON.parse(r.stdout) : undefined;
  row('stage connections recycled and pinged every 1 s under a 24-task run (embedded services)', `exit ${r.status}, ${goaways} GOAWAYs, ${dropped} connections dropped at the ping after one (their calls retried), ${s ? `${s.searched}/24 searched, summary printed` : 'no summary'}`, `run ${ms(wall)}`, '-', '-', s && !s.interrupted ? 'none' : 'see stderr');
}

await workerKilled();
await concurrent200();
await sigtermUnderLoad();
await sigkillUnderLoad();
recycledRun();
console.log('| fault | status | time to answer | worker free again | peak RSS | data lost |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.fault} | ${r.status} | ${r.answer} | ${r.free} | ${r.rss} | ${r.lost} |`);
