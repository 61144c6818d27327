import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  hasPermission,
  hasScope,
  signIdentity,
  verifyIdentity,
  type Identity,
} from '../src/index.js';

const current = 'c'.repeat(40);
const previous = 'p'.repeat(40);
const admin: Identity = {
  kind: 'admin',
  subject: 'oidc|42',
  roles: ['operator'],
  permissions: ['badge:badge:read'],
  scopes: [],
  mfa: true,
};

describe('gateway identity token', () => {
  it('round-trips the identity', async () => {
    const token = await signIdentity(admin, [current]);
    await expect(verifyIdentity(token, [current])).resolves.toMatchObject(admin);
  });

  it('accepts tokens signed with a previous secret during rotation', async () => {
    const token = await signIdentity(admin, [previous]);
    await expect(verifyIdentity(token, [current, previous])).resolves.toMatchObject({
      subject: 'oidc|42',
    });
  });

  it('rejects missing, forged, tampered and expired tokens as UNAUTHENTICATED', async () => {
    const expectUnauthenticated = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('UNAUTHENTICATED');
    };
    await expectUnauthenticated(verifyIdentity(undefined, [current]));
    await expectUnauthenticated(
      verifyIdentity(await signIdentity(admin, ['x'.repeat(40)]), [current]),
    );
    const good = await signIdentity(admin, [current]);
    const [h, , s] = good.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ idt: { ...admin, permissions: ['system:role:write'] } }),
    ).toString('base64url');
    await expectUnauthenticated(verifyIdentity(`${h}.${forgedPayload}.${s}`, [current]));
    const expired = await new SignJWT({ idt: admin })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('badge-gateway')
      .setAudience('badge-subgraphs')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 300)
      .sign(new TextEncoder().encode(current));
    await expectUnauthenticated(verifyIdentity(expired, [current]));
    const noneAlg = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${good.split('.')[1]}.`;
    await expectUnauthenticated(verifyIdentity(noneAlg, [current]));
  });

  it('checks permissions and scopes by identity kind', () => {
    expect(hasPermission(admin, 'badge:badge:read')).toBe(true);
    expect(hasPermission(admin, 'badge:badge:write')).toBe(false);
    const partner: Identity = {
      kind: 'partner',
      subject: 'key1',
      roles: [],
      permissions: [],
      scopes: ['read:badges'],
      mfa: false,
    };
    expect(hasScope(partner, 'read:badges')).toBe(true);
    expect(hasScope(partner, 'write:redemption')).toBe(false);
    expect(hasScope({ ...partner, scopes: ['*'] }, 'write:redemption')).toBe(true);
    expect(hasScope({ ...admin, scopes: ['*'] }, 'read:badges')).toBe(false);
  });
});
