import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as grpc from '@grpc/grpc-js';

import { BalancedClient, clientOptions, leastLoaded, type UnaryMethod } from '../src/index.js';

describe('leastLoaded', () => {
  it('takes the smallest count, the first at or after `from` on ties', () => {
    expect(leastLoaded([3, 1, 2], 0)).toBe(1);
    expect(leastLoaded([0, 0, 0], 2)).toBe(2);
    expect(leastLoaded([1, 0, 0], 0)).toBe(1);
    expect(leastLoaded([Infinity, Infinity], 1)).toBe(1);
  });
});

// Two servers: `slow` holds every call 300 ms, `fast` answers at once. Balanced by calls in
// flight, the fast one gets most calls; round-robin would give each half.
const METHOD: UnaryMethod<Buffer, Buffer> = { path: '/t.T/Echo', requestSerialize: (b) => b, responseDeserialize: (b) => b };

async function serve(delayMs: number): Promise<{ server: grpc.Server; port: number; served: () => number }> {
  let served = 0;
  const server = new grpc.Server();
  const def = { Echo: { path: METHOD.path, requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b } };
  server.addService(def, {
    Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      served++;
      setTimeout(() => cb(null, call.request), delayMs);
    },
  });
  const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  return { server, port, served: () => served };
}

async function drive(call: () => Promise<unknown>, calls: number, concurrency: number): Promise<void> {
  let left = calls;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await call();
    }),
  );
}

describe('calls go to the least loaded replica', () => {
  let slow: Awaited<ReturnType<typeof serve>>;
  let fast: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    [slow, fast] = await Promise.all([serve(300), serve(0)]);
  });
  afterAll(() => {
    slow.server.forceShutdown();
    fast.server.forceShutdown();
  });

  it('over several targets (BalancedClient)', async () => {
    const [s0, f0] = [slow.served(), fast.served()];
    const client = new BalancedClient('t', [`127.0.0.1:${slow.port}`, `127.0.0.1:${fast.port}`]);
    await drive(() => client.call(METHOD, Buffer.from('x'), Date.now() + 10_000), 40, 2);
    client.close();
    const [s, f] = [slow.served() - s0, fast.served() - f0];
    expect(s + f).toBe(40);
    expect(f).toBeGreaterThanOrEqual(30);
  });

  it('over the addresses of one target (the grpc-js policy, as for a dns:/// name)', async () => {
    const [s0, f0] = [slow.served(), fast.served()];
    const client = new grpc.Client(`ipv4:127.0.0.1:${slow.port},127.0.0.1:${fast.port}`, grpc.credentials.createInsecure(), clientOptions());
    await new Promise<void>((res, rej) => client.waitForReady(Date.now() + 5000, (e) => (e ? rej(e) : res())));
    // Wait until both addresses are connected, so the first calls can choose between them.
    await new Promise((r) => setTimeout(r, 500));
    const one = () =>
      new Promise<void>((res, rej) =>
        client.makeUnaryRequest(METHOD.path, (b: Buffer) => b, (b: Buffer) => b, Buffer.from('x'), (e) => (e ? rej(e) : res())),
      );
    await drive(one, 40, 2);
    client.close();
    const [s, f] = [slow.served() - s0, fast.served() - f0];
    expect(s + f).toBe(40);
    expect(s).toBeGreaterThan(0); // both addresses are in use
    expect(f).toBeGreaterThanOrEqual(30);
  });
});
