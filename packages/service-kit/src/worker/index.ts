export * from './decode.js';
export * from './run-worker.js';
export * from './event-handler.js';
