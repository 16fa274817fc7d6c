// The subcommands `batt` knows, in the order `batt --help` lists them. A new command is a new
// file here plus one line below.
import type { Command } from '../command.js';
import { conformance } from './conformance.js';
import { importCmd } from './import.js';
import { primitives } from './primitives.js';
import { run } from './run.js';
import { serve } from './serve.js';
import { score } from './score.js';
import { submit } from './submit.js';
import { validate } from './validate.js';

export const commands: readonly Command[] = [run, serve, submit, score, validate, importCmd, conformance, primitives];
