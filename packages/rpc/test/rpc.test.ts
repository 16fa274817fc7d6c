import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { cgroupCpus, clientOptions, ConfigError, frame, numberSetting, parseMetrics, serverOptions, targets, unframe } from '../src/index.js';

describe('channel settings', () => {
  it('clients ping no more often than servers accept, and both sides use the same message limit', () => {
    const c = clientOptions(8 << 20);
    const s = serverOptions(8 << 20);
    expect(c['grpc.keepalive_time_ms']).toBeGreaterThanOrEqual(s['grpc.http2.min_ping_interval_without_data_ms']);
    expect(c['grpc.max_send_message_length']).toBe(s['grpc.max_receive_message_length']);
    expect(s['grpc.max_send_message_length']).toBe(c['grpc.max_receive_message_length']);
    expect(JSON.parse(c['grpc.service_config'] as string).loadBalancingConfig).toEqual([{ round_robin: {} }]);
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
