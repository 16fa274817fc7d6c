// Runs the built `batt` CLI as a user would (node + the package's bin) on golden-vector files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkgJson = createRequire(import.meta.url).resolve('@batt/orchestrator/package.json');
const bin = join(dirname(pkgJson), JSON.parse(readFileSync(pkgJson, 'utf8')).bin.batt);

function batt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function goldenFiles(files: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'batt-conformance-'));
  for (const [name, records] of Object.entries(files)) writeFileSync(join(dir, name), records.join('\n') + '\n');
  return dir;
}

describe('batt conformance', () => {
  const dir = goldenFiles({
    'add.jsonl': ['{"f":"add","args":[1,2],"out":3}', '{"f":"add","args":[{"t":[1,2]},{"t":[3,4]}],"out":{"t":[4,6]}}'],
    'subtract.jsonl': ['{"f":"subtract","args":[5,3],"out":2}', '{"f":"subtract","args":[5,3],"out":7}'],
  });

  it('prints one line per primitive and the totals, exit 1 on a failure', () => {
    const r = batt('conformance', dir);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      'ok   add         2 passed,    0 failed',
      'FAIL subtract    1 passed,    1 failed',
      '3 passed, 1 failed',
    ]);
    expect(r.code).toBe(1);
  });

  it('--verbose lists the failures', () => {
    const r = batt('conformance', dir, '--verbose');
    expect(r.stdout).toContain('FAIL subtract    1 passed,    1 failed\n       line 2: want 7, got 2\n');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('3 passed, 1 failed');
  });

  it('--json prints the report', () => {
    const r = batt('conformance', dir, '--json');
    expect(JSON.parse(r.stdout)).toEqual({
      passed: 3,
      failed: 1,
      primitives: [
        { name: 'add', passed: 2, failed: 0, failures: [] },
        { name: 'subtract', passed: 1, failed: 1, failures: ['line 2: want 7, got 2'] },
      ],
    });
    expect(r.code).toBe(1);
  });

  it('exits 0 when every record passes', () => {
    const ok = goldenFiles({ 'add.jsonl': ['{"f":"add","args":[1,2],"out":3}'] });
    expect(batt('conformance', ok)).toMatchObject({ code: 0, stdout: 'ok   add    1 passed,    0 failed\n1 passed, 0 failed\n' });
  });

  it('exits 1 when there is nothing to check', () => {
    const r = batt('conformance', goldenFiles({}));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('0 passed, 0 failed\n');
    expect(r.stderr).toMatch(/no golden records/);
  });

  it('exits 2 with a message for a missing directory', () => {
    const missing = join(tmpdir(), 'batt-no-such-dir');
    const r = batt('conformance', missing);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot read conformance directory ${missing}`);
    expect(r.stdout).toBe('');
  });
});

describe('batt', () => {
  it('lists the primitives', () => {
    const r = batt('primitives');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^identity 1\nadd 2\n/);
    expect(r.stdout).toMatch(/\nvperiod 1\n160 primitives\n$/);
  });

  it('rejects an unknown command with usage, exit 2', () => {
    const r = batt('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'[\s\S]*Usage: batt <command>/);
  });
});
