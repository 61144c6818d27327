// next-auth 4's session cookie, for the one place that writes it outside next-auth: the proxy,
// after refreshing the access token (server components cannot set cookies). Same name, chunking
// (4096 − 163 bytes per cookie, `.0`, `.1`, …) and attributes as next-auth's SessionStore.

const CHUNK_SIZE = 4096 - 163;

export function sessionCookieName(secure: boolean): string {
  return `${secure ? '__Secure-' : ''}next-auth.session-token`;
}

/** next-auth's attributes for the session cookie. `Secure` matters for deletion too: browsers
 * ignore a `__Secure-` cookie (even an expiring one) set without it. */
export function sessionCookieAttributes(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure };
}

export interface CookieWrite {
  name: string;
  value: string;
}

/** The cookies that carry `value` under `name`: one, or numbered chunks. */
export function chunkSessionCookie(name: string, value: string): CookieWrite[] {
  const count = Math.ceil(value.length / CHUNK_SIZE);
  if (count <= 1) return [{ name, value }];
  return Array.from({ length: count }, (_, i) => ({
    name: `${name}.${i}`,
    value: value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
  }));
}

/** Names of existing session cookies (whole or chunks) that `keep` does not overwrite. */
export function staleSessionCookies(
  existing: readonly string[],
  name: string,
  keep: readonly CookieWrite[],
): string[] {
  const kept = new Set(keep.map((c) => c.name));
  return existing.filter((n) => (n === name || n.startsWith(`${name}.`)) && !kept.has(n));
}
