export * from './store.js';
export { compareSolvers, RANK_KEYS, RANK_SQL, type Ranked } from './order.js';
export { HEARTBEAT_MS, ownerGone, type RunRecord, type RunStatus, STALE_MS } from './runs.js';
export { SCHEMA_VERSION } from './schema.js';
