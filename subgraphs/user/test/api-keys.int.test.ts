import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumedMessage } from './kafka.js';
import {
  createLogger,
  createMetrics,
  signIdentity,
  IDENTITY_HEADER,
  type Identity,
} from '@badge/service-kit';
import { createSubgraphServer, type SubgraphServer } from '@badge/service-kit/graphql';
import { identities, testDatabaseUrl, uniqueId } from '@badge/testing';
import { createCoalescingBuffer, type CoalescingBuffer } from '../src/coalescing-buffer.js';
import { createContextFactory } from '../src/context.js';
import { createOperationEventsHandler } from '../src/consumers/operation-events.js';
import { modules } from '../src/modules/index.js';
import {
  admin,
  capturingLogger,
  gateway,
  metricValue,
  startHarness,
  type Harness,
} from './helpers.js';

const run = promisify(execFile);
const SECRETS = ['api-key-test-identity-secret-0123456789'];

let h: Harness;
let usage: CoalescingBuffer;
let server: SubgraphServer;
let url: string;
const logs = capturingLogger();

beforeAll(async () => {
  let touch: (id: string) => void = () => {};
  h = await startHarness({ databaseUrl: testDatabaseUrl(), touchApiKey: (id) => touch(id) });
  usage = createCoalescingBuffer({
    name: 'test-api-key-usage',
    flushIntervalMs: 60_000,
    minIntervalMs: 60_000,
    write: (entries) => h.repositories.apiKeys.touchLastUsed(entries),
    logger: createLogger({ name: 'test', level: 'silent' }),
  });
  touch = (id) => usage.touch(id);
  // The real subgraph server with a trace-level logger whose output the tests inspect.
  server = createSubgraphServer({
    service: 'user-subgraph-test',
    modules,
    port: 0,
    host: '127.0.0.1',
    identitySecrets: SECRETS,
    logger: logs.logger,
    metrics: createMetrics({ service: 'user-subgraph-test' }),
    checks: () => [],
    createContext: createContextFactory(h.services, { touchApiKey: (id) => usage.touch(id) }),
    introspection: false,
  });
  url = (await server.start()).url;
});
afterAll(async () => {
  await server?.stop();
  await usage?.stop();
  await h?.stop();
});

interface GqlResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; details?: Record<string, unknown> } }[];
}
async function gql<T>(identity: Identity, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: await signIdentity(identity, SECRETS),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult<T>;
}

const keyAdmin = admin(['system:apikey:read', 'system:apikey:write'], {
  subject: uniqueId('keys'),
});
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const KEY_FIELDS = 'id name prefix scopes rateLimitPerMinute expiresAt isEnabled status lastUsedAt';
type Key = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  expiresAt: string | null;
  isEnabled: boolean;
  status: string;
  lastUsedAt: string | null;
};

async function createKey(input: Record<string, unknown> = {}) {
  const res = await gql<{ createApiKey: { apiKey: Key; key: string } }>(
    keyAdmin,
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { ${KEY_FIELDS} } } }`,
    { input: { name: uniqueId('partner'), scopes: ['read:badges', 'read:users'], ...input } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createApiKey;
}

const ACCESS =
  'query ($h: String!) { apiKeyAccess(keyHash: $h) { id name scopes rateLimitPerMinute expiresAt isEnabled isActive } }';
type Access = { id: string; isEnabled: boolean; isActive: boolean; scopes: string[] } | null;
const access = async (key: string) =>
  (await gql<{ apiKeyAccess: Access }>(gateway(), ACCESS, { h: sha256(key) })).data?.apiKeyAccess;

describe('partner API keys', () => {
  it('shows the key once and stores only its prefix and SHA-256 — nowhere in the database or logs', async () => {
    const { key, apiKey } = await createKey({ rateLimitPerMinute: 600 });
    expect(key).toMatch(/^bk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect(apiKey).toMatchObject({ status: 'ACTIVE', isEnabled: true, rateLimitPerMinute: 600 });
    const row = await h.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(sha256(key));
    expect(row.prefix).toBe(apiKey.prefix);

    // Regenerate too (a second plaintext), use both, and fail a call on purpose (error logging).
    const regenerated = await gql<{ regenerateApiKey: { key: string } }>(
      keyAdmin,
      'mutation ($id: ID!) { regenerateApiKey(id: $id) { key } }',
      { id: apiKey.id },
    );
    const key2 = regenerated.data!.regenerateApiKey.key;
    await access(key);
    await access(key2);
    await gql(keyAdmin, 'mutation { regenerateApiKey(id: "nope") { key } }');

    // The audit records of those changes go through the operation-log consumer (trace logs on).
    const outbox = await h.prisma.userOutboxEvent.findMany({
      where: { key: keyAdmin.subject, eventType: 'operation.recorded.v1' },
    });
    expect(outbox.length).toBeGreaterThanOrEqual(2);
    const handler = createOperationEventsHandler({
      logger: logs.logger,
      registry: h.registry,
      inbox: h.repositories.inbox,
      operationLog: h.repositories.operationLog,
      metrics: h.metrics,
    });
    for (const [i, row] of outbox.entries())
      await handler(createConsumedMessage('badge.audit.events', row, i));
    const logged = await h.prisma.operationLog.findMany({ where: { targetId: apiKey.id } });
    expect(logged.map((e) => e.action).sort()).toEqual(['apikey.create', 'apikey.regenerate']);

    // Everything the database holds, as text (bytea columns appear hex-encoded).
    const { stdout: dump } = await run('pg_dump', ['--data-only', testDatabaseUrl()], {
      maxBuffer: 512 * 1024 * 1024,
    });
    // The current key's hash is there (the dump is complete), its secret is not.
    expect(dump.includes(sha256(key2))).toBe(true);
    for (const plaintext of [key, key2]) {
      const secret = plaintext.split('_').slice(2).join('_');
      expect(dump.includes(secret)).toBe(false);
      expect(dump.includes(Buffer.from(secret).toString('hex'))).toBe(false);
      expect(logs.lines.join('\n').includes(secret)).toBe(false);
    }
    expect(logs.lines.length).toBeGreaterThan(0);
  });

  it('answers the gateway by key hash; disabled, expired and deleted keys are refused', async () => {
    const { key, apiKey } = await createKey({ scopes: ['*'] });
    expect(await access(key)).toMatchObject({
      id: apiKey.id,
      isEnabled: true,
      isActive: true,
      scopes: ['*'],
    });
    const unknown = await gql<{ apiKeyAccess: Access }>(gateway(), ACCESS, {
      h: sha256('bk_nope'),
    });
    expect(unknown.data?.apiKeyAccess).toBeNull();
    const malformed = await gql(gateway(), ACCESS, { h: 'not-a-hash' });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const notGateway = await gql(keyAdmin, ACCESS, { h: sha256(key) });
    expect(notGateway.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const setEnabled = (isEnabled: boolean) =>
      gql<{ setApiKeyEnabled: { apiKey: Key } }>(
        keyAdmin,
        `mutation ($id: ID!, $e: Boolean!) { setApiKeyEnabled(id: $id, isEnabled: $e) { apiKey { ${KEY_FIELDS} } } }`,
        { id: apiKey.id, e: isEnabled },
      );
    expect((await setEnabled(false)).data?.setApiKeyEnabled.apiKey.status).toBe('DISABLED');
    expect(await access(key)).toMatchObject({ isEnabled: false, isActive: false });
    expect((await setEnabled(true)).data?.setApiKeyEnabled.apiKey.status).toBe('ACTIVE');
    expect(await access(key)).toMatchObject({ isActive: true });

    const expired = await gql<{ expireApiKey: { apiKey: Key } }>(
      keyAdmin,
      `mutation ($id: ID!) { expireApiKey(id: $id) { apiKey { ${KEY_FIELDS} } } }`,
      { id: apiKey.id },
    );
    expect(expired.data?.expireApiKey.apiKey.status).toBe('EXPIRED');
    const refused = await access(key);
    expect(refused).toMatchObject({ isEnabled: true, isActive: false });
    expect(Date.parse(expired.data!.expireApiKey.apiKey.expiresAt!)).toBeLessThanOrEqual(
      Date.now(),
    );

    // Extending the expiry brings it back; deleting it makes it unknown for good.
    const extended = await gql<{ updateApiKey: { apiKey: Key } }>(
      keyAdmin,
      `mutation ($input: UpdateApiKeyInput!) { updateApiKey(input: $input) { apiKey { ${KEY_FIELDS} } } }`,
      { input: { id: apiKey.id, expiresAt: null, scopes: ['read:grants'], rateLimitPerMinute: 5 } },
    );
    expect(extended.data?.updateApiKey.apiKey).toMatchObject({
      status: 'ACTIVE',
      expiresAt: null,
      scopes: ['read:grants'],
      rateLimitPerMinute: 5,
    });
    const deleted = await gql(
      keyAdmin,
      'mutation ($id: ID!) { deleteApiKey(id: $id) { apiKey { id } } }',
      {
        id: apiKey.id,
      },
    );
    expect(deleted.errors).toBeUndefined();
    expect(await access(key)).toBeNull();
    const again = await gql(
      keyAdmin,
      'mutation ($id: ID!) { setApiKeyEnabled(id: $id, isEnabled: true) { apiKey { id } } }',
      {
        id: apiKey.id,
      },
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    expect(
      await metricValue(h.registry, 'api_key_lookups_total', { result: 'disabled' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await metricValue(h.registry, 'api_key_lookups_total', { result: 'expired' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await metricValue(h.registry, 'api_key_lookups_total', { result: 'not_found' }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('a regenerated key replaces the old one at once', async () => {
    const { key, apiKey } = await createKey();
    const res = await gql<{ regenerateApiKey: { key: string; apiKey: Key } }>(
      keyAdmin,
      `mutation ($id: ID!) { regenerateApiKey(id: $id) { key apiKey { ${KEY_FIELDS} } } }`,
      { id: apiKey.id },
    );
    const fresh = res.data!.regenerateApiKey;
    expect(fresh.apiKey.prefix).not.toBe(apiKey.prefix);
    expect(await access(key)).toBeNull();
    expect(await access(fresh.key)).toMatchObject({ id: apiKey.id, isActive: true });
  });

  it('records last use without blocking lookups (coalesced, written in batches)', async () => {
    const { key, apiKey } = await createKey();
    expect(apiKey.lastUsedAt).toBeNull();
    await access(key);
    await access(key);
    expect(usage.pendingCount()).toBeGreaterThanOrEqual(1);
    await usage.flush();
    const row = await h.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    // A partner's own request reaching this subgraph counts as a use too.
    const other = await createKey();
    await gql(
      { ...identities.partner(['read:users'], other.apiKey.id) },
      'query { user(id: "nobody") { id } }',
    );
    await usage.flush();
    expect(
      (await h.prisma.apiKey.findUniqueOrThrow({ where: { id: other.apiKey.id } })).lastUsedAt,
    ).toBeInstanceOf(Date);
  });

  it('lists keys by status with cursor pagination, and validates input', async () => {
    const tag = uniqueId('list');
    const a = await createKey({ name: `${tag}-a` });
    await createKey({ name: `${tag}-b` });
    await gql(
      keyAdmin,
      'mutation ($id: ID!) { setApiKeyEnabled(id: $id, isEnabled: false) { apiKey { id } } }',
      {
        id: a.apiKey.id,
      },
    );
    const LIST = `query ($f: ApiKeyFilterInput, $a: String) { apiKeys(filter: $f, first: 1, after: $a) { totalCount nodes { name status } pageInfo { endCursor hasNextPage } } }`;
    type List = {
      apiKeys: {
        totalCount: number;
        nodes: { name: string; status: string }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    };
    const first = await gql<List>(keyAdmin, LIST, { f: { search: tag } });
    expect(first.data?.apiKeys.totalCount).toBe(2);
    const second = await gql<List>(keyAdmin, LIST, {
      f: { search: tag },
      a: first.data!.apiKeys.pageInfo.endCursor,
    });
    expect(second.data?.apiKeys.pageInfo.hasNextPage).toBe(false);
    expect(
      [...first.data!.apiKeys.nodes, ...second.data!.apiKeys.nodes].sort((x, y) =>
        x.name.localeCompare(y.name),
      ),
    ).toEqual([
      { name: `${tag}-a`, status: 'DISABLED' },
      { name: `${tag}-b`, status: 'ACTIVE' },
    ]);
    const disabled = await gql<List>(keyAdmin, LIST, { f: { search: tag, status: 'DISABLED' } });
    expect(disabled.data?.apiKeys.totalCount).toBe(1);
    const byPrefix = await gql<List>(keyAdmin, LIST, { f: { search: a.apiKey.prefix } });
    expect(byPrefix.data?.apiKeys.nodes.map((n) => n.name)).toEqual([`${tag}-a`]);

    const bad = async (input: Record<string, unknown>) =>
      (
        await gql(
          keyAdmin,
          'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }',
          {
            input: { name: 'x', scopes: ['read:badges'], ...input },
          },
        )
      ).errors?.[0]?.extensions?.code;
    expect(await bad({ scopes: ['write:everything'] })).toBe('BAD_USER_INPUT');
    expect(await bad({ scopes: [] })).toBe('BAD_USER_INPUT');
    expect(await bad({ expiresAt: '2001-01-01T00:00:00Z' })).toBe('BAD_USER_INPUT');
    expect(await bad({ rateLimitPerMinute: 0 })).toBe('BAD_USER_INPUT');
    expect(await bad({ name: '  ' })).toBe('BAD_USER_INPUT');
    const readOnly = await gql(
      admin(['system:apikey:read']),
      'mutation { createApiKey(input: { name: "x", scopes: ["*"] }) { key } }',
    );
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
