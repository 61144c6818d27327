// Browser test of the console's sign-in against the real pieces: `next build` + `next start` of
// admin-web, the dev OIDC provider (oidc-provider 9) and Debian's Chromium (PLATFORM.md).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  DEFAULT_OTP_CODE,
  DEV_ADMIN,
  DEV_NO_MFA_USER,
  startDevOidc,
  type DevOidc,
} from '@badge/dev-oidc';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, nextBuild, nextStart, type RunningNext } from './harness';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const CLIENT_ID = 'badge-admin-web-e2e';
const CLIENT_SECRET = randomBytes(24).toString('base64url');
// Short-lived access tokens: 2 s after sign-in they are inside the 60 s refresh window, so page
// loads exercise the proxy's refresh (and cookie rewrite) against the real provider.
const ACCESS_TOKEN_TTL_SECONDS = 62;
const SESSION_COOKIE = 'next-auth.session-token';

let oidc: DevOidc;
let app: RunningNext;
let browser: Browser;
const timings: Record<string, number> = {};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  [oidc] = await Promise.all([
    startDevOidc({
      port: 0,
      clients: [
        {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          redirectUris: [`${appUrl}/api/auth/callback/myid`],
          postLogoutRedirectUris: [`${appUrl}/auth/signed-out`],
        },
      ],
      users: [DEV_ADMIN, DEV_NO_MFA_USER],
      accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
    }),
    timed('next build', () => nextBuild()),
  ]);
  app = await timed('next start', () =>
    nextStart(appPort, {
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      NEXTAUTH_URL: appUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
      GATEWAY_URL: 'http://127.0.0.1:4000',
      LOG_LEVEL: 'warn',
    }),
  );
  browser = await timed('chromium launch', () =>
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await oidc?.stop();
  console.info('sign-in e2e timings (ms):', timings);
});

afterEach((context) => {
  if (context.task.result?.state === 'fail' && app) {
    console.error(`next start output:\n${app.output.toString()}`);
  }
});

async function newPage(
  locale: 'en-US' | 'zh-CN',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

function path(page: Page): string {
  const url = new URL(page.url());
  return url.origin === app.url ? url.pathname : url.href;
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies(app.url)).find((c) => c.name.startsWith(SESSION_COOKIE));
}

/** Password step (and the one-time code when given) on the provider's login pages. */
async function signInAtIdp(page: Page, user: { email: string; password: string }, otp?: string) {
  await page.waitForURL((url) => url.href.startsWith(`${oidc.issuer}/interaction/`));
  await page.locator('#username').fill(user.email);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  if (otp !== undefined) {
    await page.locator('#otp').fill(otp);
    await page.getByRole('button', { name: 'Verify' }).click();
  }
}

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${app.url}/api/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('console sign-in (browser, real IdP, real Next.js server)', () => {
  it('serves health and Prometheus metrics without a session', async () => {
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const metrics = await fetch(`${app.url}/api/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('process_cpu_user_seconds_total');
  });

  it('signs the MFA admin in with password + one-time code, refreshes tokens, and signs out of both', async () => {
    const { context, page } = await newPage('en-US');

    // Signed out: the dashboard sends us to the sign-in page.
    await page.goto(`${app.url}/`);
    await page.waitForURL((url) => url.pathname === '/auth/sign-in');
    await timed('MFA sign-in', async () => {
      await page.getByRole('button', { name: 'Sign in with MYID' }).click();
      await signInAtIdp(page, DEV_ADMIN, DEFAULT_OTP_CODE);
      await page.waitForURL(`${app.url}/`);
    });

    expect(await page.getByTestId('admin-name').textContent()).toBe(`Welcome, ${DEV_ADMIN.name}`);
    expect(await page.getByTestId('mfa-status').textContent()).toContain('Signed in with MFA');

    // Tokens stay on the server: the session cookie is httpOnly and what client code can fetch
    // carries no token.
    const cookie = await sessionCookie(context);
    expect(cookie?.httpOnly).toBe(true);
    const clientSession = await page.evaluate(async () =>
      (await fetch('/api/auth/session')).text(),
    );
    expect(JSON.parse(clientSession)).toMatchObject({ user: { name: DEV_ADMIN.name }, mfa: true });
    expect(clientSession).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT of any kind
    expect(clientSession).not.toMatch(/accessToken|refreshToken|idToken/);

    // The access token is now within the refresh window: the next page load refreshes it at
    // the provider and rewrites the session cookie; the admin stays signed in.
    const refreshesBefore = await metric('admin_web_token_refreshes_total', 'result="ok"');
    const cookieBeforeRefresh = (await sessionCookie(context))?.value;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await page.reload();
    expect(await page.getByTestId('admin-name').textContent()).toBe(`Welcome, ${DEV_ADMIN.name}`);
    expect(await metric('admin_web_token_refreshes_total', 'result="ok"')).toBeGreaterThan(
      refreshesBefore,
    );
    expect(await metric('admin_web_token_refreshes_total', 'result="error"')).toBe(0);
    const cookieAfterRefresh = (await sessionCookie(context))?.value;
    expect(cookieAfterRefresh).toBeDefined();
    expect(cookieAfterRefresh).not.toBe(cookieBeforeRefresh);

    // Sign out: console session gone, MYID session ended (RP-initiated logout), back to us.
    await timed('sign-out', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.href.startsWith(`${app.url}/auth/signed-out`));
    });
    expect(await page.getByRole('heading').textContent()).toBe('You are signed out');
    expect(await sessionCookie(context)).toBeUndefined();

    await page.goto(`${app.url}/`);
    await page.waitForURL((url) => url.pathname === '/auth/sign-in');
    // The IdP asks for credentials again: its session ended too.
    await page.getByRole('button', { name: 'Sign in with MYID' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${oidc.issuer}/interaction/`));
    await page.locator('#password').waitFor();
    await context.close();
  }, 90_000);

  it('refuses the user without MFA with the MFA-required page (zh-CN) and no session', async () => {
    const { context, page } = await newPage('zh-CN');
    await page.goto(`${app.url}/`);
    await page.waitForURL((url) => url.pathname === '/auth/sign-in');
    await page.getByRole('button', { name: '使用 MYID 登录' }).click();
    await signInAtIdp(page, DEV_NO_MFA_USER);

    await page.waitForURL(`${app.url}/auth/mfa-required`);
    expect(path(page)).toBe('/auth/mfa-required');
    expect(await page.getByRole('heading').textContent()).toBe('需要多因素认证');
    expect(await sessionCookie(context)).toBeUndefined();

    // Still signed out.
    await page.goto(`${app.url}/`);
    await page.waitForURL((url) => url.pathname === '/auth/sign-in');

    // The page speaks English too.
    const english = await fetch(`${app.url}/auth/mfa-required`, {
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(await english.text()).toContain('Multi-factor authentication required');
    expect(
      await metric('admin_web_sign_ins_total', 'result="mfa_required"'),
    ).toBeGreaterThanOrEqual(1);
    await context.close();
  }, 60_000);
});
