// The `batt` command line: global flags, then dispatch to one of commands/.
import { UsageError, type Command, type Io } from './command.js';
import { commands } from './commands/index.js';
import { battVersion } from './version.js';

const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function help(): Promise<string> {
  const all = await Promise.all(commands.map((c) => c.load()));
  const width = Math.max(...all.map((c) => c.name.length));
  return [
    "batt: program search over Michael Hodel's ARC DSL",
    '',
    'Usage: batt <command> [options]',
    '',
    'Commands:',
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    "  -h, --help     show this help, or a command's: batt <command> --help",
    '  -V, --version  print the version',
  ].join('\n');
}

/** Runs `batt` with `argv` (the arguments after `batt`) and resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help' || first === 'help') {
    io.out(await help());
    return 0;
  }
  if (first === '-V' || first === '--version') {
    io.out(battVersion());
    return 0;
  }
  const entry = commands.find((c) => c.name === first);
  if (!entry) {
    io.err(first === undefined ? 'batt: no command given' : `batt: unknown command '${first}'`);
    io.err('');
    io.err(await help());
    return 2;
  }
  const command: Command = await entry.load();
  if (rest.includes('-h') || rest.includes('--help')) {
    io.out(`Usage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // The one place bad input is reported: every command throws UsageError, none prints its own.
    if (e instanceof UsageError) {
      io.err(`batt ${command.name}: ${e.message}`);
      if (e.showUsage) io.err(`Usage: ${command.usage}`);
      return 2;
    }
    // Anything else (e.g. the addon not built) is told in one line; BATT_DEBUG shows the stack.
    io.err(`batt ${command.name}: ${process.env.BATT_DEBUG ? (e as Error).stack : (e as Error).message}`);
    return 1;
  }
}
