export * from './store.js';
export { SCHEMA_VERSION } from './schema.js';
