import { describe, expect, it } from 'vitest';
import {
  chunkSessionCookie,
  sessionCookieName,
  staleSessionCookies,
} from '../src/auth/session-cookie';

describe('session cookie (next-auth 4 layout)', () => {
  it('uses the __Secure- prefix on https', () => {
    expect(sessionCookieName(true)).toBe('__Secure-next-auth.session-token');
    expect(sessionCookieName(false)).toBe('next-auth.session-token');
  });

  it('keeps small values whole and chunks large ones like next-auth', () => {
    expect(chunkSessionCookie('s', 'abc')).toEqual([{ name: 's', value: 'abc' }]);
    const big = 'x'.repeat(3933 * 2 + 10);
    const chunks = chunkSessionCookie('s', big);
    expect(chunks.map((c) => c.name)).toEqual(['s.0', 's.1', 's.2']);
    expect(chunks.map((c) => c.value).join('')).toBe(big);
  });

  it('finds cookies that a new value no longer uses', () => {
    const existing = ['s.0', 's.1', 's.2', 'other', 's-like'];
    expect(staleSessionCookies(existing, 's', [{ name: 's', value: 'v' }])).toEqual([
      's.0',
      's.1',
      's.2',
    ]);
    expect(staleSessionCookies(['s'], 's', chunkSessionCookie('s', 'y'.repeat(5000)))).toEqual([
      's',
    ]);
  });
});
