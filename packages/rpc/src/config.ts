// Service settings from flags, then the environment, then defaults sized from the CPUs this
// process may really use (a container's cgroup quota, not the host's core count).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

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

export class ConfigError extends Error {}

/** Parses a number that must be >= `min` (and whole, if `integer`); `what` names it in the error. */
export function parseNumber(raw: string, what: string, min: number, integer = false): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new ConfigError(`${what} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got '${raw}'`);
  return n;
}

/** A number setting: the flag if given, else `env[name]`, else the default. */
export function numberSetting(flag: string | undefined, envName: string, fallback: number, min = 0, integer = false): number {
  const raw = flag ?? process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  return parseNumber(raw, `${envName} (or its flag)`, min, integer);
}

export function intSetting(flag: string | undefined, envName: string, fallback: number, min = 0): number {
  return numberSetting(flag, envName, fallback, min, true);
}

/** Comma-separated gRPC targets (`host:port`, `dns:///name:port`...). */
export function targets(flag: string | undefined, envName: string): string[] {
  const raw = flag ?? process.env[envName] ?? '';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
