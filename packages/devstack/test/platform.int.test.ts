/**
 * The README's run command, end to end: the whole platform comes up on this machine (embedded
 * Kafka and OIDC, migrated + seeded database), every process answers /health and /metrics, an
 * admin signed in with MFA queries the gateway, events flow through Kafka into a worker's inbox
 * exactly once, a malformed event lands in the DLQ, and stop() shuts everything down.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ADMIN, DEV_NO_MFA_USER, signInHeadless } from '@badge/dev-oidc';
import { createTestDatabase, type TestDatabase } from '@badge/testing';
import type { DevstackEnv } from '../src/environment.js';
import { startPlatform, type Platform } from '../src/platform.js';

// Ports base..base+400, below Linux's ephemeral range (32768–60999): a port there can be taken by
// any outgoing connection of the tests running alongside (seen: a worker's metrics port in use).
// ops-tests use 10000–19900, the console's browser tests 26000–32400.
const base = 20000 + Math.floor(Math.random() * 12) * 500;
let platform: Platform;
let database: TestDatabase;
let env: DevstackEnv;

beforeAll(async () => {
  database = await createTestDatabase();
  env = {
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: undefined,
    OIDC_ISSUER: undefined,
    OIDC_CLIENT_ID: 'badge-admin',
    OIDC_CLIENT_SECRET: undefined,
    OIDC_AUDIENCE: 'urn:badge:gateway',
    DEVSTACK_PORT_BASE: base,
    ADMIN_WEB_PORT: base + 300,
    DEVSTACK_ADMIN_WEB: '0', // the console has its own browser test; `next build` there owns .next
    DEVSTACK_STATE_DIR: mkdtempSync(join(tmpdir(), 'devstack-')),
    LOG_LEVEL: 'warn',
  };
  platform = await startPlatform(env, () => {}, { quiet: true });
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
}, 60_000);

const secrets = () =>
  JSON.parse(readFileSync(join(env.DEVSTACK_STATE_DIR, 'secrets.json'), 'utf8')) as {
    oidcClientSecret: string;
  };

async function adminToken(user = DEV_ADMIN): Promise<string> {
  const tokens = await signInHeadless({
    issuer: platform.oidcIssuer,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: secrets().oidcClientSecret,
    redirectUri: `http://localhost:${env.ADMIN_WEB_PORT}/api/auth/callback/myid`,
    username: user.email,
    password: user.password,
    ...(user.mfa ? { otp: '123456' } : {}),
    authorizationParams: { resource: env.OIDC_AUDIENCE },
  });
  return tokens.access_token;
}

async function gql(query: string, token?: string) {
  const res = await fetch(platform.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

describe('local platform', () => {
  it('runs every server and worker, each answering /health and /metrics', async () => {
    expect(platform.processes.map((p) => p.name).sort()).toEqual([
      'badge-server',
      'badge-worker',
      'benefit-server',
      'benefit-worker',
      'gateway',
      'rule-server',
      'rule-worker',
      'user-server',
      'user-worker',
    ]);
    for (const p of platform.processes) {
      const health = await fetch(p.healthUrl);
      expect(health.status, p.name).toBe(200);
      const metrics = await (await fetch(p.metricsUrl)).text();
      expect(metrics, p.name).toContain('process_resident_memory_bytes');
    }
    const workerMetrics = await (
      await fetch(platform.processes.find((p) => p.name === 'rule-worker')!.metricsUrl)
    ).text();
    expect(workerMetrics).toContain('kafka_consumer_lag');
    const ready = (await (
      await fetch(
        platform.processes
          .find((p) => p.name === 'badge-server')!
          .healthUrl.replace('/health', '/ready'),
      )
    ).json()) as { status: string };
    expect(ready.status).toBe('ok');
  });

  it('lets an admin signed in with MFA query the federated graph', async () => {
    const token = await adminToken();
    const { status, body } = await gql(
      '{ me { subject status roles } badgeCategories { code name { enUS zhCN } } ruleTemplates { code } }',
      token,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.me).toEqual({
      subject: DEV_ADMIN.sub,
      status: 'ACTIVE',
      roles: ['super_admin'],
    });
    expect((body.data?.badgeCategories as unknown[]).length).toBeGreaterThan(0);
    expect((body.data?.ruleTemplates as { code: string }[]).map((t) => t.code)).toContain(
      'consecutive_days',
    );
  });

  it('refuses anonymous reads, tokens without MFA, and calls that bypass the gateway', async () => {
    const anonymous = await gql('{ badgeCategories { code } }');
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noMfa = await gql('{ me { subject } }', await adminToken(DEV_NO_MFA_USER));
    expect(noMfa.status).toBe(403);
    expect(noMfa.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const direct = await fetch(`http://127.0.0.1:${base + 1}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ badgeCategories { code } }' }),
    });
    expect(direct.status).toBe(401);
  });

  it('consumes events through Kafka exactly once and sends a malformed one to the DLQ', async () => {
    const kafka = new Kafka({
      brokers: platform.kafkaBrokers.split(','),
      clientId: 'platform-test',
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const eventId = `evt-${Date.now()}`;
    const event = {
      eventId,
      userId: 'user-42',
      type: 'check_in',
      occurredAt: new Date().toISOString(),
    };
    const headers = { 'content-type': 'application/json' };
    // the same event twice (a redelivery), then a malformed one
    await producer.send({
      topic: 'badge.engagement.events',
      messages: [
        { key: 'user-42', value: JSON.stringify(event), headers },
        { key: 'user-42', value: JSON.stringify(event), headers },
        { key: 'user-42', value: '{"eventId": "broken"', headers },
      ],
    });
    await producer.disconnect();

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      await expect
        .poll(
          async () =>
            (
              await db.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM rule.inbox_message WHERE message_id = $1',
                [eventId],
              )
            ).rows[0]?.n,
          { timeout: 30_000 },
        )
        .toBe(1);
    } finally {
      await db.end();
    }

    const dlq = kafka.consumer({ groupId: `dlq-reader-${Date.now()}`, maxWaitTimeInMs: 100 });
    await dlq.connect();
    await dlq.subscribe({ topic: 'badge.dlq', fromBeginning: true });
    const dead = await new Promise<{ headers: Record<string, string>; value: string }>(
      (resolve) => {
        void dlq.run({
          eachMessage: async ({ message }) => {
            const h = Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
            );
            resolve({ headers: h, value: String(message.value) });
          },
        });
      },
    );
    await dlq.disconnect();
    expect(dead.value).toBe('{"eventId": "broken"');
    expect(dead.headers).toMatchObject({
      'x-original-topic': 'badge.engagement.events',
      'x-error-class': 'poison',
    });
    expect(dead.headers['x-error-message']).toMatch(/invalid event/);
  }, 60_000);

  it('redeems exactly as many times as the user holds badges, even 50 at once (redemption saga)', async () => {
    const admin = await adminToken();
    const ok = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
      const res = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown[] };
      if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const suffix = Date.now().toString(36);
    const { badgeCategories } = await ok<{ badgeCategories: { id: string }[] }>(
      '{ badgeCategories { id } }',
    );
    const { createBadge } = await ok<{ createBadge: { badge: { id: string } } }>(
      'mutation($i: CreateBadgeInput!) { createBadge(input: $i) { badge { id } } }',
      {
        i: {
          code: `coin_${suffix}`,
          categoryId: badgeCategories[0]!.id,
          name: { enUS: 'Coin', zhCN: '金币' },
          isRepeatable: true,
        },
      },
    );
    const badgeId = createBadge.badge.id;
    await ok('mutation($id: ID!) { publishBadge(id: $id) { badge { status } } }', { id: badgeId });
    const { createBenefit } = await ok<{ createBenefit: { benefit: { id: string } } }>(
      'mutation($i: CreateBenefitInput!) { createBenefit(input: $i) { benefit { id } } }',
      {
        i: {
          code: `lounge_${suffix}`,
          type: 'PRIVILEGE',
          name: { enUS: 'Lounge', zhCN: '贵宾室' },
        },
      },
    );
    await ok('mutation($id: ID!) { publishBenefit(id: $id) { benefit { status } } }', {
      id: createBenefit.benefit.id,
    });
    const { createRedemptionRule } = await ok<{ createRedemptionRule: { rule: { id: string } } }>(
      'mutation($i: CreateRedemptionRuleInput!) { createRedemptionRule(input: $i) { rule { id } } }',
      {
        i: {
          code: `spend_${suffix}`,
          name: { enUS: 'Spend a coin' },
          benefitId: createBenefit.benefit.id,
          items: [{ badgeId, quantity: 1 }],
        },
      },
    );
    const ruleId = createRedemptionRule.rule.id;
    await ok('mutation($id: ID!) { activateRedemptionRule(id: $id) { rule { status } } }', {
      id: ruleId,
    });

    const userId = `saver-${suffix}`;
    for (let i = 0; i < 3; i++) {
      await ok(
        'mutation($u: ID!, $b: ID!) { grantBadge(input: { userId: $u, badgeId: $b, reason: "e2e" }) { userBadge { id } } }',
        { u: userId, b: badgeId },
      );
    }
    const redeemed = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        ok<{ redeem: { redemption: { id: string } } }>(
          'mutation($i: RedeemInput!) { redeem(input: $i) { redemption { id } } }',
          { i: { userId, redemptionRuleId: ruleId, idempotencyKey: `e2e-${suffix}-${n}` } },
        ),
      ),
    );
    const ids = redeemed.map((r) => r.redeem.redemption.id);
    const statuses = async () =>
      Promise.all(
        ids.map(
          async (id) =>
            (
              await ok<{ redemption: { status: string } }>(
                'query($id: ID!) { redemption(id: $id) { status } }',
                { id },
              )
            ).redemption.status,
        ),
      );
    await expect
      .poll(
        async () =>
          (await statuses()).filter((s) => s === 'PENDING' || s === 'COMPENSATING').length,
        { timeout: 60_000, interval: 500 },
      )
      .toBe(0);
    const final = await statuses();
    expect(final.filter((s) => s === 'COMPLETED')).toHaveLength(3);
    expect(final.filter((s) => s === 'FAILED')).toHaveLength(47);
    const { badgeUser } = await ok<{ badgeUser: { badges: { nodes: { quantity: number }[] } } }>(
      'query($u: ID!, $b: ID!) { badgeUser(userId: $u) { badges(status: ACTIVE, badgeId: $b) { nodes { quantity } } } }',
      { u: userId, b: badgeId },
    );
    expect(badgeUser.badges.nodes.reduce((sum, n) => sum + n.quantity, 0)).toBe(0);
  }, 120_000);

  it('turns an event into exactly one badge and its auto-benefit, readable by a partner (first milestone)', async () => {
    const admin = await adminToken();
    const ok = async <T>(
      query: string,
      variables?: Record<string, unknown>,
      headers?: Record<string, string>,
    ): Promise<T> => {
      const res = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(headers ?? { authorization: `Bearer ${admin}` }),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown[] };
      if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const suffix = Date.now().toString(36);
    // An admin defines a badge, its auto-benefit and a rule, and publishes them.
    const { badgeCategories } = await ok<{ badgeCategories: { id: string }[] }>(
      '{ badgeCategories { id } }',
    );
    const { createBadge } = await ok<{ createBadge: { badge: { id: string } } }>(
      'mutation($i: CreateBadgeInput!) { createBadge(input: $i) { badge { id } } }',
      {
        i: {
          code: `early_${suffix}`,
          categoryId: badgeCategories[0]!.id,
          name: { enUS: 'Early bird', zhCN: '早起鸟' },
        },
      },
    );
    const badgeId = createBadge.badge.id;
    await ok('mutation($id: ID!) { publishBadge(id: $id) { badge { status } } }', { id: badgeId });
    const { createBenefit } = await ok<{ createBenefit: { benefit: { id: string } } }>(
      'mutation($i: CreateBenefitInput!) { createBenefit(input: $i) { benefit { id } } }',
      {
        i: { code: `vip_${suffix}`, type: 'PRIVILEGE', name: { enUS: 'VIP day', zhCN: '会员日' } },
      },
    );
    await ok('mutation($id: ID!) { publishBenefit(id: $id) { benefit { status } } }', {
      id: createBenefit.benefit.id,
    });
    await ok(
      'mutation($i: LinkBadgeBenefitInput!) { linkBadgeBenefit(input: $i) { badgeBenefit { id } } }',
      {
        i: { badgeId, benefitId: createBenefit.benefit.id },
      },
    );
    const { createRule } = await ok<{ createRule: { rule: { id: string; lockVersion: number } } }>(
      'mutation($i: CreateRuleInput!) { createRule(input: $i) { rule { id lockVersion } } }',
      {
        i: {
          name: `First check-in ${suffix}`,
          badgeId,
          eventTypes: ['check_in'],
          templateCode: 'first_event',
        },
      },
    );
    await ok('mutation($i: PublishRuleInput!) { publishRule(input: $i) { rule { status } } }', {
      i: { id: createRule.rule.id, lockVersion: createRule.rule.lockVersion },
    });
    const { createApiKey } = await ok<{ createApiKey: { key: string } }>(
      'mutation { createApiKey(input: { name: "e2e partner", scopes: ["read:users", "read:grants"] }) { key } }',
    );

    // The brand's app reports a check-in (twice: at-least-once delivery) with its trace context.
    const userId = `early-${suffix}`;
    const traceId = '5b8efff798038103d269b633813fc60c';
    const kafka = new Kafka({
      brokers: platform.kafkaBrokers.split(','),
      clientId: 'milestone',
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    // Give the rule worker's hot reload a moment to pick up the published rule.
    await new Promise((r) => setTimeout(r, 1_500));
    const event = {
      eventId: `checkin-${suffix}`,
      userId,
      type: 'check_in',
      occurredAt: new Date().toISOString(),
    };
    const headers = {
      'content-type': 'application/json',
      traceparent: `00-${traceId}-a3ce929d0e0e4736-01`,
    };
    await producer.send({
      topic: 'badge.engagement.events',
      messages: [0, 1].map(() => ({ key: userId, value: JSON.stringify(event), headers })),
    });
    await producer.disconnect();

    // A partner reads the user's badge and benefit with a trusted (persisted) operation.
    const manifest = JSON.parse(
      readFileSync(new URL('../../../gateway/persisted-operations.json', import.meta.url), 'utf8'),
    ) as {
      operations: { id: string; name: string }[];
    };
    const rewardsOp = manifest.operations.find((o) => o.name === 'PartnerUserRewards')!;
    type Rewards = {
      badgeUser: {
        badges: { nodes: { quantity: number; badge: { id: string } }[] };
        benefitGrants: { nodes: { status: string; benefit: { id: string } }[] };
      };
    };
    const rewards = async () => {
      const res = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': createApiKey.key },
        body: JSON.stringify({
          extensions: { persistedQuery: { version: 1, sha256Hash: rewardsOp.id } },
          variables: { userId },
        }),
      });
      return ((await res.json()) as { data: Rewards }).data.badgeUser;
    };
    await expect
      .poll(async () => (await rewards()).benefitGrants.nodes.map((g) => g.status), {
        timeout: 30_000,
        interval: 300,
      })
      .toEqual(['GRANTED']);
    const final = await rewards();
    expect(final.badges.nodes.map((n) => [n.badge.id, n.quantity])).toEqual([[badgeId, 1]]);
    expect(final.benefitGrants.nodes[0]!.benefit.id).toBe(createBenefit.benefit.id);

    // The metrics show it, and the trace continued from the event through to the grant.
    const metricsOf = async (name: string) =>
      (await fetch(platform.processes.find((p) => p.name === name)!.metricsUrl)).text();
    expect(await metricsOf('rule-worker')).toMatch(/rule_evaluations_total\{[^}]*\} [1-9]/);
    expect(await metricsOf('badge-worker')).toMatch(
      /badge_grants_total\{[^}]*source="RULE"[^}]*\} [1-9]/,
    );
    expect(await metricsOf('benefit-worker')).toMatch(/benefit_grants_total\{[^}]*\} [1-9]/);
    const granted = kafka.consumer({ groupId: `trace-reader-${suffix}`, maxWaitTimeInMs: 100 });
    await granted.connect();
    await granted.subscribe({ topic: 'badge.badge.events', fromBeginning: true });
    const traceparent = await new Promise<string>((resolve) => {
      void granted.run({
        eachMessage: async ({ message }) => {
          if (
            String(message.key) === userId &&
            String(message.headers?.['x-event-type']) === 'badge.granted.v1'
          ) {
            resolve(String(message.headers?.traceparent ?? ''));
          }
        },
      });
    });
    await granted.disconnect();
    expect(traceparent.split('-')[1]).toBe(traceId);
  }, 120_000);

  it('allows and denies representative operations by role and scope (authorization matrix)', async () => {
    const admin = await adminToken();
    const post = async (body: object, headers: Record<string, string>) => {
      const res = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as {
        data?: Record<string, unknown> | null;
        errors?: { extensions?: { code?: string } }[];
      };
      return json.errors?.length ? (json.errors[0]?.extensions?.code ?? 'ERROR') : 'ALLOWED';
    };
    const asAdmin = { authorization: `Bearer ${admin}` };
    const keyWith = async (scopes: string[]) => {
      const res = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...asAdmin },
        body: JSON.stringify({
          query:
            'mutation($s: [String!]!) { createApiKey(input: { name: "matrix", scopes: $s }) { key } }',
          variables: { s: scopes },
        }),
      });
      return {
        'x-api-key': ((await res.json()) as { data: { createApiKey: { key: string } } }).data
          .createApiKey.key,
      };
    };
    const manifest = JSON.parse(
      readFileSync(new URL('../../../gateway/persisted-operations.json', import.meta.url), 'utf8'),
    ) as {
      operations: { id: string; name: string }[];
    };
    const persisted = (name: string, variables: object = {}) => ({
      extensions: {
        persistedQuery: {
          version: 1,
          sha256Hash: manifest.operations.find((o) => o.name === name)!.id,
        },
      },
      variables,
    });
    const catalogueReader = await keyWith(['read:badges']);
    const usersReader = await keyWith(['read:users', 'read:grants']);
    const operations = {
      consoleBadges: { query: '{ badges(first: 1) { totalCount } }' },
      apiKeys: { query: '{ apiKeys(first: 1) { totalCount } }' },
      partnerBadges: persisted('PartnerBadges', { first: 1 }),
      partnerUserRewards: persisted('PartnerUserRewards', { userId: 'matrix-user' }),
    };
    const callers: Record<string, Record<string, string>> = {
      superAdmin: asAdmin,
      catalogueKey: catalogueReader,
      usersKey: usersReader,
      anonymous: {},
    };
    const matrix: Record<string, Record<string, string>> = {};
    for (const [who, headers] of Object.entries(callers)) {
      matrix[who] = {};
      for (const [op, body] of Object.entries(operations))
        matrix[who][op] = await post(body, headers);
    }
    expect(matrix).toEqual({
      superAdmin: {
        consoleBadges: 'ALLOWED',
        apiKeys: 'ALLOWED',
        partnerBadges: 'ALLOWED',
        partnerUserRewards: 'ALLOWED',
      },
      catalogueKey: {
        consoleBadges: 'PERSISTED_QUERY_REQUIRED',
        apiKeys: 'PERSISTED_QUERY_REQUIRED',
        partnerBadges: 'ALLOWED',
        partnerUserRewards: 'FORBIDDEN',
      },
      usersKey: {
        consoleBadges: 'PERSISTED_QUERY_REQUIRED',
        apiKeys: 'PERSISTED_QUERY_REQUIRED',
        partnerBadges: 'FORBIDDEN',
        partnerUserRewards: 'ALLOWED',
      },
      anonymous: {
        consoleBadges: 'FORBIDDEN',
        apiKeys: 'FORBIDDEN',
        partnerBadges: 'FORBIDDEN',
        partnerUserRewards: 'FORBIDDEN',
      },
    });
  }, 60_000);

  it('stops every process on stop()', async () => {
    const urls = platform.processes.map((p) => p.healthUrl);
    await platform.stop();
    for (const url of urls) await expect(fetch(url)).rejects.toThrow();
  }, 60_000);
});
