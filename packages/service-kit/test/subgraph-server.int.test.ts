import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppError,
  createLogger,
  createMetrics,
  requirePermission,
  signIdentity,
  type AuthContext,
  type Identity,
} from '../src/index.js';
import { createSubgraphServer, type SubgraphServer } from '../src/graphql/index.js';

const secrets = ['s'.repeat(40)];
const typeDefs = /* GraphQL */ `
  type Query {
    hello: String!
    secretWithoutRule: String!
    failsWithAppError: String!
    failsUnexpectedly: String!
    whoAmI: String!
  }
  type Thing @key(fields: "id") {
    id: ID!
    name: String!
  }
`;

const resolvers = {
  Query: {
    hello: () => 'world',
    secretWithoutRule: () => 'leaked',
    failsWithAppError: () => {
      throw new AppError('OUT_OF_STOCK', 'badge sold out', { badgeId: 'b1' });
    },
    failsUnexpectedly: () => {
      throw new Error('db password is hunter2');
    },
    whoAmI: (_: unknown, __: unknown, ctx: AuthContext) => ctx.identity.subject,
  },
  Thing: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: `thing ${ref.id}` }) },
};
const read = requirePermission('badge:badge:read');
const permissions = {
  Query: { hello: read, failsWithAppError: read, failsUnexpectedly: read, whoAmI: read },
  Thing: read, // type-wide rule (a rule instance, not a field map)
};

const admin: Identity = {
  kind: 'admin',
  subject: 'admin-1',
  roles: [],
  permissions: ['badge:badge:read'],
  scopes: [],
  mfa: true,
};

describe('subgraph server', () => {
  let server: SubgraphServer;
  let url: string;
  let base: string;
  beforeAll(async () => {
    server = createSubgraphServer<AuthContext>({
      service: 'test-subgraph',
      modules: [{ typeDefs, resolvers, permissions }],
      port: 0,
      host: '127.0.0.1',
      identitySecrets: secrets,
      logger: createLogger({ name: 'test', level: 'silent' }),
      metrics: createMetrics({ service: 'test-subgraph' }),
      checks: () => [],
      createContext: (identity) => ({ identity }),
      introspection: false,
    });
    ({ url } = await server.start());
    base = url.replace('/graphql', '');
  });
  afterAll(() => server.stop());

  const gql = async (query: string, identity?: Identity, variables?: Record<string, unknown>) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (identity) headers['x-badge-identity'] = await signIdentity(identity, secrets);
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        data?: Record<string, unknown> | null;
        errors?: { message: string; extensions?: Record<string, unknown> }[];
      },
    };
  };

  it('rejects requests that did not come through the gateway (no signed identity)', async () => {
    const { status, body } = await gql('{ hello }');
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers with the verified identity in context', async () => {
    const { body } = await gql('{ hello whoAmI }', admin);
    expect(body.data).toEqual({ hello: 'world', whoAmI: 'admin-1' });
  });

  it('denies a field without a rule (deny by default) and a caller without the permission', async () => {
    const noRule = await gql('{ secretWithoutRule }', admin);
    expect(noRule.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(noRule.body)).not.toContain('leaked');
    const noPerm = await gql('{ hello }', { ...admin, permissions: [] });
    expect(noPerm.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('maps AppError to a typed error and masks unexpected errors', async () => {
    const typed = await gql('{ failsWithAppError }', admin);
    expect(typed.body.errors?.[0]).toMatchObject({
      message: 'badge sold out',
      extensions: { code: 'OUT_OF_STOCK', details: { badgeId: 'b1' } },
    });
    const masked = await gql('{ failsUnexpectedly }', admin);
    expect(masked.body.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(masked.body)).not.toContain('hunter2');
  });

  it('serves federation _service and _entities (entity fields keep their own rules)', async () => {
    const sdl = await gql('{ _service { sdl } }', admin);
    expect(String((sdl.body.data?._service as { sdl: string }).sdl)).toContain('type Thing');
    const entities = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id name } } }',
      admin,
      { r: [{ __typename: 'Thing', id: '7' }] },
    );
    expect(entities.body.data?._entities).toEqual([{ id: '7', name: 'thing 7' }]);
    const denied = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { name } } }',
      { ...admin, permissions: [] },
      { r: [{ __typename: 'Thing', id: '7' }] },
    );
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses oversized bodies and malformed JSON with clear errors', async () => {
    const big = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ hello } #${'x'.repeat(1_100_000)}` }),
    });
    expect(big.status).toBe(413);
    const bad = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
  });

  it('answers /health and /ready on the main port', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(await (await fetch(`${base}/ready`)).json()).toMatchObject({ status: 'ok' });
  });
});

describe('shield rule coverage', () => {
  it('names every field that has neither a field rule nor a type-wide rule', async () => {
    const { buildModulesSchema, fieldsWithoutRule } = await import('../src/graphql/index.js');
    const { schema, rules } = buildModulesSchema([{ typeDefs, resolvers, permissions }]);
    expect(fieldsWithoutRule(schema, rules)).toEqual(['Query.secretWithoutRule']);
  });
});
