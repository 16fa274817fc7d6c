// `batt validate` and `batt import` run as a user would, on solver files and the bundled data.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkgJson = createRequire(import.meta.url).resolve('@batt/orchestrator/package.json');
const bin = join(dirname(pkgJson), JSON.parse(readFileSync(pkgJson, 'utf8')).bin.batt);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const seeds = join(root, 'data', 'seeds', 'solvers.py');
const mixed = join(root, 'test', 'fixtures', 'mixed.py');

function batt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, BATT_STORE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'batt-validate-'));

describe('batt validate', () => {
  // arc-dsl's own solvers.py is not shipped; point ARC_DSL_SOLVERS at it to run this check.
  it.skipIf(!process.env.ARC_DSL_SOLVERS)('validates 399 of the 400 arc-dsl solvers, as the reference does', () => {
    const r = batt('validate', process.env.ARC_DSL_SOLVERS!, '--json');
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ validated: 399, total: 400 });
    expect(s.tasks.filter((t: { ok: boolean }) => !t.ok).map((t: { taskId: string }) => t.taskId)).toEqual(['e40b9e2f']);
  });

  it('validates every bundled seed solver on all its pairs', () => {
    const r = batt('validate', seeds);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^validated 61 of 61 \(\d+ ms\)$/m);
    expect(r.stdout).not.toMatch(/^FAIL/m);
    expect(r.code).toBe(0);
  });

  it('reports pass, wrong output, missing task, runtime error and budget per task', () => {
    const r = batt('validate', mixed);
    const out = r.stdout;
    expect(out).toMatch(/^PASS 3c9b0459 {2}train 4\/4 {2}test 1\/1 /m);
    expect(out).toMatch(/^FAIL 68b16354 {2}train 0\/3 {2}test 0\/1 /m);
    expect(out).toMatch(/^ {7}train\[0\] wrong output$/m);
    expect(out).toMatch(/^SKIP 00000000 {2}no task '00000000'/m);
    expect(out).toMatch(/^FAIL a416b8f3 .*\n {7}train\[0\] runtime error: runtime error at step \d+/m);
    expect(out).toMatch(/^FAIL d631b094 .*\n {7}train\[0\] budget exceeded: budget error/m);
    expect(out).toMatch(/^validated 1 of 5 /m);
    expect(r.code).toBe(1);
  });

  it('--json prints one summary object', () => {
    const r = batt('validate', mixed, '--json');
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ file: 'mixed.py', validated: 1, total: 5 });
    const byId = Object.fromEntries(s.tasks.map((t: { taskId: string }) => [t.taskId, t]));
    expect(byId['3c9b0459']).toMatchObject({ ok: true, trainOk: true, found: true, size: 1 });
    expect(byId['00000000']).toMatchObject({ ok: false, found: false, pairs: [] });
    expect(byId['d631b094'].pairs[0]).toMatchObject({ split: 'train', index: 0, status: 'budget' });
    expect(byId['a416b8f3'].pairs[0]).toMatchObject({ status: 'runtime' });
  });

  it('a small --fuel stops programs with a budget error, not a failure of the program', () => {
    const r = batt('validate', seeds, '--fuel', '50', '--json');
    const s = JSON.parse(r.stdout);
    const statuses = new Set(s.tasks.flatMap((t: { pairs: { status: string }[] }) => t.pairs.map((p) => p.status)));
    expect(statuses.has('budget')).toBe(true);
    expect(statuses.has('wrong')).toBe(false);
  });

  it.each([
    ['undefined name', 'def solve_x(I):\n    O = rot91(I)\n    return O\n', /bad\.py:2:9: undefined name 'rot91'/],
    ['wrong arity', 'def solve_x(I):\n    O = fill(I, ONE)\n    return O\n', /bad\.py:2:13: fill takes 3 arguments, got 2/],
    ['python', 'import os\nos.system("echo hi")\n', /bad\.py:2:1: expected 'def', an import or a docstring at top level/],
  ])('rejects a file with %s, naming file, line and column (exit 2)', (_, src, msg) => {
    const f = join(tmp(), 'bad.py');
    writeFileSync(f, src);
    const r = batt('validate', f);
    expect(r.stderr).toMatch(msg);
    expect(r.code).toBe(2);
  });

  it('rejects non-UTF-8, a missing file, and bad data with clear messages', () => {
    const f = join(tmp(), 'latin1.py');
    writeFileSync(f, Buffer.from([0x64, 0x65, 0x66, 0x20, 0xe9, 0x0a]));
    expect(batt('validate', f).stderr).toMatch(/latin1\.py:1:5: file is not valid UTF-8/);
    expect(batt('validate', '/nonexistent.py')).toMatchObject({ code: 2, stderr: expect.stringMatching(/no such file/) });
    const r = batt('validate', seeds, '--data', '/nonexistent');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot load data: no such file or directory/);
  });

  it('skips malformed tasks with a warning and validates the rest', () => {
    const dir = tmp();
    writeFileSync(join(dir, '3c9b0459.json'), readFileSync(join(root, 'data/arc-agi-1/training/3c9b0459.json')));
    writeFileSync(join(dir, '68b16354.json'), '{"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": [{"input": [[1]]}]}');
    const r = batt('validate', mixed, '--data', dir);
    expect(r.stderr).toMatch(/warning: skipped task '68b16354': .*not rectangular/);
    expect(r.stdout).toMatch(/^PASS 3c9b0459/m);
    expect(r.stdout).toMatch(/^SKIP 68b16354/m);
  });
});

describe('batt import', () => {
  it('stores only solvers that solve all demo pairs, once, and leaves the store intact on bad input', () => {
    const store = tmp();
    const r = batt('import', mixed, '--store', store, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ stored: 1, added: 1 });
    const again = JSON.parse(batt('import', mixed, '--store', store, '--json').stdout);
    expect(again).toMatchObject({ stored: 1, added: 0 });
    const bad = join(tmp(), 'bad.py');
    writeFileSync(bad, 'def solve_x(I):\n    O = (I\n');
    expect(batt('import', bad, '--store', store).code).toBe(2);
    const seeded = JSON.parse(batt('import', seeds, '--store', store, '--json').stdout);
    expect(seeded).toMatchObject({ stored: 61, added: 60 });
  });
});
