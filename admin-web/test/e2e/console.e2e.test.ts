// The admin console in a real browser against the real platform: `next build` + `next start` of
// admin-web in front of the gateway, subgraphs and workers started as the README's run command
// starts them (own database, embedded Kafka), the dev OIDC provider (oidc-provider) as MYID, and
// Debian's Chromium. Screenshots of the key pages land in admin-web/test-artifacts/.
import { DEFAULT_OTP_CODE, DEV_ADMIN, DEV_NO_MFA_USER } from '@badge/dev-oidc';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  gateway,
  launchBrowser,
  newPage,
  screenshot,
  signedInPage,
  signInAtIdp,
  uniqueCode,
} from './harness';
import { E2E_VIEWER, startConsoleE2e, type ConsoleE2e } from './platform';

const SESSION_COOKIE = 'next-auth.session-token';

let e2e: ConsoleE2e;
let browser: Browser;

beforeAll(async () => {
  [e2e, browser] = await Promise.all([startConsoleE2e(), launchBrowser()]);
  // The viewer signs in once (becoming a PENDING admin), then an admin gives them the viewer role
  // (which makes them ACTIVE).
  const viewerToken = await accessToken(e2e, E2E_VIEWER);
  await gateway(e2e, viewerToken, 'query { me { id } }');
  const adminToken = await accessToken(e2e, DEV_ADMIN);
  const { adminUsers } = await gateway<{ adminUsers: { nodes: { id: string }[] } }>(
    e2e,
    adminToken,
    'query($search: String) { adminUsers(filter: { search: $search }) { nodes { id } } }',
    { search: E2E_VIEWER.sub },
  );
  const viewerId = adminUsers.nodes[0]?.id;
  if (!viewerId) throw new Error('the viewer did not become an admin user');
  await gateway(
    e2e,
    adminToken,
    'mutation($id: ID!) { assignAdminRoles(input: { adminUserId: $id, roleCodes: ["viewer"] }) { adminUser { id } } }',
    { id: viewerId },
  );
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
  console.info('console e2e timings (ms):', e2e?.timings);
}, 60_000);

/** The pages open in this file; on a failure, each one's screen goes to test-artifacts/. */
const openPages = new Set<Page>();

afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && e2e) {
    console.error(`next start output:\n${e2e.app.output.toString()}`);
    let n = 0;
    for (const page of openPages)
      if (!page.isClosed())
        await screenshot(page, `failure-${context.task.name.slice(0, 40)}-${++n}`).catch(
          () => undefined,
        );
  }
});

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies(e2e.app.url)).find((c) => c.name.startsWith(SESSION_COOKIE));
}

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${e2e.app.url}/api/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(' ').pop()) : 0;
}

const path = (page: Page) => new URL(page.url()).pathname;

/** The workers' pipeline counters, printed when an event did not become a grant. */
async function pipelineMetrics(): Promise<string> {
  const lines = await Promise.all(
    e2e.platform.processes
      .filter((p) => p.name.endsWith('-worker'))
      .map(async (p) => {
        const text = await (await fetch(p.metricsUrl)).text();
        return text
          .split('\n')
          .filter((l) => /^(rule_evaluations|badge_grants|kafka_|dlq|inbox)/.test(l))
          .map((l) => `${p.name} ${l}`);
      }),
  );
  return lines.flat().join('\n');
}

describe('sign-in', () => {
  it('serves health and Prometheus metrics without a session', async () => {
    const health = await fetch(`${e2e.app.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const metrics = await fetch(`${e2e.app.url}/api/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('process_cpu_user_seconds_total');
  });

  it('signs the MFA admin in with password + one-time code, refreshes tokens, and signs out of both', async () => {
    const { context, page } = await newPage(browser, 'en-US');

    // Signed out: the dashboard sends us to the sign-in page.
    await page.goto(`${e2e.app.url}/`);
    await page.waitForURL((url) => url.pathname === '/auth/sign-in');
    await screenshot(page, '01-sign-in');
    await page.getByRole('button', { name: 'Sign in with MYID' }).click();
    await signInAtIdp(e2e, page, DEV_ADMIN, DEFAULT_OTP_CODE);
    await page.waitForURL(`${e2e.app.url}/`);

    expect(await page.getByTestId('admin-name').textContent()).toBe(`Welcome, ${DEV_ADMIN.name}`);
    expect(await page.getByTestId('mfa-status').textContent()).toContain('Signed in with MFA');
    await screenshot(page, '02-dashboard');

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
    // Nor does the page: the console sends persisted-operation hashes from the server only.
    expect(await page.content()).not.toMatch(/eyJ[\w-]+\.eyJ/);

    // The access token is now within the refresh window: the next page load refreshes it at
    // the provider and rewrites the session cookie; the admin stays signed in and the gateway
    // accepts the new token.
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
    await page.getByTestId('sign-out').click();
    await page.waitForURL((url) => url.href.startsWith(`${e2e.app.url}/auth/signed-out`));
    expect(await page.getByRole('heading').textContent()).toBe('You are signed out');
    expect(await sessionCookie(context)).toBeUndefined();

    await page.goto(`${e2e.app.url}/`);
    await page.waitForURL((url) => url.pathname === '/auth/sign-in');
    // The IdP asks for credentials again: its session ended too.
    await page.getByRole('button', { name: 'Sign in with MYID' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${e2e.oidc.issuer}/interaction/`));
    await page.locator('#password').waitFor();
    await context.close();
  });

  it('refuses the user without MFA with the MFA-required page (zh-CN) and no session', async () => {
    const { context, page } = await newPage(browser, 'zh-CN');
    await page.goto(`${e2e.app.url}/`);
    await page.waitForURL((url) => url.pathname === '/auth/sign-in');
    await page.getByRole('button', { name: '使用 MYID 登录' }).click();
    await signInAtIdp(e2e, page, DEV_NO_MFA_USER);

    await page.waitForURL(`${e2e.app.url}/auth/mfa-required`);
    expect(await page.getByRole('heading').textContent()).toBe('需要多因素认证');
    expect(await sessionCookie(context)).toBeUndefined();
    await screenshot(page, '03-mfa-required');

    // Still signed out.
    await page.goto(`${e2e.app.url}/`);
    await page.waitForURL((url) => url.pathname === '/auth/sign-in');

    // The page speaks English too.
    const english = await fetch(`${e2e.app.url}/auth/mfa-required`, {
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(await english.text()).toContain('Multi-factor authentication required');
    expect(
      await metric('admin_web_sign_ins_total', 'result="mfa_required"'),
    ).toBeGreaterThanOrEqual(1);
    await context.close();
  });
});

describe('console', () => {
  let admin: { context: BrowserContext; page: Page };
  beforeAll(async () => {
    admin = await signedInPage(e2e, browser, DEV_ADMIN);
    openPages.add(admin.page);
  });
  afterAll(async () => admin?.context.close());

  it('switches between Chinese and English, and remembers the choice', async () => {
    const { context, page } = await newPage(browser, 'zh-CN');
    await context.addCookies(await admin.context.cookies(e2e.app.url));
    await page.goto(`${e2e.app.url}/`);
    await expect.poll(() => page.getByTestId('console-menu').textContent()).toContain('概览');

    await page.getByTestId('language-switcher').click();
    await page.getByTitle('English').click();
    await expect.poll(() => page.getByTestId('console-menu').textContent()).toContain('Dashboard');
    expect(await page.getByTestId('admin-name').textContent()).toBe(`Welcome, ${DEV_ADMIN.name}`);
    await page.reload();
    expect(await page.getByTestId('console-menu').textContent()).toContain('Dashboard');
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    await context.close();
  });

  it('creates, edits and deletes a category and a series, with confirmation', async () => {
    const { page } = admin;
    const code = uniqueCode('cat');
    await page.goto(`${e2e.app.url}/categories`);
    await page.getByTestId('new-category').click();
    const dialog = page.getByRole('dialog');
    // Validation: a code and at least one name are required.
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => dialog.locator('.ant-form-item-explain-error').count())
      .toBeGreaterThan(0);
    await dialog.getByLabel('Code').fill(code);
    await dialog.getByLabel('Name (English)').fill('Seasonal');
    await dialog.getByLabel('Name (Chinese)').fill('季节');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId(`category-${code}`).waitFor();
    expect(await page.getByTestId(`category-${code}`).textContent()).toBe('Seasonal');

    await page.getByTestId(`edit-category-${code}`).click();
    await page.getByRole('dialog').getByLabel('Name (English)').fill('Seasons');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId(`category-${code}`).textContent()).toBe('Seasons');

    // A series inside it.
    const seriesCode = uniqueCode('series');
    await page.getByTestId(`new-series-${code}`).click();
    await page.getByRole('dialog').getByLabel('Code').fill(seriesCode);
    await page.getByRole('dialog').getByLabel('Name (English)').fill('Winter');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('row', { name: new RegExp(code) })
      .getByRole('button', { name: /expand/i })
      .click();
    await page.getByTestId(`edit-series-${seriesCode}`).waitFor();
    await screenshot(page, '04-categories');
    await page.getByTestId(`delete-series-${seriesCode}`).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId(`edit-series-${seriesCode}`).waitFor({ state: 'detached' });

    // Deleting asks first; cancelling keeps it.
    await page.getByTestId(`delete-category-${code}`).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId(`category-${code}`).count()).toBe(1);
    await page.getByTestId(`delete-category-${code}`).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId(`category-${code}`).waitFor({ state: 'detached' });
  });

  it('runs the programme end to end: category, badge, rule, test event through Kafka, grant, API key, log', async () => {
    const { page } = admin;
    const category = uniqueCode('flow_cat');
    const badge = uniqueCode('flow_badge');
    const ruleName = `First check-in ${badge}`;
    const userId = uniqueCode('user');
    const adminToken = await accessToken(e2e, DEV_ADMIN);
    await gateway(
      e2e,
      adminToken,
      'mutation($id: ID!) { upsertUser(input: { id: $id, nickname: "Flow" }) { user { id } } }',
      {
        id: userId,
      },
    );

    // A category, then a badge in it.
    await page.goto(`${e2e.app.url}/categories`);
    await page.getByTestId('new-category').click();
    await page.getByRole('dialog').getByLabel('Code').fill(category);
    await page.getByRole('dialog').getByLabel('Name (English)').fill('Flow category');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId(`category-${category}`).waitFor();

    await page.goto(`${e2e.app.url}/badges`);
    await page.getByTestId('new-badge').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Code').fill(badge);
    await dialog.getByLabel('Category').click();
    await page.getByTitle('Flow category').click();
    await dialog.getByLabel('Name (English)').fill('Early bird');
    await dialog.getByLabel('Name (Chinese)').fill('早起鸟');
    await dialog.getByLabel('Image URL').fill('https://cdn.example.com/early-bird.png');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // Saving a new badge opens it.
    await page.waitForURL(
      (url) => url.pathname.startsWith('/badges/') && !url.pathname.endsWith('/badges/'),
    );
    expect(await page.getByTestId('badge-status').textContent()).toBe('Draft');
    await page.getByTestId(`publish-badge-${badge}`).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('badge-status').textContent()).toBe('Published');
    await screenshot(page, '06-badge-detail');

    // The list finds it by search, with its status.
    await page.goto(`${e2e.app.url}/badges?q=${badge}`);
    expect(await page.getByTestId(`badge-status-${badge}`).textContent()).toBe('Published');
    await screenshot(page, '07-badges');

    // A rule: first check-in grants it. A bad CEL condition is refused inline first.
    await page.goto(`${e2e.app.url}/rules/new`);
    await page.getByLabel('Name').first().fill(ruleName);
    await page.getByTestId('rule-badge').click();
    await page.getByTitle(`Early bird (${badge})`).click();
    await page.getByTestId('rule-template').click();
    await page.getByTitle('First event').click();
    await page.getByTestId('rule-event-types').click();
    await page.keyboard.type('check_in');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('rule-cel').fill('event.attributes.channel ==');
    await page.getByTestId('save-rule').click();
    await expect
      .poll(() => page.locator('.ant-form-item-explain-error').allTextContents())
      .toEqual([expect.stringMatching(/Line \d+, column \d+/)]);
    await screenshot(page, '08-rule-cel-error');
    await page.getByTestId('rule-cel').fill('');
    await page.getByTestId('save-rule').click();
    await page.waitForURL(
      (url) => /^\/rules\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'),
    );
    expect(await page.getByTestId('rule-status').textContent()).toBe('Draft');

    // Dry run before publishing: a check-in would grant.
    await page.getByRole('tab', { name: 'Dry run' }).click();
    await page.getByTestId('run-dry-run').click();
    await page.getByTestId('dry-run-result').waitFor();
    expect(await page.getByTestId('dry-run-result').textContent()).toContain('Would grant');
    await screenshot(page, '09-rule-dry-run');

    await page.getByTestId('publish-rule').click();
    await page.getByTestId('change-note').fill('first release');
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByTestId('rule-status').textContent()).toBe('Published');
    await page.getByRole('tab', { name: 'Version history' }).click();
    expect(await page.getByTestId('rule-versions').textContent()).toContain('first release');

    // The admin sends a check-in for the user through Kafka from the rule's page (the rule
    // service produces it as the app would); the workers grant the badge.
    await page.getByRole('tab', { name: 'Dry run' }).click();
    await page.getByTestId('dry-run-form').getByLabel('User id').fill(userId);
    await page.getByTestId('send-test-event').click();
    await page.getByTestId('test-event-sent').waitFor();
    expect(await page.getByTestId('test-event-sent').textContent()).toContain(
      'badge.engagement.events',
    );
    // The grant is committed by the workers (seen through the gateway) …
    const heldBadges = async () =>
      (
        await gateway<{ badgeUser: { badges: { nodes: { badge: { code: string } }[] } } }>(
          e2e,
          adminToken,
          'query($id: ID!) { badgeUser(userId: $id) { badges { nodes { badge { code } } } } }',
          { id: userId },
        )
      ).badgeUser.badges.nodes.map((n) => n.badge.code);
    try {
      await expect.poll(heldBadges, { timeout: 60_000, interval: 500 }).toEqual([badge]);
    } catch (err) {
      console.error('pipeline metrics:', await pipelineMetrics());
      throw err;
    }
    // … and the user's page shows it on the badge wall and in the badge list.
    await page.getByTestId('test-event-sent').getByRole('link', { name: 'Open the user' }).click();
    await page.getByTestId(`wall-${badge}`).waitFor();
    // The users list finds them too.
    await page.goto(`${e2e.app.url}/users?q=${userId}`);
    await page.getByTestId(`user-link-${userId}`).waitFor();
    await page.getByTestId(`user-link-${userId}`).click();
    await page.getByTestId(`wall-${badge}`).waitFor();
    expect(await page.getByTestId('user-badges').textContent()).toContain('RULE');
    await screenshot(page, '10-user-360');

    // An API key: the secret is shown once.
    const keyName = uniqueCode('partner');
    await page.goto(`${e2e.app.url}/api-keys`);
    await page.getByTestId('new-api-key').click();
    await page.getByRole('dialog').getByLabel('Name').fill(keyName);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, '11-api-key-secret');
    await page.getByTestId('secret-done').click();
    await page.getByTestId('api-key-secret').waitFor({ state: 'detached' });
    expect(await page.getByTestId(`api-key-status-${keyName}`).textContent()).toBe('Active');
    expect((await page.content()).includes(secret), 'the secret is gone from the page').toBe(false);

    // The operation log has what we did, with a before/after diff, and its chain verifies.
    await page.goto(`${e2e.app.url}/operation-log`);
    const log = page.getByTestId('operation-log');
    await log.waitFor();
    const text = (await log.textContent()) ?? '';
    expect(text).toMatch(/apikey|api_key/i);
    expect(text).toMatch(/rule/i);
    await page.getByTestId('verify-log').click();
    await expect
      .poll(() => page.getByTestId('verify-result').textContent())
      .toContain('Chain intact');
    await log
      .getByRole('button', { name: /expand/i })
      .first()
      .click();
    await page.getByTestId('log-diff').first().waitFor();
    await screenshot(page, '12-operation-log');
  });
  it('grants by hand and from a CSV with progress and a failure report; draws prerequisites', async () => {
    const { page } = admin;
    const adminToken = await accessToken(e2e, DEV_ADMIN);
    // Two published badges, made through the gateway: the second requires the first.
    const { badgeCategories } = await gateway<{ badgeCategories: { id: string }[] }>(
      e2e,
      adminToken,
      '{ badgeCategories { id } }',
    );
    const makeBadge = async (code: string, name: string) => {
      const { createBadge } = await gateway<{ createBadge: { badge: { id: string } } }>(
        e2e,
        adminToken,
        'mutation($i: CreateBadgeInput!) { createBadge(input: $i) { badge { id } } }',
        { i: { code, categoryId: badgeCategories[0]!.id, name: { enUS: name, zhCN: name } } },
      );
      await gateway(
        e2e,
        adminToken,
        'mutation($id: ID!) { publishBadge(id: $id) { badge { id } } }',
        {
          id: createBadge.badge.id,
        },
      );
      return createBadge.badge.id;
    };
    const base = uniqueCode('batch');
    const baseName = `Batch ${base}`;
    await makeBadge(base, baseName);
    const next = uniqueCode('next');
    const nextId = await makeBadge(next, `Next ${next}`);

    // By hand, with a reason.
    const handUser = uniqueCode('hand');
    await page.goto(`${e2e.app.url}/grants`);
    await page.getByTestId('manual-user').fill(handUser);
    await page.getByLabel('Badge', { exact: true }).first().click();
    await page.getByTitle(`${baseName} (${base})`).click();
    await page.getByLabel('Reason', { exact: true }).first().fill('compensation for ticket 42');
    await page.getByTestId('manual-grant').click();
    const holds = async (userId: string) =>
      (
        await gateway<{ badgeUser: { badges: { nodes: { badge: { code: string } }[] } } }>(
          e2e,
          adminToken,
          'query($id: ID!) { badgeUser(userId: $id) { badges { nodes { badge { code } } } } }',
          { id: userId },
        )
      ).badgeUser.badges.nodes.map((n) => n.badge.code);
    await expect.poll(() => holds(handUser)).toEqual([base]);

    // From a CSV: two good rows and one bad quantity; progress until done, then the report.
    const [u1, u2] = [uniqueCode('csv'), uniqueCode('csv')];
    await page.locator('input[type=file]').setInputFiles({
      name: 'grants.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`user_id,quantity\n${u1},1\n${u2},1\nbad-row-user,abc\n`),
    });
    await page.getByText('grants.csv: 3 rows').waitFor();
    await page.getByLabel('Badge', { exact: true }).nth(1).click();
    await page.getByTitle(`${baseName} (${base})`).last().click();
    await page.getByLabel('Reason', { exact: true }).nth(1).fill('spring campaign');
    await page.getByTestId('start-batch').click();
    const tasks = page.getByTestId('batch-tasks');
    await expect
      .poll(() => tasks.locator('tr.ant-table-row').first().textContent(), { timeout: 60_000 })
      .toContain('Completed with errors');
    expect(await tasks.locator('tr.ant-table-row').first().textContent()).toContain('2 / 3');
    await screenshot(page, '23-grants-batch');
    const download = page.waitForEvent('download');
    await tasks
      .locator('tr.ant-table-row')
      .first()
      .getByRole('button', { name: 'Failure report' })
      .click();
    const report = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of report) chunks.push(chunk as Buffer);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.split('\n')[0]).toBe('row_number,user_id,error_code,error_message');
    expect(csv).toContain('bad-row-user');
    expect(await holds(u1)).toEqual([base]);

    // Prerequisites: the second badge requires the first, drawn as a graph.
    await page.goto(`${e2e.app.url}/badges/${nextId}`);
    await page.getByTestId('edit-dependencies').click(); // enabled once the page is hydrated
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Add group' }).click();
    await dialog.getByText('Group 1').waitFor();
    await dialog.getByLabel('Required badges').click();
    await page.getByTitle(baseName).click();
    await dialog.getByText('Group 1').click(); // closes the option list, not the dialog
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId(`graph-node-${base}`).waitFor();
    expect(await page.getByTestId(`graph-node-${next}`).count()).toBe(1);
    await screenshot(page, '24-badge-dependencies');
  });

  it('opens every page of the menu without an error, in both languages', async () => {
    const { page } = admin;
    const pages = [
      ['/', '13-dashboard-data'],
      ['/grants', '14-grants'],
      ['/admins', '15-admins'],
      ['/system', '16-system'],
      ['/rules', '17-rules'],
      ['/users', '18-users'],
      ['/benefits', '19-benefits'],
      ['/coupon-pools', '20-coupon-pools'],
      ['/redemption-rules', '21-redemption-rules'],
    ] as const;
    for (const [path, shot] of pages) {
      const response = await page.goto(`${e2e.app.url}${path}`);
      expect(response?.status(), path).toBe(200);
      // The page's own heading: past the loading skeleton, rendered with its data (or an error).
      // (The loading skeleton has an empty h3 of its own.)
      await page.locator('h3:not(.ant-skeleton-title), .ant-result-title').first().waitFor();
      expect(await page.locator('.ant-result-error').count(), path).toBe(0);
      await screenshot(page, shot);
    }
    expect(await page.getByTestId('pipeline-health').count()).toBe(0); // last page is not the dashboard
    await page.goto(`${e2e.app.url}/`);
    expect(await page.getByTestId('pipeline-health').textContent()).toContain('Kafka');

    // The same in Chinese.
    const { context: zh, page: zhPage } = await newPage(browser, 'zh-CN');
    await zh.addCookies(await admin.context.cookies(e2e.app.url));
    await zhPage.goto(`${e2e.app.url}/badges`);
    expect(await zhPage.locator('h3:not(.ant-skeleton-title)').first().textContent()).toBe(
      '徽章管理',
    );
    await screenshot(zhPage, '22-badges-zh');
    await zh.close();
  });
});

describe('read-only role', () => {
  it('shows the viewer no write actions and no system pages, and the gateway refuses writes', async () => {
    const { context, page } = await signedInPage(e2e, browser, E2E_VIEWER);
    expect(path(page)).toBe('/');
    const menu = (await page.getByTestId('console-menu').textContent()) ?? '';
    expect(menu).toContain('Badges');
    expect(menu).not.toContain('API keys');
    expect(menu).not.toContain('Operation log');

    await page.goto(`${e2e.app.url}/categories`);
    await page.getByRole('table').waitFor();
    expect(await page.getByTestId('new-category').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);

    // Typing the URL of a page the role does not open leads to the forbidden page.
    await page.goto(`${e2e.app.url}/api-keys`);
    await page.waitForURL((url) => url.pathname === '/forbidden');
    expect(await page.getByTestId('forbidden').textContent()).toContain('system:apikey:read');
    await screenshot(page, '05-viewer-forbidden');
    await context.close();

    // Hidden is not the only guard: the gateway refuses the viewer's write.
    const viewerToken = await accessToken(e2e, E2E_VIEWER);
    await expect(
      gateway(
        e2e,
        viewerToken,
        'mutation { createBadgeCategory(input: { code: "viewer_attempt", name: { enUS: "x" } }) { category { id } } }',
      ),
    ).rejects.toThrow(/FORBIDDEN|not authorized|Not Authorised/i);
  });
});
