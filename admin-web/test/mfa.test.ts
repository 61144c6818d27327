import { describe, expect, it } from 'vitest';
import { hasMfaEvidence, readAmr } from '../src/auth/mfa';
import { parseEnvironment } from '../src/environment';

const DEFAULT_POLICY = { amr: ['mfa', 'otp', 'hwk', 'sms', 'swk'], acr: [] };

describe('hasMfaEvidence', () => {
  it('accepts any configured second-factor amr method', () => {
    expect(hasMfaEvidence({ amr: ['pwd', 'otp'] }, DEFAULT_POLICY)).toBe(true);
    expect(hasMfaEvidence({ amr: ['hwk'] }, DEFAULT_POLICY)).toBe(true);
    expect(hasMfaEvidence({ amr: 'mfa' }, DEFAULT_POLICY)).toBe(true);
  });

  it('refuses password-only, missing and malformed claims', () => {
    expect(hasMfaEvidence({ amr: ['pwd'] }, DEFAULT_POLICY)).toBe(false);
    expect(hasMfaEvidence({}, DEFAULT_POLICY)).toBe(false);
    expect(hasMfaEvidence({ amr: [42, null] }, DEFAULT_POLICY)).toBe(false);
    expect(hasMfaEvidence({ amr: { otp: true } }, DEFAULT_POLICY)).toBe(false);
    expect(hasMfaEvidence({ acr: 'urn:myid:mfa' }, DEFAULT_POLICY)).toBe(false);
  });

  it('accepts an acr only when the policy lists it', () => {
    const policy = { amr: [], acr: ['urn:myid:loa:2'] };
    expect(hasMfaEvidence({ amr: ['pwd'], acr: 'urn:myid:loa:2' }, policy)).toBe(true);
    expect(hasMfaEvidence({ amr: ['otp'], acr: 'urn:myid:loa:1' }, policy)).toBe(false);
  });

  it('reads amr as a list of strings', () => {
    expect(readAmr({ amr: ['pwd', 1, 'otp'] })).toEqual(['pwd', 'otp']);
  });
});

describe('environment', () => {
  const minimal = {
    OIDC_ISSUER: 'https://myid.example.com/',
    OIDC_CLIENT_ID: 'badge-console',
    OIDC_CLIENT_SECRET: 'secret',
    NEXTAUTH_URL: 'https://console.example.com',
    NEXTAUTH_SECRET: 'x'.repeat(32),
    GATEWAY_URL: 'https://api.example.com/graphql',
  };

  it('applies MYID defaults and parses comma lists', () => {
    const env = parseEnvironment({ ...minimal, OIDC_MFA_ACR: 'urn:a, urn:b,' });
    expect(env.OIDC_ISSUER).toBe('https://myid.example.com');
    expect(env.OIDC_SCOPES).toBe('openid profile email offline_access');
    expect(env.OIDC_MFA_AMR).toEqual(['mfa', 'otp', 'hwk', 'sms', 'swk']);
    expect(env.OIDC_MFA_ACR).toEqual(['urn:a', 'urn:b']);
    expect(env.OIDC_ACR_VALUES).toBeUndefined();
  });

  it('names every missing or invalid variable', () => {
    expect(() =>
      parseEnvironment({ ...minimal, NEXTAUTH_SECRET: 'short', OIDC_ISSUER: undefined }),
    ).toThrow(/OIDC_ISSUER[\s\S]*NEXTAUTH_SECRET|NEXTAUTH_SECRET[\s\S]*OIDC_ISSUER/);
    expect(() => parseEnvironment({ ...minimal, NEXTAUTH_URL: 'ftp://console' })).toThrow(
      /NEXTAUTH_URL/,
    );
  });
});
