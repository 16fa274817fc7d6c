// Service settings from flags, then the environment, then defaults sized from the CPUs this
// process may really use (a container's cgroup quota, not the host's core count).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

import { LIMITS, type LimitName, parseNumber } from './limits.js';

/** CPUs the cgroup quota allows (cgroup v2 `cpu.max`, or v1 cfs quota), if there is one. */
export function cgroupCpus(root = '/sys/fs/cgroup'): number | undefined {
  try {
    const [quota, period] = readFileSync(`${root}/cpu.max`, 'utf8').trim().split(/\s+/);
    if (quota && quota !== 'max' && period) return Number(quota) / Number(period);
  } catch {
    // not cgroup v2
  }
  try {
    const quota = Number(readFileSync(`${root}/cpu/cpu.cfs_quota_us`, 'utf8'));
    const period = Number(readFileSync(`${root}/cpu/cpu.cfs_period_us`, 'utf8'));
    if (quota > 0 && period > 0) return quota / period;
  } catch {
    // no quota
  }
  return undefined;
}

/** Default worker threads: the usable CPUs, at least 1. */
export function defaultWorkers(): number {
  const quota = cgroupCpus();
  const cpus = availableParallelism();
  return Math.max(1, Math.floor(quota !== undefined ? Math.min(quota, cpus) : cpus));
}

/** Settings errors are usage errors: one type, which the CLI reports in one line with exit 2. */
export { UsageError as ConfigError } from './limits.js';

/** A number setting: the flag if given, else `env[name]`, else the default; checked against `LIMITS[limit]`. */
export function numberSetting(flag: string | undefined, envName: string, fallback: number, limit: LimitName): number {
  const raw = flag ?? process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  return parseNumber(raw, `${envName} (or its flag)`, LIMITS[limit]);
}

/** Comma-separated gRPC targets (`host:port`, `dns:///name:port`...). */
export function targets(flag: string | undefined, envName: string): string[] {
  const raw = flag ?? process.env[envName] ?? '';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
