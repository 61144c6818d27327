// What the console's browser tests share: Debian's Chromium through playwright-core, sign-in at
// the real IdP, GraphQL calls to the gateway for setup, screenshots.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OTP_CODE, signInHeadless, type TDevOidcUser } from '@badge/dev-oidc';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AUDIENCE, CLIENT_ID, type ConsoleE2e } from './platform';

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
const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

/** A fresh browser profile (no cookies) at a laptop-sized viewport. */
export async function newPage(
  browser: Browser,
  locale: 'en-US' | 'zh-CN',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Password step (and the one-time code when given) on the provider's login pages. */
export async function signInAtIdp(
  e2e: ConsoleE2e,
  page: Page,
  user: { email: string; password: string },
  otp?: string,
): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(`${e2e.oidc.issuer}/interaction/`));
  await page.locator('#username').fill(user.email);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  if (otp !== undefined) {
    await page.locator('#otp').fill(otp);
    await page.getByRole('button', { name: 'Verify' }).click();
  }
}

/** A browser signed in to the console as `user` (with MFA), on the dashboard or /pending. */
export async function signedInPage(
  e2e: ConsoleE2e,
  browser: Browser,
  user: TDevOidcUser,
  locale: 'en-US' | 'zh-CN' = 'en-US',
): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await newPage(browser, locale);
  await page.goto(`${e2e.app.url}/auth/sign-in`);
  await page
    .getByRole('button', { name: locale === 'en-US' ? 'Sign in with MYID' : '使用 MYID 登录' })
    .click();
  await signInAtIdp(e2e, page, user, DEFAULT_OTP_CODE);
  await page.waitForURL((url) => url.origin === e2e.app.url && !url.pathname.startsWith('/auth/'));
  return { context, page };
}

/** An access token for `user` from the IdP, as the console gets it (for setup calls). */
export async function accessToken(e2e: ConsoleE2e, user: TDevOidcUser): Promise<string> {
  const tokens = await signInHeadless({
    issuer: e2e.oidc.issuer,
    clientId: CLIENT_ID,
    clientSecret: e2e.clientSecret,
    redirectUri: `${e2e.app.url}/api/auth/callback/myid`,
    username: user.email,
    password: user.password,
    ...(user.mfa ? { otp: DEFAULT_OTP_CODE } : {}),
    authorizationParams: { resource: AUDIENCE },
  });
  return tokens.access_token;
}

/** A GraphQL call at the gateway (admins may send documents); throws on GraphQL errors. */
export async function gateway<T = Record<string, unknown>>(
  e2e: ConsoleE2e,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(e2e.platform.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'apollo-require-preflight': 'true',
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new Error(`gateway: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

/** Saves a full-page screenshot into admin-web/test-artifacts/ (kept by CI). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png`, fullPage: true });
}

/** A code no other test run uses (lower snake case, as the catalogue wants). */
export const uniqueCode = (prefix: string): string =>
  `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
