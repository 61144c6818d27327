export * from './errors.js';
export * from './http.js';
export * from './metrics-plugin.js';
export * from './subgraph-server.js';
export * from './type-defs.js';
export * from './http-server.js';
export * from './run-subgraph.js';
export * from './rule-coverage.js';
