import { readFileSync } from 'node:fs';

/** batt's version, from the orchestrator's package.json. */
export function battVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
