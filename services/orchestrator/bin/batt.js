#!/usr/bin/env node
// The `batt` command. npm links bins at install time, before anything is built, and drops a bin
// whose file is missing; so the bin is this committed file, and the CLI is the compiled dist/.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('batt: not built yet; run `npm run build` in the repository root first.');
  process.exit(2);
}
// `batt ... | head` closes the pipe early: stop quietly instead of dying on EPIPE.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
const { main } = await import(cli.href);
// exitCode rather than exit(): let stdout drain when it is a pipe.
process.exitCode = await main(process.argv.slice(2));
