import type { IncomingMessage } from 'node:http';
import {
  createLogger,
  createMetrics,
  signIdentity,
  type AuthContext,
  type Identity,
  type Permission,
  type ApiKeyScope,
} from '@badge/service-kit';
import { createSubgraphServer, type SubgraphModule } from '@badge/service-kit/graphql';

/** Identity secret shared by the test server and the signed test identities. */
const SECRETS = ['test-identity-secret-test-identity-secret'];

/** Identities as the gateway would forward them. */
export const identities = {
  admin: (permissions: readonly Permission[], subject = 'test-admin'): Identity => ({
    kind: 'admin',
    subject,
    roles: [],
    permissions: [...permissions],
    scopes: [],
    mfa: true,
  }),
  user: (subject: string): Identity => ({
    kind: 'user',
    subject,
    roles: [],
    permissions: [],
    scopes: [],
    mfa: false,
  }),
  partner: (scopes: readonly ApiKeyScope[], subject = 'test-key'): Identity => ({
    kind: 'partner',
    subject,
    roles: [],
    permissions: [],
    scopes: [...scopes],
    apiKeyId: subject,
    mfa: false,
  }),
  service: (subject: string, permissions: readonly Permission[] = []): Identity => ({
    kind: 'service',
    subject,
    roles: [],
    permissions: [...permissions],
    scopes: [],
    mfa: false,
  }),
  anonymous: (): Identity => ({
    kind: 'anonymous',
    subject: 'anonymous',
    roles: [],
    permissions: [],
    scopes: [],
    mfa: false,
  }),
};

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  data?: TData | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; details?: Record<string, unknown> };
  }[];
}

export interface TestSubgraph {
  url: string;
  /** Runs an operation as `identity` (undefined: no identity header, as a direct call would). */
  request<TData = Record<string, unknown>>(
    identity: Identity | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<TData>>;
  stop(): Promise<void>;
}

/**
 * The real subgraph server (shield, error masking, identity verification) on a free port, for
 * integration and `_entities` contract tests. Services and repositories are the real ones.
 */
export async function startTestSubgraph<TContext extends AuthContext>(options: {
  modules: readonly SubgraphModule[];
  createContext: (identity: Identity, req: IncomingMessage) => TContext | Promise<TContext>;
}): Promise<TestSubgraph> {
  const server = createSubgraphServer<TContext>({
    service: 'test-subgraph',
    modules: options.modules,
    port: 0,
    host: '127.0.0.1',
    identitySecrets: SECRETS,
    logger: createLogger({ name: 'test-subgraph', level: 'silent' }),
    metrics: createMetrics({ service: 'test-subgraph' }),
    checks: () => [],
    createContext: options.createContext,
    introspection: false,
  });
  const { url } = await server.start();
  return {
    url,
    async request(identity, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (identity) headers['x-badge-identity'] = await signIdentity(identity, SECRETS);
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: res.status,
        ...((await res.json()) as Omit<GraphQLResponse, 'status'>),
      } as never;
    },
    stop: () => server.stop(),
  };
}
