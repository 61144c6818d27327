/**
 * Baseline 2: Hive Gateway (The Guild's gateway runtime) over the same supergraph and subgraphs,
 * propagating the client's pre-signed identity header. env: PORT, SUPERGRAPH_PATH, SUBGRAPH_<NAME>_URL
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { benchEnv } from './environment.js';

const env = benchEnv();
// The committed supergraph carries placeholder URLs (routing is by name); point them at the real ones.
let supergraph = readFileSync(env.supergraphPath, 'utf8');
for (const [name, url] of Object.entries(env.subgraphUrls)) {
  supergraph = supergraph.replace(`http://${name}-subgraph/graphql`, url);
}
const runtime = createGatewayRuntime({
  supergraph,
  logging: 'error',
  graphqlEndpoint: '/graphql',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const identity = request.headers.get('x-badge-identity');
      return identity ? { 'x-badge-identity': identity } : {};
    },
  },
});
// eslint-disable-next-line @typescript-eslint/no-misused-promises -- the runtime is a node request listener returning a promise
const server = createServer(runtime);
server.listen(env.port, '127.0.0.1', () =>
  process.stdout.write(`READY http://127.0.0.1:${env.port}/graphql\n`),
);
process.on('SIGTERM', () => void Promise.resolve(runtime.dispose()).then(() => process.exit(0)));
