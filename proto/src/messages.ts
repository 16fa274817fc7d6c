// batt.v1 messages without service definitions (no grpc-js): what worker threads load.
export * from './messages/batt/v1/common.js';
export * from './messages/batt/v1/generation.js';
export * from './messages/batt/v1/scoring.js';
export * from './messages/batt/v1/validation.js';
export * from './messages/batt/v1/orchestrator.js';
