/**
 * `pnpm bench:gateway` — our gateway side by side with a stock @apollo/gateway and Hive Gateway,
 * all in front of the same real subgraphs (started by the local platform launcher on a fresh
 * database), for three scenarios: a console list query (admin), a partner persisted query
 * (API key + trusted document) and an end user's badge wall (end-user JWT). Each gateway runs in
 * its own process; autocannon drives it from this one. One JSON line per scenario.
 *
 * Env: BENCH_DURATION_S (10), BENCH_CONNECTIONS (32), BENCH_WARMUP_S (3).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { DEV_ADMIN, signInHeadless } from '@badge/dev-oidc';
import { startPlatform } from '@badge/devstack/platform';
import { PERMISSIONS, signIdentity, type Identity } from '@badge/service-kit';
import { createTestDatabase } from '@badge/testing';
import { runLoad, type LoadResult } from './load.js';
import { benchSettings, childEnv } from './environment.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const settings = benchSettings();
const base = 31000 + Math.floor(Math.random() * 40) * 500;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function gql(
  url: string,
  headers: Record<string, string>,
  query: string,
  variables?: object,
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors?.length)
    throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

const stderrOf = new Map<string, () => string>();

/** Starts a gateway process; `waitReady` then polls its URL. An early exit fails the run. */
function spawnServer(
  name: string,
  cwd: string,
  script: string,
  env: Record<string, string>,
): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=@badge/source', '--import', 'tsx', script], {
    cwd,
    env: childEnv(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  stderrOf.set(name, () => output);
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM') log(`${name} exited (${code ?? signal}):\n${output}`);
  });
  return child;
}

async function waitReady(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{__typename}"}',
      });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function main() {
  const database = await createTestDatabase();
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const children: ChildProcess[] = [];
  const platform = await startPlatform(
    {
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: undefined,
      OIDC_ISSUER: undefined,
      OIDC_CLIENT_ID: 'badge-admin',
      OIDC_CLIENT_SECRET: undefined,
      OIDC_AUDIENCE: 'urn:badge:gateway',
      DEVSTACK_PORT_BASE: base,
      ADMIN_WEB_PORT: base + 300,
      DEVSTACK_ADMIN_WEB: '0',
      DEVSTACK_STATE_DIR: stateDir,
      LOG_LEVEL: 'error',
    },
    log,
    { quiet: true },
  );
  try {
    const secrets = JSON.parse(readFileSync(join(stateDir, 'secrets.json'), 'utf8')) as {
      identitySecret: string;
      oidcClientSecret: string;
    };
    const subgraphEnv = Object.fromEntries(
      ['badge', 'rule', 'benefit', 'user'].map((n, i) => [
        `SUBGRAPH_${n.toUpperCase()}_URL`,
        `http://127.0.0.1:${base + 1 + i}/graphql`,
      ]),
    );

    log('• platform up; preparing data');
    // --- data: an admin, a partner key, an end user holding badges -------------------------
    const { access_token: adminToken } = await signInHeadless({
      issuer: platform.oidcIssuer,
      clientId: 'badge-admin',
      clientSecret: secrets.oidcClientSecret,
      redirectUri: `http://localhost:${base + 300}/api/auth/callback/myid`,
      username: DEV_ADMIN.email,
      password: DEV_ADMIN.password,
      otp: '123456',
      authorizationParams: { resource: 'urn:badge:gateway' },
    });
    const admin = { authorization: `Bearer ${adminToken}` };
    const userId = `bench-user-${Date.now()}`;
    await gql(
      platform.gatewayUrl,
      admin,
      'mutation($id: ID!) { upsertUser(input: { id: $id, nickname: "bench" }) { user { id } } }',
      { id: userId },
    );
    const badges = (await gql(
      platform.gatewayUrl,
      admin,
      '{ badges(first: 3) { nodes { id } } }',
    )) as { badges: { nodes: { id: string }[] } };
    for (const b of badges.badges.nodes.slice(0, 2)) {
      await gql(
        platform.gatewayUrl,
        admin,
        'mutation($u: ID!, $b: ID!) { grantBadge(input: { userId: $u, badgeId: $b, reason: "bench" }) { userBadge { id } } }',
        { u: userId, b: b.id },
      );
    }
    const key = (await gql(
      platform.gatewayUrl,
      admin,
      'mutation { createApiKey(input: { name: "bench", scopes: ["read:badges"], rateLimitPerMinute: 1000000 }) { key } }',
    )) as { createApiKey: { key: string } };

    // --- an end-user token issuer (client apps' login service stand-in) --------------------
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256' };
    const jwks = createServer((_q, r) => r.end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', () => r()));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
    const userToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
      .setIssuer('https://login.bench.local')
      .setAudience('bench-app')
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);

    log('• data ready; starting the three gateways');
    // --- the three gateways ---------------------------------------------------------------
    const ports = { ours: base + 200, apollo: base + 201, hive: base + 202 };
    const supergraph = `${ROOT}gateway/supergraph.graphql`;
    children.push(
      spawnServer('ours', `${ROOT}gateway`, 'src/server.ts', {
        NODE_ENV: 'production',
        LOG_LEVEL: 'error',
        PORT: String(ports.ours),
        METRICS_PORT: String(base + 203),
        INTERNAL_IDENTITY_SECRETS: secrets.identitySecret,
        REDIS_URL: 'redis://127.0.0.1:6379',
        OIDC_ISSUER: platform.oidcIssuer,
        OIDC_AUDIENCE: 'urn:badge:gateway',
        USER_JWT_ISSUER: 'https://login.bench.local',
        USER_JWT_AUDIENCE: 'bench-app',
        USER_JWT_JWKS_URL: jwksUrl,
        ...subgraphEnv,
      }),
    );
    for (const [name, script] of [
      ['apollo', 'src/servers/stock-gateway.ts'],
      ['hive', 'src/servers/hive-gateway.ts'],
    ] as const) {
      children.push(
        spawnServer(name, fileURLToPath(new URL('..', import.meta.url)), script, {
          PORT: String(ports[name]),
          SUPERGRAPH_PATH: supergraph,
          ...subgraphEnv,
          NODE_ENV: 'production',
        }),
      );
    }
    const urls = Object.fromEntries(
      Object.entries(ports).map(([k, p]) => [k, `http://127.0.0.1:${p}/graphql`]),
    ) as Record<keyof typeof ports, string>;
    for (const url of Object.values(urls)) await waitReady(url);
    log('• gateways up; measuring');

    // Baselines get the identity our gateway would forward, pre-signed (they have no auth).
    const sign = (
      identity: Omit<Identity, 'roles' | 'scopes' | 'permissions' | 'mfa'> & Partial<Identity>,
    ) =>
      signIdentity(
        { roles: [], scopes: [], permissions: [], mfa: false, ...identity },
        [secrets.identitySecret],
        7200,
      );
    const adminIdentity = await sign({
      kind: 'admin',
      subject: DEV_ADMIN.sub,
      permissions: [...PERMISSIONS],
      mfa: true,
    });
    const partnerIdentity = await sign({
      kind: 'partner',
      subject: 'bench-key',
      apiKeyId: 'bench-key',
      scopes: ['read:badges'],
    });
    const userIdentity = await sign({ kind: 'user', subject: userId });
    const manifest = JSON.parse(
      readFileSync(`${ROOT}gateway/persisted-operations.json`, 'utf8'),
    ) as { operations: { id: string; name: string; body: string }[] };
    const partnerOp = manifest.operations.find((o) => o.name === 'PartnerBadges')!;
    const consoleQuery =
      '{ badges(first: 20) { nodes { id code status name { zhCN enUS } remainingStock category { code } } totalCount } }';
    const wallQuery =
      'query($id: ID!) { badgeUser(userId: $id) { badgeWall { earnedCount items { isEarned quantity badge { code name { enUS } } } } } }';

    interface Run {
      headers: Record<string, string>;
      body: object;
    }
    const scenarios: { scenario: string; ours: Run; baseline: Run }[] = [
      {
        scenario: 'console_list',
        ours: { headers: admin, body: { query: consoleQuery } },
        baseline: { headers: { 'x-badge-identity': adminIdentity }, body: { query: consoleQuery } },
      },
      {
        scenario: 'partner_persisted',
        ours: {
          headers: { 'x-api-key': key.createApiKey.key },
          body: {
            extensions: { persistedQuery: { version: 1, sha256Hash: partnerOp.id } },
            variables: { first: 20 },
          },
        },
        baseline: {
          headers: { 'x-badge-identity': partnerIdentity },
          body: { query: partnerOp.body, variables: { first: 20 } },
        },
      },
      {
        scenario: 'user_badge_wall',
        ours: {
          headers: { authorization: `Bearer ${userToken}` },
          body: { query: wallQuery, variables: { id: userId } },
        },
        baseline: {
          headers: { 'x-badge-identity': userIdentity },
          body: { query: wallQuery, variables: { id: userId } },
        },
      },
    ];

    for (const s of scenarios) {
      const line: Record<string, unknown> = { scenario: s.scenario };
      let reference: string | undefined;
      for (const server of ['ours', 'apollo', 'hive'] as const) {
        const run = server === 'ours' ? s.ours : s.baseline;
        const body = JSON.stringify(run.body);
        // Same answer from every gateway before any timing.
        const check = await fetch(urls[server], {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...run.headers },
          body,
        });
        const answer = (await check.json()) as { data?: unknown; errors?: unknown };
        if (answer.errors || !answer.data)
          throw new Error(`${s.scenario}/${server}: ${JSON.stringify(answer)}`);
        reference ??= JSON.stringify(answer.data);
        if (JSON.stringify(answer.data) !== reference)
          throw new Error(`${s.scenario}/${server} answered differently`);
        await runLoad({
          url: urls[server],
          headers: run.headers,
          body,
          connections: settings.connections,
          durationS: settings.warmupS,
        });
        const result: LoadResult = await runLoad({
          url: urls[server],
          headers: run.headers,
          body,
          connections: settings.connections,
          durationS: settings.durationS,
        });
        line[server] = result;
      }
      const ours = line.ours as LoadResult;
      line.rps_ratio_vs_apollo =
        Math.round((ours.rps / (line.apollo as LoadResult).rps) * 100) / 100;
      line.rps_ratio_vs_hive = Math.round((ours.rps / (line.hive as LoadResult).rps) * 100) / 100;
      line.connections = settings.connections;
      line.duration_s = settings.durationS;
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
    jwks.close();
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await platform.stop();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `bench:gateway failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
