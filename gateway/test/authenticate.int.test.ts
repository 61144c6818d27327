import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEV_ADMIN,
  DEV_NO_MFA_USER,
  signInHeadless,
  startDevOidc,
  type DevOidc,
} from '@badge/dev-oidc';
import { AppError } from '@badge/service-kit';
import type { ApiKeyAccess } from '../src/auth/api-key-access.js';
import {
  createAuthenticator,
  hasMfaEvidence,
  type Authenticated,
} from '../src/auth/authenticate.js';

const AUDIENCE = 'urn:badge:gateway';
const client = {
  clientId: 'console',
  clientSecret: 'console-secret-console-secret',
  redirectUris: ['http://localhost:9/cb'],
  postLogoutRedirectUris: ['http://localhost:9/out'],
};
let idp: DevOidc;

beforeAll(async () => {
  idp = await startDevOidc({
    port: 0,
    clients: [client],
    users: [DEV_ADMIN, DEV_NO_MFA_USER],
    accessTokenAudience: AUDIENCE,
  });
});
afterAll(() => idp?.stop());

const tokenFor = async (user: typeof DEV_ADMIN) =>
  (
    await signInHeadless({
      issuer: idp.issuer,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUri: client.redirectUris[0]!,
      username: user.email,
      password: user.password,
      ...(user.mfa ? { otp: '123456' } : {}),
      authorizationParams: { resource: AUDIENCE },
    })
  ).access_token;

const request = (headers: Record<string, string>): IncomingMessage =>
  ({ headers, socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage;

const KEYS: Record<string, ApiKeyAccess> = {
  bk_live_good_0123456789: {
    id: 'key-good',
    name: 'good',
    scopes: ['read:badges'],
    rateLimitPerMinute: 60,
    expiresAt: null,
    isEnabled: true,
  },
  bk_live_disabled_0123456: {
    id: 'key-off',
    name: 'off',
    scopes: ['*'],
    rateLimitPerMinute: null,
    expiresAt: null,
    isEnabled: false,
  },
  bk_live_expired_01234567: {
    id: 'key-old',
    name: 'old',
    scopes: ['*'],
    rateLimitPerMinute: null,
    expiresAt: '2020-01-01T00:00:00Z',
    isEnabled: true,
  },
};

const authenticator = (
  audience = AUDIENCE,
  user?: { issuer: string; audience: string; jwksUrl: string },
) =>
  createAuthenticator({
    admin: { issuer: idp.issuer, audience, mfaAmr: ['otp', 'mfa'], mfaAcr: [] },
    user,
    clockToleranceS: 5,
    resolveAdmin: async ({ subject }) =>
      subject === DEV_ADMIN.sub
        ? { status: 'ACTIVE', roles: ['operator'], permissions: ['badge:badge:read'] }
        : { status: 'PENDING', roles: [], permissions: [] },
    resolveApiKey: async (key) => KEYS[key] ?? null,
  });

const identityOf = (p: Promise<Authenticated>) => p.then((a) => a.identity);

const failure = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe('gateway authentication against a real OIDC provider', () => {
  it('turns an MFA access token into an admin identity with the roles of the user service', async () => {
    const identity = await identityOf(
      authenticator()(
        request({ authorization: `Bearer ${await tokenFor(DEV_ADMIN)}`, 'user-agent': 'vitest' }),
      ),
    );
    expect(identity).toMatchObject({
      kind: 'admin',
      subject: DEV_ADMIN.sub,
      roles: ['operator'],
      permissions: ['badge:badge:read'],
      mfa: true,
      userAgent: 'vitest',
    });
  });

  it('refuses a token without MFA evidence', async () => {
    const err = await failure(
      authenticator()(request({ authorization: `Bearer ${await tokenFor(DEV_NO_MFA_USER)}` })),
    );
    expect(err.code).toBe('FORBIDDEN');
    expect(err.details).toMatchObject({ reason: 'MFA_REQUIRED' });
  });

  it('refuses a token for another audience, a tampered token and a malformed header', async () => {
    const token = await tokenFor(DEV_ADMIN);
    expect(
      (
        await failure(
          authenticator('urn:someone:else')(request({ authorization: `Bearer ${token}` })),
        )
      ).code,
    ).toBe('UNAUTHENTICATED');
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${p!.slice(0, -4)}AAAA.${s}`;
    expect(
      (await failure(authenticator()(request({ authorization: `Bearer ${tampered}` })))).code,
    ).toBe('UNAUTHENTICATED');
    expect((await failure(authenticator()(request({ authorization: 'Basic abc' })))).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await failure(authenticator()(request({ authorization: 'Bearer not-a-jwt' })))).code,
    ).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const expired = await new SignJWT({ amr: ['otp'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(idp.issuer)
      .setAudience(AUDIENCE)
      .setSubject(DEV_ADMIN.sub)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1800)
      .sign(privateKey);
    expect(
      (await failure(authenticator()(request({ authorization: `Bearer ${expired}` })))).code,
    ).toBe('UNAUTHENTICATED');
  });

  it('treats a request without credentials as anonymous', async () => {
    expect(await identityOf(authenticator()(request({})))).toMatchObject({
      kind: 'anonymous',
      permissions: [],
    });
  });

  it('turns a known, enabled, unexpired API key into a partner identity with its scopes and limit', async () => {
    const caller = await authenticator()(request({ 'x-api-key': 'bk_live_good_0123456789' }));
    expect(caller).toMatchObject({
      identity: {
        kind: 'partner',
        subject: 'key-good',
        apiKeyId: 'key-good',
        scopes: ['read:badges'],
      },
      apiKeyRateLimit: 60,
    });
    for (const [key, message] of [
      ['bk_live_unknown_01234567', 'unknown API key'],
      ['bk_live_disabled_0123456', 'API key is disabled'],
      ['bk_live_expired_01234567', 'API key has expired'],
      ['short', 'malformed API key'],
    ] as const) {
      const err = await failure(authenticator()(request({ 'x-api-key': key })));
      expect([err.code, err.message]).toEqual(['UNAUTHENTICATED', message]);
    }
  });

  it('accepts end-user tokens of the configured user issuer, and no other issuer', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'u1', alg: 'RS256' };
    const server = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    try {
      const sign = (iss: string) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'RS256', kid: 'u1' })
          .setIssuer(iss)
          .setAudience('brand-app')
          .setSubject('user-42')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
      const userIssuer = { issuer: 'https://login.brand.example', audience: 'brand-app', jwksUrl };
      const identity = await identityOf(
        authenticator(
          AUDIENCE,
          userIssuer,
        )(request({ authorization: `Bearer ${await sign(userIssuer.issuer)}` })),
      );
      expect(identity).toMatchObject({ kind: 'user', subject: 'user-42', permissions: [] });
      const stranger = await failure(
        authenticator(
          AUDIENCE,
          userIssuer,
        )(request({ authorization: `Bearer ${await sign('https://evil.example')}` })),
      );
      expect([stranger.code, stranger.message]).toEqual([
        'UNAUTHENTICATED',
        'access token from an unknown issuer',
      ]);
      const notConfigured = await failure(
        authenticator()(request({ authorization: `Bearer ${await sign(userIssuer.issuer)}` })),
      );
      expect(notConfigured.code).toBe('UNAUTHENTICATED');
    } finally {
      server.close();
    }
  });
});

describe('MFA evidence', () => {
  it('accepts a configured amr method or acr level, nothing else', () => {
    expect(hasMfaEvidence({ amr: ['pwd', 'otp'] }, ['otp'], [])).toBe(true);
    expect(hasMfaEvidence({ amr: ['pwd'] }, ['otp'], [])).toBe(false);
    expect(hasMfaEvidence({ acr: 'urn:myid:loa:mfa' }, ['otp'], ['urn:myid:loa:mfa'])).toBe(true);
    expect(hasMfaEvidence({ acr: 'urn:myid:loa:pwd' }, ['otp'], ['urn:myid:loa:mfa'])).toBe(false);
    expect(hasMfaEvidence({ amr: 'otp' }, ['otp'], [])).toBe(false);
  });
});
