/**
 * The gateway in front of two real subgraph servers (the service kit's server with shield and
 * identity verification): partners and trusted documents, limits, rate limits with real Redis,
 * introspection, degradation when a subgraph is down, identity and trace forwarding.
 */
import { composeServices } from '@apollo/composition';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppError,
  createLogger,
  createMetrics,
  createRedis,
  isKind,
  or,
  requirePermission,
  requireScope,
  startTracing,
  type AuthContext,
  type Tracing,
  type Identity,
  type Redis,
} from '@badge/service-kit';
import {
  createSubgraphServer,
  subgraphTypeDefs,
  type SubgraphServer,
} from '@badge/service-kit/graphql';
import { uniqueId } from '@badge/testing';
import type { Authenticated } from '../src/auth/authenticate.js';
import { createGateway } from '../src/gateway.js';
import { operationId, type PersistedOperation } from '../src/persisted/manifest.js';
import { createRateLimiter } from '../src/resilience/rate-limiter.js';

const SECRETS = ['gateway-test-secret-gateway-test-secret'];
const silent = createLogger({ name: 'test', level: 'silent' });

const ALPHA = /* GraphQL */ `
  type Query {
    items: [Item!]!
    whoAmI: String!
    traceparent: String
    deep: Node
  }
  type Item @key(fields: "id") {
    id: ID!
    name: String!
  }
  type Node {
    name: String!
    child: Node
  }
`;
const BETA = /* GraphQL */ `
  type Query {
    beta: String!
  }
`;
const readBadges = or(requirePermission('badge:badge:read'), requireScope('read:badges'));
const anyone = or(isKind('admin'), isKind('partner'), isKind('anonymous'), isKind('user'));
const node = (depth: number): unknown =>
  depth === 0 ? null : { name: `n${depth}`, child: node(depth - 1) };

let lastTraceparent: string | undefined;
const subgraphs: Record<string, SubgraphServer> = {};
const urls: Record<string, string> = {};
let gateway: ReturnType<typeof createGateway>;
let gatewayUrl: string;
let redis: Redis;

const PARTNER_OPS = ['query PartnerItems { items { id name } }', 'query PartnerWho { whoAmI }'].map(
  (body) => ({
    id: operationId(body),
    name: /query (\w+)/.exec(body)![1]!,
    type: 'query' as const,
    body,
  }),
);
const manifest = new Map<string, PersistedOperation>(PARTNER_OPS.map((o) => [o.id, o]));

// Callers by header, as the real authenticator would produce them (its own tests cover tokens).
const CALLERS: Record<string, Authenticated> = {
  admin: {
    identity: {
      kind: 'admin',
      subject: 'admin-1',
      roles: [],
      permissions: ['badge:badge:read'],
      scopes: [],
      mfa: true,
    },
  },
  reader: {
    identity: {
      kind: 'partner',
      subject: 'k-reader',
      apiKeyId: 'k-reader',
      roles: [],
      permissions: [],
      scopes: ['read:badges'],
      mfa: false,
    },
    apiKeyRateLimit: 60,
  },
  other: {
    identity: {
      kind: 'partner',
      subject: 'k-other',
      apiKeyId: 'k-other',
      roles: [],
      permissions: [],
      scopes: ['read:users'],
      mfa: false,
    },
    apiKeyRateLimit: 1000,
  },
};

async function startGateway(production = false) {
  const sdl = composeServices(
    Object.entries({ alpha: ALPHA, beta: BETA }).map(([name, typeDefs]) => ({
      name,
      url: urls[name]!,
      typeDefs: subgraphTypeDefs([typeDefs]),
    })),
  ).supergraphSdl!;
  const g = createGateway({
    urls,
    identitySecrets: SECRETS,
    timeoutMs: 2_000,
    maxSocketsPerSubgraph: 16,
    breaker: { failureThreshold: 3, cooldownMs: 60_000 },
    introspection: !production,
    production,
    authenticate: async (req) => {
      const who = req.headers['x-test-caller'];
      if (typeof who === 'string') {
        const caller = CALLERS[who.split(':')[0]!];
        if (!caller) throw new AppError('UNAUTHENTICATED', 'unknown test caller');
        // a unique key per test keeps rate-limit windows independent
        return who.includes(':')
          ? { ...caller, identity: { ...caller.identity, apiKeyId: who } }
          : caller;
      }
      return {
        identity: {
          kind: 'anonymous',
          subject: 'anonymous',
          roles: [],
          permissions: [],
          scopes: [],
          mfa: false,
        },
      };
    },
    rateLimiter: createRateLimiter(redis),
    rateLimits: { anonymousPerMinute: 1000, partnerDefaultPerMinute: 1000 },
    limits: {
      maxDepth: 12,
      maxAliases: 30,
      maxCost: 20_000,
      maxTokens: 5_000,
      maxBodyBytes: 1_000_000,
    },
    persistedOperations: manifest,
    logger: silent,
    metrics: createMetrics({ service: 'gateway-test' }),
    checks: () => [],
    supergraphSdl: sdl,
  });
  const { url } = await g.start(0, '127.0.0.1');
  return { g, url };
}

let tracing: Tracing;

beforeAll(async () => {
  tracing = startTracing({ service: 'gateway-test', exporter: new InMemorySpanExporter() });
  redis = createRedis('redis://127.0.0.1:6379', silent);
  const common = {
    port: 0,
    host: '127.0.0.1',
    identitySecrets: SECRETS,
    logger: silent,
    checks: () => [],
    introspection: false,
  };
  subgraphs.alpha = createSubgraphServer<AuthContext>({
    ...common,
    service: 'alpha',
    metrics: createMetrics({ service: 'alpha' }),
    modules: [
      {
        typeDefs: ALPHA,
        resolvers: {
          Query: {
            items: () => [{ id: '1', name: 'one' }],
            whoAmI: (_: unknown, __: unknown, ctx: AuthContext) =>
              `${ctx.identity.kind}:${ctx.identity.subject}`,
            traceparent: () => lastTraceparent ?? null,
            deep: () => node(30),
          },
          Item: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: 'ref' }) },
        },
        permissions: {
          Query: { items: readBadges, whoAmI: anyone, traceparent: anyone, deep: anyone },
          Item: readBadges,
          Node: anyone,
        },
      },
    ],
    createContext: (identity: Identity, req) => {
      lastTraceparent =
        typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
      return { identity };
    },
  });
  subgraphs.beta = createSubgraphServer<AuthContext>({
    ...common,
    service: 'beta',
    metrics: createMetrics({ service: 'beta' }),
    modules: [
      {
        typeDefs: BETA,
        resolvers: { Query: { beta: () => 'b' } },
        permissions: { Query: { beta: anyone } },
      },
    ],
    createContext: (identity: Identity) => ({ identity }),
  });
  for (const [name, s] of Object.entries(subgraphs)) urls[name] = (await s.start()).url;
  ({ g: gateway, url: gatewayUrl } = await startGateway());
});

afterAll(async () => {
  await gateway?.stop();
  for (const s of Object.values(subgraphs)) await s.stop().catch(() => undefined);
  redis?.disconnect();
  await tracing?.shutdown();
});

async function post(body: unknown, headers: Record<string, string> = {}, url = gatewayUrl) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // non-JSON error pages are asserted through status
  }
  return { status: res.status, headers: res.headers, ...json };
}
const persisted = (name: string) => ({
  extensions: {
    persistedQuery: { version: 1, sha256Hash: PARTNER_OPS.find((o) => o.name === name)!.id },
  },
});

describe('gateway', () => {
  it('forwards a signed identity that the subgraph verifies', async () => {
    const res = await post({ query: '{ whoAmI beta }' }, { 'x-test-caller': 'admin' });
    expect(res.data).toEqual({ whoAmI: 'admin:admin-1', beta: 'b' });
  });

  it('runs partner operations only by trusted id, within the key scope', async () => {
    const ok = await post(persisted('PartnerItems'), { 'x-test-caller': 'reader' });
    expect(ok.data).toEqual({ items: [{ id: '1', name: 'one' }] });
    const raw = await post({ query: '{ items { id } }' }, { 'x-test-caller': 'reader' });
    expect(raw.status).toBe(403);
    expect(raw.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
    const unknown = await post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } },
      { 'x-test-caller': 'reader' },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const outOfScope = await post(persisted('PartnerItems'), { 'x-test-caller': 'other' });
    expect(outOfScope.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const smuggled = await post(
      { query: '{ whoAmI }', ...persisted('PartnerItems') },
      { 'x-test-caller': 'reader' },
    );
    expect(smuggled.data).toEqual({ items: [{ id: '1', name: 'one' }] }); // the manifest body wins
  });

  it('refuses depth 20, 100 aliases and a 2 MB body before touching a subgraph', async () => {
    const deep = `{ deep { ${'child { '.repeat(19)}name${' }'.repeat(19)} } }`;
    const tooDeep = await post({ query: deep }, { 'x-test-caller': 'admin' });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.errors?.[0]?.message).toMatch(/depth 21 exceeds the limit of 12/);
    const aliases = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: beta`).join(' ')} }`;
    const tooMany = await post({ query: aliases }, { 'x-test-caller': 'admin' });
    expect(tooMany.errors?.some((e) => /aliases 100 exceeds the limit of 30/.test(e.message))).toBe(
      true,
    );
    const huge = await post(
      { query: `{ beta } # ${'x'.repeat(2_000_000)}` },
      { 'x-test-caller': 'admin' },
    );
    expect(huge.status).toBe(413);
  });

  it('answers the 61st request in a minute of a key limited to 60 with 429 and Retry-After', async () => {
    const caller = `reader:${uniqueId('key')}`;
    // Stay inside one fixed window: wait if fewer than 5 s remain in the current minute.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 5_000) await new Promise((r) => setTimeout(r, left + 50));
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++)
      statuses.push((await post(persisted('PartnerWho'), { 'x-test-caller': caller })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await post(persisted('PartnerWho'), { 'x-test-caller': caller });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  }, 30_000);

  it('propagates the trace id to the subgraph', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await post(
      { query: '{ traceparent }' },
      { 'x-test-caller': 'admin', traceparent: `00-${traceId}-b7ad6b7169203331-01` },
    );
    expect(lastTraceparent?.split('-')[1]).toBe(traceId);
  });

  it('turns introspection off in production', async () => {
    const dev = await post(
      { query: '{ __schema { queryType { name } } }' },
      { 'x-test-caller': 'admin' },
    );
    expect(dev.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const prod = await startGateway(true);
    try {
      const res = await post(
        { query: '{ __schema { queryType { name } } }' },
        { 'x-test-caller': 'admin' },
        prod.url,
      );
      expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    } finally {
      await prod.g.stop();
    }
  });

  it('serves the other fields when a subgraph is down, with an error on the failed ones', async () => {
    await subgraphs.beta!.stop();
    const res = await post({ query: '{ whoAmI beta }' }, { 'x-test-caller': 'admin' });
    expect(res.status).toBe(200);
    expect(res.data).toBeNull(); // beta is non-null at the root, so the root nulls…
    const partial = await post({ query: '{ whoAmI }' }, { 'x-test-caller': 'admin' });
    expect(partial.data).toEqual({ whoAmI: 'admin:admin-1' }); // …while alpha keeps answering
    expect(res.errors?.length).toBeGreaterThan(0);
  });
});
