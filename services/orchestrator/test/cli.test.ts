// The CLI's own logic: global flags, dispatch and usage errors (the native calls are covered
// end to end in test/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';

async function batt(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('batt', () => {
  it('--help lists every command', async () => {
    const r = await batt('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: batt <command>/);
    expect(r.out).toMatch(/^ {2}conformance +check/m);
    expect(r.out).toMatch(/^ {2}primitives +list/m);
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(await batt('--version')).toEqual({ code: 0, out: version, err: '' });
    expect((await batt('-V')).out).toBe(version);
  });

  it('rejects unknown and missing commands with usage, exit 2', async () => {
    const unknown = await batt('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command 'frobnicate'/);
    expect(unknown.err).toMatch(/Usage: batt <command>/);
    expect((await batt()).code).toBe(2);
  });

  it("shows a command's usage on --help", async () => {
    const r = await batt('conformance', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: batt conformance <dir> \[--json\] \[--verbose\]/);
  });

  it('treats bad command arguments as usage errors, exit 2', async () => {
    for (const argv of [['conformance'], ['conformance', 'a', 'b'], ['conformance', '--bogus', 'x'], ['primitives', 'x']]) {
      const r = await batt(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^batt \w+: .+\nUsage: batt /);
    }
  });
});
