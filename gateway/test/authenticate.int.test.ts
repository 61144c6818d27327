import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEV_ADMIN,
  DEV_NO_MFA_USER,
  signInHeadless,
  startDevOidc,
  type DevOidc,
} from '@badge/dev-oidc';
import { AppError, type Identity } from '@badge/service-kit';
import { createAuthenticator, hasMfaEvidence } from '../src/auth/authenticate.js';

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

const authenticator = (audience = AUDIENCE) =>
  createAuthenticator({
    issuer: idp.issuer,
    audience,
    mfaAmr: ['otp', 'mfa'],
    mfaAcr: [],
    clockToleranceS: 5,
    resolveAdmin: async ({ subject }) =>
      subject === DEV_ADMIN.sub
        ? { status: 'ACTIVE', roles: ['operator'], permissions: ['badge:badge:read'] }
        : { status: 'PENDING', roles: [], permissions: [] },
  });

const failure = async (p: Promise<Identity>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe('gateway authentication against a real OIDC provider', () => {
  it('turns an MFA access token into an admin identity with the roles of the user service', async () => {
    const identity = await authenticator()(
      request({ authorization: `Bearer ${await tokenFor(DEV_ADMIN)}`, 'user-agent': 'vitest' }),
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
    expect((await failure(authenticator()(request({ authorization: `Basic abc` })))).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('treats a request without credentials as anonymous and refuses API keys until they are supported', async () => {
    expect(await authenticator()(request({}))).toMatchObject({
      kind: 'anonymous',
      permissions: [],
    });
    expect((await failure(authenticator()(request({ 'x-api-key': 'bk_x' })))).code).toBe(
      'UNAUTHENTICATED',
    );
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
