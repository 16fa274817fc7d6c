import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import * as grpc from '@grpc/grpc-js';

import { cgroupCpus, clientOptions, LEAST_OUTSTANDING, clientSecurity, ConfigError, connectionCut, frame, gate, isLoopback, numberSetting, parseMetrics, type Security, securityFrom, serverOptions, targets, unframe } from '../src/index.js';

describe('channel settings', () => {
  it('clients ping no more often than servers accept, and both sides use the same message limit', () => {
    const c = clientOptions(8 << 20);
    const s = serverOptions({ maxMessageBytes: 8 << 20 });
    expect(c['grpc.keepalive_time_ms']).toBeGreaterThanOrEqual(s['grpc.http2.min_ping_interval_without_data_ms']);
    expect(c['grpc.max_send_message_length']).toBe(s['grpc.max_receive_message_length']);
    expect(s['grpc.max_send_message_length']).toBe(c['grpc.max_receive_message_length']);
    expect(JSON.parse(c['grpc.service_config'] as string).loadBalancingConfig).toEqual([{ [LEAST_OUTSTANDING]: {} }]);
    // Replaced pods are found again within seconds, not grpc-js's default 30 s.
    expect(c['grpc.dns_min_time_between_resolutions_ms']).toBeLessThanOrEqual(5000);
  });

  it('a recycled connection lets its longest call finish; without recycling there is no age at all', () => {
    const s = serverOptions({ recycle: { maxAgeMs: 2000, longestCallMs: 300_000 } });
    expect(s['grpc.max_connection_age_ms']).toBe(2000);
    expect(s['grpc.max_connection_age_grace_ms']).toBeGreaterThan(300_000);
    const o = serverOptions({});
    expect(o['grpc.max_connection_age_ms']).toBeUndefined();
    expect(o['grpc.max_connection_age_grace_ms']).toBeUndefined();
  });

  it('BATT_KEEPALIVE_S moves the client interval and the servers accept it', () => {
    process.env.BATT_KEEPALIVE_S = '2';
    try {
      expect(clientOptions()['grpc.keepalive_time_ms']).toBe(2000);
      expect(serverOptions()['grpc.http2.min_ping_interval_without_data_ms']).toBeLessThanOrEqual(2000);
      process.env.BATT_KEEPALIVE_S = '0';
      expect(() => clientOptions()).toThrow(/BATT_KEEPALIVE_S .*must be a number from 0.5 to 3600/);
    } finally {
      delete process.env.BATT_KEEPALIVE_S;
    }
    expect(clientOptions()['grpc.keepalive_time_ms']).toBe(30_000);
  });

  it('calls cut with their connection are retryable; answers are not', () => {
    expect(connectionCut({ code: grpc.status.UNAVAILABLE, details: 'Connection dropped' })).toBe(true);
    expect(connectionCut({ code: grpc.status.INTERNAL, details: 'Received RST_STREAM with code 0 (Call ended without gRPC status)' })).toBe(true);
    expect(connectionCut({ code: grpc.status.INTERNAL, details: 'worker failed twice' })).toBe(false);
    expect(connectionCut({ code: grpc.status.UNAUTHENTICATED, details: 'missing or wrong token' })).toBe(false);
    expect(connectionCut({ code: grpc.status.INVALID_ARGUMENT })).toBe(false);
  });
});

describe('security settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sec-'));
  const f = (name: string) => (writeFileSync(join(dir, name), `-----BEGIN ${name}-----\n`), join(dir, name));

  it('nothing set: no TLS, no token', () => {
    expect(securityFrom({}, {})).toEqual({});
  });

  it('flags win over the environment; files are read once', () => {
    const s = securityFrom({ token: 'from-flag' }, { BATT_TOKEN: 'from-env', BATT_TLS_CA: f('CA') });
    expect(s.token).toBe('from-flag');
    expect(String(s.tls!.ca)).toMatch(/BEGIN CA/);
    expect(s.tls!.verifyClients).toBe(false);
    expect(securityFrom({}, { BATT_TLS_CERT: f('C'), BATT_TLS_KEY: f('K'), BATT_TLS_CA: f('CA'), BATT_TLS_VERIFY_CLIENTS: '1' }).tls!.verifyClients).toBe(true);
  });

  it('bad combinations and unreadable files are one clear error', () => {
    expect(() => securityFrom({ 'tls-cert': f('C') }, {})).toThrow(/--tls-cert and --tls-key go together/);
    expect(() => securityFrom({ 'tls-verify-clients': true, 'tls-cert': f('C'), 'tls-key': f('K') }, {})).toThrow(/needs --tls-ca/);
    expect(() => securityFrom({ 'tls-ca': join(dir, 'missing.pem') }, {})).toThrow(/--tls-ca \(BATT_TLS_CA\): cannot read '.*missing.pem': ENOENT/);
    expect(() => securityFrom({ token: 'two words' }, {})).toThrow(ConfigError);
    expect(() => securityFrom({}, { BATT_TLS_VERIFY_CLIENTS: 'yes' })).toThrow(/BATT_TLS_VERIFY_CLIENTS must be 1 or 0/);
  });

  it('the gate: UNAUTHENTICATED without the token; once closing, UNAVAILABLE on a connection already open', async () => {
    const id = (b: Buffer) => b;
    const def = { echo: { path: '/t.T/Echo', requestStream: false, responseStream: false, requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id } };
    let closing = false;
    const server = new grpc.Server({ interceptors: [gate({ token: 'tok', closing: () => closing, name: 'echo' })] });
    server.addService(def, { echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, call.request) });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    const open = (s: Security) => {
      const { credentials, interceptors } = clientSecurity(s);
      return new grpc.Client(`127.0.0.1:${port}`, credentials, { interceptors });
    };
    const echo = (c: grpc.Client) =>
      new Promise<{ code: grpc.status; details: string }>((resolve) =>
        c.makeUnaryRequest(def.echo.path, id, id, Buffer.from('hi'), new grpc.Metadata(), { deadline: Date.now() + 5000 }, (e) => resolve({ code: e ? e.code : grpc.status.OK, details: e?.details ?? '' })),
      );
    const withToken = open({ token: 'tok' });
    const without = open({});
    try {
      expect((await echo(withToken)).code).toBe(grpc.status.OK);
      expect(await echo(without)).toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: expect.stringMatching(/missing or wrong token/) });
      expect((await echo(open({ token: 'tok2' }))).code).toBe(grpc.status.UNAUTHENTICATED);
      closing = true; // the server still listens and the connection is up: only the gate answers
      expect(await echo(withToken)).toMatchObject({ code: grpc.status.UNAVAILABLE, details: expect.stringMatching(/echo is shutting down/) });
    } finally {
      withToken.close();
      without.close();
      server.forceShutdown();
    }
  });

  it('loopback is 127/8, ::1 and localhost; 0.0.0.0 is every interface', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.5', '127.0.0.1.example.com'].some(isLoopback)).toBe(false);
  });
});

describe('settings', () => {
  it('reads a cgroup v2 quota, a v1 quota, or none', () => {
    const v2 = mkdtempSync(join(tmpdir(), 'cg-'));
    writeFileSync(join(v2, 'cpu.max'), '150000 100000\n');
    expect(cgroupCpus(v2)).toBe(1.5);
    writeFileSync(join(v2, 'cpu.max'), 'max 100000\n');
    expect(cgroupCpus(v2)).toBeUndefined();
    const v1 = mkdtempSync(join(tmpdir(), 'cg-'));
    mkdirSync(join(v1, 'cpu'));
    writeFileSync(join(v1, 'cpu', 'cpu.cfs_quota_us'), '200000');
    writeFileSync(join(v1, 'cpu', 'cpu.cfs_period_us'), '100000');
    expect(cgroupCpus(v1)).toBe(2);
    expect(cgroupCpus(mkdtempSync(join(tmpdir(), 'cg-')))).toBeUndefined();
  });

  it('flags win over the environment; bad values are named', () => {
    process.env.BATT_X_TEST = '7';
    expect(numberSetting(undefined, 'BATT_X_TEST', 1, 'workers')).toBe(7);
    expect(numberSetting('3', 'BATT_X_TEST', 1, 'workers')).toBe(3);
    expect(() => numberSetting('two', 'BATT_X_TEST', 1, 'workers')).toThrow(ConfigError);
    expect(() => numberSetting('0', 'BATT_X_TEST', 1, 'workers')).toThrow(/BATT_X_TEST .* from 1 to 1024, got '0'/);
    delete process.env.BATT_X_TEST;
    expect(targets(' a:1, dns:///b:2 ,', 'BATT_NONE')).toEqual(['a:1', 'dns:///b:2']);
  });
});

describe('parseMetrics', () => {
  it('reads Prometheus text', () => {
    const m = parseMetrics('# HELP x y\n# TYPE x counter\nbatt_requests_total{method="score",code="OK"} 12\nbatt_in_flight 0\n');
    expect(m.get('batt_requests_total{method="score",code="OK"}')).toBe(12);
    expect(m.get('batt_in_flight')).toBe(0);
  });
});

describe('worker reply frames', () => {
  it('carry a reply, or a status and message, and the item count', () => {
    const ok = unframe(frame(0, 70_000, new Uint8Array([1, 2, 3])));
    expect(ok).toEqual({ ok: new Uint8Array([1, 2, 3]), items: 70_000 });
    const err = unframe(frame(4, 0, new TextEncoder().encode('deadline passed')));
    expect(err).toEqual({ code: 4, message: 'deadline passed', items: 0 });
  });
});
