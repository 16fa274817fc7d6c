// Bad input end to end through the built CLI: refused before anything starts, echoed bounded,
// never the contents of a file; and a store row that cannot be read is skipped, not fatal.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { bin, root, tmp, training } from './helpers/services.js';

const require = createRequire(import.meta.url);
const mixed = join(root, 'test', 'fixtures', 'mixed.py');

function batt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, BATT_STORE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A data directory holding copies of these bundled tasks. */
function dataWith(...ids: string[]): string {
  const dir = tmp();
  for (const id of ids) copyFileSync(join(training, `${id}.json`), join(dir, `${id}.json`));
  return dir;
}

describe('refused before anything starts', () => {
  const aFile = join(tmp(), 'not-a-dir');
  writeFileSync(aFile, 'x');
  it.each([
    [['run', '--limit', '4294967296'], /--limit must be an integer from 1 to 4294967295/],
    [['run', '--rounds', '1e12'], /--rounds must be an integer from 1 to 1000000/],
    [['run', '--seed', '1e30'], /--seed must be an integer from 0 to 4294967295/],
    [['run', '--budget-s', '1e12'], /--budget-s must be a number from 0 to 86400/],
    [['run', '--concurrency', '100000'], /--concurrency must be an integer from 1 to 1024/],
    [['run', '--store', aFile], /--store '.*not-a-dir' is a file, not a directory/],
  ].map(([argv, msg]) => [(argv as string[]).join(' ').replace(aFile, '<file>'), argv, msg]))('batt %s: exit 2, one line, no service started', (_, argv, msg) => {
    const r = batt(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(msg as RegExp)]); // no "services: ..." line
    expect(r.stdout).toBe('');
  });
});

describe('files that are not what they claim', () => {
  it('a task file that is a symlink to a system file is skipped by name, its bytes never shown', () => {
    const dir = dataWith('3c9b0459');
    const secret = join(tmp(), 'passwd');
    writeFileSync(secret, 'root:x:0:0:hunter2:/root:/bin/bash\n');
    symlinkSync(secret, join(dir, 'abcdef12.json'));
    const r = batt('validate', mixed, '--data', dir);
    expect(r.stderr).toMatch(/^warning: skipped task 'abcdef12': malformed JSON: not an ARC task file$/m);
    expect(r.stderr + r.stdout).not.toMatch(/hunter2|root:x/);
    expect(r.stdout).toMatch(/^PASS 3c9b0459/m);
  });

  it('a submission that is not JSON is named, not shown', () => {
    const f = join(tmp(), 'sub.json');
    writeFileSync(f, 'hunter2 is the password');
    const r = batt('score', f, '--solutions', training);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(/^batt score: submission '.*sub\.json' is not valid JSON$/);
  });
});

describe('unreadable store rows', () => {
  it('batt submit skips a row it cannot read (bad lineage, program text that does not parse), says how many, and writes the rest', () => {
    const store = tmp();
    const data = dataWith('3c9b0459', '68b16354');
    expect(batt('import', mixed, '--data', data, '--store', store).code).toBe(0); // stores 3c9b0459 (rot180)
    const Database = require('better-sqlite3');
    const db = new Database(join(store, 'batt.sqlite'));
    // Another solver for 68b16354 whose lineage is not JSON, and one whose stored text no longer parses.
    db.prepare("INSERT INTO programs (hash, text, size) VALUES (?, '(I):\n    O = vmirror(I)\n    return O\n', 1)").run('a'.repeat(32));
    db.prepare("INSERT INTO programs (hash, text, size) VALUES (?, '(I):\n    O = nosuchprim(I)\n    return O\n', 1)").run('b'.repeat(32));
    const row = "INSERT INTO solvers (task_id, hash, score, partial, speed_us, work, size, origin, lineage, created_at) VALUES ('68b16354', ?, 1, 1, 1, ?, 1, 'test', ?, 'now')";
    db.prepare(row).run('a'.repeat(32), 1, '{broken');
    db.prepare(row).run('b'.repeat(32), 2, '{}');
    db.close();

    const out = join(tmp(), 'submission.json');
    const r = batt('submit', '--out', out, '--data', data, '--store', store);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: skipped 2 unreadable stored solvers: '68b16354' 'a{32}' \(lineage is not valid JSON\); '68b16354' 'b{32}' \(program does not parse: .*nosuchprim.*\)$/m);
    expect(r.stdout).toMatch(/2 tasks, 1 of 2 test inputs predicted/);
    const sub = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(sub).sort()).toEqual(['3c9b0459', '68b16354']);
  });

  it('a store directory whose database is a directory is refused before anything is read', () => {
    const store = tmp();
    mkdirSync(join(store, 'batt.sqlite'));
    const r = batt('submit', '--out', join(tmp(), 'o.json'), '--store', store);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(/^batt submit: --store .*: its database batt\.sqlite is not a file$/);
  });
});
