export * from './grid.js';
export * from './task.js';
export { defaultDataDir, repoRoot } from './paths.js';
export { LIST_MAX, quote, QUOTE_MAX, quoteList } from './quote.js';
