// The whole platform for the console's browser tests, started the way the README's run command
// starts it (packages/devstack), plus `next build` + `next start` of the console in front of it:
// its own database, the embedded Kafka mock broker, and a dev OIDC provider (oidc-provider) with
// an MFA admin, a user without MFA and a read-only admin.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEV_ADMIN,
  DEV_NO_MFA_USER,
  startDevOidc,
  type DevOidc,
  type TDevOidcUser,
} from '@badge/dev-oidc';
import { startPlatform, type Platform } from '@badge/devstack/platform';
import { createTestDatabase, type TestDatabase } from '@badge/testing';
import { freePort, nextBuild, nextStart, type RunningNext } from '../harness';

/** A console user who gets only the built-in `viewer` role (read-only). */
export const E2E_VIEWER: TDevOidcUser = {
  sub: 'e2e-viewer',
  email: 'viewer@example.com',
  name: 'Vera Viewer',
  password: 'viewer',
  mfa: true,
};

export const CLIENT_ID = 'badge-admin-web-e2e';
export const AUDIENCE = 'urn:badge:gateway';
// Short-lived access tokens: 2 s after sign-in they are inside the 60 s refresh window, so page
// loads exercise the proxy's refresh (and cookie rewrite) against the real provider.
export const ACCESS_TOKEN_TTL_SECONDS = 62;

export interface ConsoleE2e {
  app: RunningNext;
  oidc: DevOidc;
  platform: Platform;
  clientSecret: string;
  timings: Record<string, number>;
  stop(): Promise<void>;
}

async function timed<T>(
  timings: Record<string, number>,
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

export async function startConsoleE2e(): Promise<ConsoleE2e> {
  const timings: Record<string, number> = {};
  const clientSecret = randomBytes(24).toString('base64url');
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  // Platform ports base..base+400, below Linux's ephemeral range (32768–60999) and apart from the
  // devstack (20000–25900) and ops (10000–19900) tests that may run at the same time.
  const base = 26000 + Math.floor(Math.random() * 13) * 500;
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };
  try {
    // The build and the platform start at the same time: both take tens of seconds.
    const build = timed(timings, 'next build', () => nextBuild());
    build.catch(() => {}); // awaited below; avoid an unhandled rejection meanwhile
    const database: TestDatabase = await createTestDatabase();
    cleanups.push(() => database.drop());
    const oidc = await startDevOidc({
      port: 0,
      clients: [
        {
          clientId: CLIENT_ID,
          clientSecret,
          redirectUris: [`${appUrl}/api/auth/callback/myid`],
          postLogoutRedirectUris: [`${appUrl}/auth/signed-out`],
        },
      ],
      users: [DEV_ADMIN, DEV_NO_MFA_USER, E2E_VIEWER],
      accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
      accessTokenAudience: AUDIENCE,
    });
    cleanups.push(() => oidc.stop());
    const platform = await timed(timings, 'platform start', () =>
      startPlatform(
        {
          DATABASE_URL: database.url,
          REDIS_URL: 'redis://127.0.0.1:6379',
          KAFKA_BROKERS: undefined,
          OIDC_ISSUER: oidc.issuer,
          OIDC_CLIENT_ID: CLIENT_ID,
          OIDC_CLIENT_SECRET: clientSecret,
          OIDC_AUDIENCE: AUDIENCE,
          DEVSTACK_PORT_BASE: base,
          ADMIN_WEB_PORT: appPort,
          DEVSTACK_ADMIN_WEB: '0', // this harness runs the production build instead of next dev
          DEVSTACK_STATE_DIR: mkdtempSync(join(tmpdir(), 'console-e2e-')),
          LOG_LEVEL: 'warn',
        },
        () => {},
        { quiet: true },
      ),
    );
    cleanups.push(() => platform.stop());
    await build;
    const app = await timed(timings, 'next start', () =>
      nextStart(appPort, {
        OIDC_ISSUER: oidc.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: clientSecret,
        NEXTAUTH_URL: appUrl,
        NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
        GATEWAY_URL: platform.gatewayUrl,
        LOG_LEVEL: 'warn',
      }),
    );
    cleanups.push(() => app.stop());
    return { app, oidc, platform, clientSecret, timings, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
