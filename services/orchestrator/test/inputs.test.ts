// Input checks of the CLI (through main(), nothing spawned) and of the orchestrator's RPCs
// (a real gRPC server over in-process stages): both read the one table of limits.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadTaskDir, defaultDataDir } from '@batt/arc-data';
import { OrchestratorServiceClient, RunRequest } from '@batt/proto';
import type { Hosted } from '@batt/rpc';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../src/cli.js';
import { Orchestrator } from '../src/orchestrator.js';
import { localStages } from '../src/run/stages.js';
import { startOrchestrator } from '../src/service.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'batt-inputs-'));

async function batt(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** Exit 2 with exactly one line on stderr matching `msg`, and nothing on stdout. */
async function refused(argv: string[], msg: RegExp) {
  const r = await batt(...argv);
  expect(r.code, argv.join(' ').slice(0, 100)).toBe(2);
  expect(r.err, argv.join(' ').slice(0, 100)).toHaveLength(1);
  expect(r.err[0]).toMatch(msg);
  expect(r.err[0]!.length).toBeLessThan(300);
  expect(r.out).toEqual([]);
}

describe('CLI numbers: checked against their range before anything starts', () => {
  it.each([
    [['run', '--limit', '4294967296'], /^batt run: --limit must be an integer from 1 to 4294967295, got '4294967296'$/],
    [['run', '--limit', '1e20'], /--limit must be an integer/],
    [['run', '--rounds', '1e12'], /--rounds must be an integer from 1 to 1000000/],
    [['run', '--seed', '1e30'], /--seed must be an integer from 0 to 4294967295/],
    [['run', '--budget-s', '1e12'], /--budget-s must be a number from 0 to 86400/],
    [['run', '--budget-s', 'NaN'], /--budget-s must be a number/],
    [['run', '--concurrency', '100000'], /--concurrency must be an integer from 1 to 1024/],
    [['run', '--seeds-per-batt', '0'], /--seeds-per-batt must be an integer from 1/],
    [['run', '--workers', '1.5'], /--workers must be an integer/],
    [['run', '--limit', '9'.repeat(100_000)], /got '9{80}\.\.\.' \(100000 characters\)$/],
    [['validate', 'x.py', '--fuel=-3'], /--fuel must be an integer from 1/],
    [['serve', 'scoring', '--port', '65536'], /BATT_PORT \(or its flag\) must be an integer from 0 to 65535/],
    [['serve', 'scoring', '--max-message-mb', '4096'], /BATT_MAX_MESSAGE_MB .* from 1 to 2047/],
    [['serve', 'orchestrator', '--stage-timeout-s', '0', '--generation', 'a:1', '--scoring', 'a:2', '--validation', 'a:3'], /BATT_STAGE_TIMEOUT_S .* from 0\.001/],
  ].map(([argv, msg]) => [(argv as string[]).join(' ').slice(0, 70), argv, msg]))('%s', async (_, argv, msg) => refused(argv as string[], msg as RegExp));

  it('reads environment settings through the same table', async () => {
    process.env.BATT_WORKERS = '0';
    try {
      await refused(['serve', 'scoring'], /BATT_WORKERS \(or its flag\) must be an integer from 1 to 1024, got '0'/);
    } finally {
      delete process.env.BATT_WORKERS;
    }
  });
});

describe('CLI paths: the kind of every path is checked first', () => {
  const dir = tmp();
  const file = join(dir, 'file.txt');
  writeFileSync(file, 'x');
  mkdirSync(join(dir, 'withdb', 'batt.sqlite'), { recursive: true });

  it.each([
    [['run', '--store', file], /^batt run: --store '.*file\.txt' is a file, not a directory$/],
    [['run', '--store', join(file, 'below')], /--store '.*below' cannot be created: '.*file\.txt' is a file$/],
    [['run', '--store', join(dir, 'withdb')], /its database batt\.sqlite is not a file/],
    [['submit', '--out', 'o.json', '--store', file], /--store .* is a file, not a directory/],
    [['submit', '--out', dir], /--out '.*' is a directory, not a file/],
    [['submit', '--out', join(dir, 'nope', 'o.json')], /--out .*: its directory .* does not exist/],
    [['import', file, '--store', file], /--store .* is a file, not a directory/],
    [['validate', dir], /^batt validate: solver file '.*' is a directory, not a file$/],
    [['validate', join(dir, 'missing.py')], /solver file '.*missing\.py': no such file/],
    [['validate', '/dev/null'], /solver file '\/dev\/null' is not a regular file/],
    [['conformance', file], /^batt conformance: '.*file\.txt' is a file, not a directory$/],
    [['score', dir, '--solutions', file], /submission '.*' is a directory, not a file/],
    [['run', '--data', '/dev/null', '--store', dir], /cannot load data: '\/dev\/null' is neither a directory of tasks nor a task file/],
  ].map(([argv, msg]) => [(argv as string[]).join(' ').replace(dir, '<tmp>'), argv, msg]))('%s', async (_, argv, msg) => refused(argv as string[], msg as RegExp));

  it('a long task id is quoted, cut, and the list of missing ids is bounded', async () => {
    const ids = ['z'.repeat(10_000), ...Array.from({ length: 20 }, (_, k) => `nope${k}`)].join(',');
    await refused(['run', '--tasks', ids, '--store', tmp()], /no such task\(s\) in .*: 'z{80}\.\.\.' \(10000 characters\), 'nope0', 'nope1', 'nope2', 'nope3' and 16 more$/);
  });

  it('a malformed command line still shows the usage', async () => {
    const r = await batt('run', `--${'b'.repeat(5000)}`);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^batt run: Unknown option '--b{78}\.\.\.\[5002 characters\]'/);
    expect(r.err[0]!.length).toBeLessThan(400);
    expect(r.err.join('\n')).toMatch(/\nUsage: batt run/);
  });
});

describe('orchestrator RPCs: the same limits, as INVALID_ARGUMENT', () => {
  let orch: Orchestrator;
  let hosted: Hosted;
  let client: OrchestratorServiceClient;
  beforeAll(async () => {
    const tasks = loadTaskDir(defaultDataDir()).tasks.slice(0, 3);
    orch = new Orchestrator({ stages: localStages(), storeDir: tmp(), dataDir: 'test', tasks, concurrency: 1, version: 'test' });
    const log = (await import('@batt/rpc')).logger('test', 'silent');
    hosted = await startOrchestrator(orch, { host: '127.0.0.1', port: 0, drainS: 1, log });
    client = new OrchestratorServiceClient(`127.0.0.1:${hosted.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await hosted.shutdown();
  });

  const run = (req: Partial<RunRequest>) =>
    new Promise<grpc.ServiceError | undefined>((resolve) => {
      const call = client.run(RunRequest.fromPartial(req));
      call.on('data', () => {});
      call.on('error', (e: grpc.ServiceError) => resolve(e));
      call.on('end', () => resolve(undefined));
    });

  it.each([
    [{ budgetS: NaN }, /budgetS must be a number from 0 to 86400, got 'NaN'/],
    [{ budgetS: -1 }, /budgetS must be a number from 0 to 86400, got '-1'/],
    [{ budgetS: 1e12 }, /budgetS must be a number from 0 to 86400/],
    [{ rounds: 4_000_000_000 }, /rounds must be an integer from 1 to 1000000/],
    [{ concurrency: 100_000 }, /concurrency must be an integer from 1 to 1024/],
    [{ seedsPerBatt: 5000 }, /seedsPerBatt must be an integer from 1 to 4096/],
  ])('Run %j', async (req, msg) => {
    const e = await run(req);
    expect(e).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(msg) });
  });

  const getSolver = (hash: string) => new Promise<grpc.ServiceError | null>((resolve) => client.getSolver({ hash }, (e) => resolve(e)));

  it('GetSolver: an empty or malformed hash is INVALID_ARGUMENT (bounded), an unknown one NOT_FOUND', async () => {
    expect(await getSolver('')).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: "hash must be 32 lowercase hex digits, got ''" });
    const long = await getSolver('f'.repeat(10_000));
    expect(long).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/\(10000 characters\)$/) });
    expect(long!.details.length).toBeLessThan(200);
    expect(await getSolver('0'.repeat(32))).toMatchObject({ code: grpc.status.NOT_FOUND });
  });
});
