/**
 * Baseline 1: a stock @apollo/gateway + @apollo/server (standalone) over the same supergraph and
 * subgraphs, forwarding the client's pre-signed identity header unchanged. No authentication,
 * limits, breakers or metrics: the floor our gateway's extra work is measured against.
 * env: PORT, SUPERGRAPH_PATH, SUBGRAPH_<NAME>_URL
 */
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { benchEnv } from './environment.js';

interface Ctx {
  identity?: string;
}

const env = benchEnv();
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(env.supergraphPath, 'utf8'),
  buildService: ({ name }) =>
    new (class extends RemoteGraphQLDataSource<Ctx> {
      override willSendRequest({
        request,
        context,
      }: {
        request: { http?: { headers: { set(k: string, v: string): void } } };
        context: Ctx;
      }) {
        if (context.identity) request.http?.headers.set('x-badge-identity', context.identity);
      }
    })({ url: env.subgraphUrls[name] }),
});
const server = new ApolloServer<Ctx>({ gateway, introspection: false });
const { url } = await startStandaloneServer(server, {
  listen: { port: env.port, host: '127.0.0.1' },
  context: async ({ req }) => {
    const identity = req.headers['x-badge-identity'];
    return typeof identity === 'string' ? { identity } : {};
  },
});
process.stdout.write(`READY ${url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
