// `batt primitives`: the DSL's primitives with their arities, in dsl.py order (= their ids).
import type { Command } from '../command.js';
import { parseOptions, UsageError } from '../command.js';

export const primitives: Command = {
  name: 'primitives',
  summary: "list the DSL's primitives and their arities",
  usage: ['batt primitives [--json]', '', '  --json  print the list as JSON'].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError('primitives takes no arguments', true);

    const list = (await import('@batt/native')).primitives();
    if (values.json) {
      io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    for (const p of list) io.out(`${p.name} ${p.arity}`);
    io.out(`${list.length} primitives`);
    return 0;
  },
};
