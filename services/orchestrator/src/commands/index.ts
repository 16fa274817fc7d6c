// The subcommands `batt` knows, in the order `batt --help` lists them. A new command is a new
// file here plus one line below. Each is imported only when it runs (or for --help), so
// `batt validate` does not load gRPC and `batt run` does not load what it does not use.
import type { Command } from '../command.js';

export interface CommandEntry {
  name: string;
  load: () => Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  { name: 'run', load: async () => (await import('./run.js')).run },
  { name: 'serve', load: async () => (await import('./serve.js')).serve },
  { name: 'submit', load: async () => (await import('./submit.js')).submit },
  { name: 'eval', load: async () => (await import('./eval.js')).evalCmd },
  { name: 'report', load: async () => (await import('./report.js')).report },
  { name: 'score', load: async () => (await import('./score.js')).score },
  { name: 'validate', load: async () => (await import('./validate.js')).validate },
  { name: 'import', load: async () => (await import('./import.js')).importCmd },
  { name: 'conformance', load: async () => (await import('./conformance.js')).conformance },
  { name: 'primitives', load: async () => (await import('./primitives.js')).primitives },
];
