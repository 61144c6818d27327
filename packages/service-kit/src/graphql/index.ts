export * from './errors.js';
export * from './http.js';
export * from './metrics-plugin.js';
export * from './subgraph-server.js';
