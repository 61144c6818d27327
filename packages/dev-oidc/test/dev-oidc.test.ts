import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_TOKEN_AUDIENCE,
  DEFAULT_ACR_WHEN_MFA,
  DEFAULT_ACR_WITHOUT_MFA,
  DEFAULT_OTP_CODE,
  DEV_ADMIN,
  DEV_NO_MFA_USER,
  signInHeadless,
  startDevOidc,
  type DevOidc,
} from '../src/index.js';
import { CookieJar } from '../src/sign-in-headless.js';

const CLIENT = {
  clientId: 'test-console',
  clientSecret: 'test-secret',
  redirectUris: ['http://127.0.0.1:9/api/auth/callback/myid'],
  postLogoutRedirectUris: ['http://127.0.0.1:9/auth/signed-out'],
};
const REDIRECT_URI = CLIENT.redirectUris[0]!;

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
  code_challenge_methods_supported: string[];
  claims_supported: string[];
  acr_values_supported: string[];
  grant_types_supported: string[];
}

let oidc: DevOidc;
let discovery: Discovery;
let jwks: ReturnType<typeof createRemoteJWKSet>;

beforeAll(async () => {
  oidc = await startDevOidc({ port: 0, clients: [CLIENT], users: [DEV_ADMIN, DEV_NO_MFA_USER] });
  discovery = (await (
    await fetch(`${oidc.issuer}/.well-known/openid-configuration`)
  ).json()) as Discovery;
  jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
});

afterAll(async () => {
  await oidc?.stop();
});

function signIn(user: typeof DEV_ADMIN, otp = DEFAULT_OTP_CODE) {
  return signInHeadless({
    issuer: oidc.issuer,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectUri: REDIRECT_URI,
    username: user.email,
    password: user.password,
    otp,
  });
}

describe('discovery and JWKS', () => {
  it('serves OpenID discovery for the code flow with PKCE, refresh and logout', () => {
    expect(discovery.issuer).toBe(oidc.issuer);
    expect(discovery.authorization_endpoint).toBe(`${oidc.issuer}/auth`);
    expect(discovery.code_challenge_methods_supported).toContain('S256');
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token']),
    );
    expect(discovery.end_session_endpoint).toBe(`${oidc.issuer}/session/end`);
    expect(discovery.claims_supported).toEqual(
      expect.arrayContaining(['amr', 'acr', 'email', 'name']),
    );
    expect(discovery.acr_values_supported).toEqual([DEFAULT_ACR_WHEN_MFA, DEFAULT_ACR_WITHOUT_MFA]);
  });

  it('publishes one RSA signing key without private parts', async () => {
    const body = (await (await fetch(discovery.jwks_uri)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
    for (const privatePart of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
      expect(body.keys[0]).not.toHaveProperty(privatePart);
    }
  });
});

describe('authorization code + PKCE', () => {
  it('gives the MFA user tokens whose amr/acr show the one-time code', async () => {
    const tokens = await signIn(DEV_ADMIN);

    const id = await jwtVerify(tokens.id_token!, jwks, {
      issuer: oidc.issuer,
      audience: CLIENT.clientId,
    });
    expect(id.payload).toMatchObject({
      sub: DEV_ADMIN.sub,
      email: DEV_ADMIN.email,
      name: DEV_ADMIN.name,
      amr: ['pwd', 'otp'],
      acr: DEFAULT_ACR_WHEN_MFA,
    });
    expect(id.payload.auth_time).toEqual(expect.any(Number));

    // The access token is a JWT the gateway can verify offline: iss, aud, sub, exp, amr, acr.
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    const access = await jwtVerify(tokens.access_token, jwks, {
      issuer: oidc.issuer,
      audience: DEFAULT_ACCESS_TOKEN_AUDIENCE,
      typ: 'at+jwt',
    });
    expect(access.payload).toMatchObject({
      sub: DEV_ADMIN.sub,
      client_id: CLIENT.clientId,
      amr: ['pwd', 'otp'],
      acr: DEFAULT_ACR_WHEN_MFA,
    });
    expect(access.payload.exp).toBeGreaterThan(Date.now() / 1000);
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('gives the password-only user amr ["pwd"] and no MFA method', async () => {
    const tokens = await signIn(DEV_NO_MFA_USER);
    const id = await jwtVerify(tokens.id_token!, jwks, {
      issuer: oidc.issuer,
      audience: CLIENT.clientId,
    });
    const access = await jwtVerify(tokens.access_token, jwks, {
      issuer: oidc.issuer,
      audience: DEFAULT_ACCESS_TOKEN_AUDIENCE,
    });
    for (const payload of [id.payload, access.payload]) {
      expect(payload.sub).toBe(DEV_NO_MFA_USER.sub);
      expect(payload.amr).toEqual(['pwd']);
      expect(payload.acr).toBe(DEFAULT_ACR_WITHOUT_MFA);
    }
  });

  it('refuses a wrong password and a wrong one-time code', async () => {
    await expect(signIn({ ...DEV_ADMIN, password: 'nope' })).rejects.toThrow(
      /Wrong email or password/,
    );
    await expect(signIn(DEV_ADMIN, '000000')).rejects.toThrow(/Wrong one-time code/);
  });

  it('requires PKCE', async () => {
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: CLIENT.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state: 'xyz',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!);
    expect(location.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refreshes: a new JWT access token that keeps the login amr/acr', async () => {
    const tokens = await signIn(DEV_ADMIN);
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token!,
      }),
    });
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as { access_token: string; refresh_token: string };
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const access = await jwtVerify(refreshed.access_token, jwks, {
      issuer: oidc.issuer,
      audience: DEFAULT_ACCESS_TOKEN_AUDIENCE,
    });
    expect(access.payload).toMatchObject({
      sub: DEV_ADMIN.sub,
      amr: ['pwd', 'otp'],
      acr: DEFAULT_ACR_WHEN_MFA,
    });
  });

  it('ends the IdP session by RP-initiated logout and returns to the post-logout URI', async () => {
    const jar = new CookieJar();
    const tokens = await signInHeadless({
      issuer: oidc.issuer,
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      redirectUri: REDIRECT_URI,
      username: DEV_ADMIN.email,
      password: DEV_ADMIN.password,
      otp: DEFAULT_OTP_CODE,
      jar,
    });
    const postLogout = CLIENT.postLogoutRedirectUris[0]!;
    const url = new URL(discovery.end_session_endpoint);
    url.search = new URLSearchParams({
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: postLogout,
      state: 's1',
    }).toString();

    // With a session and an id_token_hint the confirmation page submits itself in a browser.
    const confirmation = await jar.follow(url.href, postLogout);
    const html = await confirmation.text();
    expect(html).toContain('id="op.logoutForm"');
    expect(html).toContain("document.getElementById('confirm-logout').click()");
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(xsrf).toBeDefined();

    const done = await jar.follow(
      `${oidc.issuer}/session/end/confirm`,
      postLogout,
      new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }),
    );
    expect(done.url).toBe(`${postLogout}?state=s1`);

    // The session is gone: the session-bound refresh token no longer works.
    const refresh = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token!,
      }),
    });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe('invalid_grant');
  });
});
