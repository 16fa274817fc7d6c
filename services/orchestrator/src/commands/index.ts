// The subcommands `batt` knows, in the order `batt --help` lists them. A new command is a new
// file here plus one line below.
import type { Command } from '../command.js';
import { conformance } from './conformance.js';
import { importCmd } from './import.js';
import { primitives } from './primitives.js';
import { validate } from './validate.js';

export const commands: readonly Command[] = [validate, importCmd, conformance, primitives];
