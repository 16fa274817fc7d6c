export * from './grid.js';
export * from './task.js';
export { defaultDataDir, repoRoot } from './paths.js';
