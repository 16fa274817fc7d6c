// What every `batt` subcommand looks like; each lives in its own file under commands/.
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { QUOTE_MAX } from '@batt/arc-data';
import { UsageError } from '@batt/rpc/limits';

/** Where a command writes: lines to stdout and stderr (a test passes its own). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  name: string;
  /** One line for `batt --help`. */
  summary: string;
  /** The synopsis, e.g. `batt conformance <dir> [--json] [--verbose]`, plus option lines. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[], io: Io): Promise<number>;
}

/**
 * Bad arguments or input: the CLI prints the message and the command's usage, and exits 2.
 * The same type `parseNumber` throws, so every bad value reaches cli.ts by one path.
 */
export { UsageError } from '@batt/rpc/limits';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util's parseArgs in strict mode, its complaints turned into UsageErrors. */
export function parseOptions<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    // node's message repeats the offending argument whole: show it bounded, like any input.
    let message = (e as Error).message;
    const echoed = argv.filter((a) => a.length > QUOTE_MAX && message.includes(a)).sort((a, b) => b.length - a.length)[0];
    if (echoed !== undefined) message = message.split(echoed).join(`${[...echoed].slice(0, QUOTE_MAX).join('')}...[${echoed.length} characters]`);
    throw new UsageError(message, true);
  }
}
