import { decode, type JWT } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { getEnvironment } from '../environment';
import { getSessionCookieName } from './auth-options';

/**
 * The signed-in admin's session token (with the access token) for server components and server
 * actions. The proxy has already refreshed it for this request when it was about to expire; the
 * cookie may be chunked (`name.0`, `name.1`, …) like next-auth writes it.
 */
export async function readSessionToken(): Promise<JWT | null> {
  const env = getEnvironment();
  const name = getSessionCookieName(env);
  const jar = await cookies();
  const value =
    jar.get(name)?.value ??
    jar
      .getAll()
      .filter((c) => c.name.startsWith(`${name}.`))
      .map((c) => ({ index: Number(c.name.slice(name.length + 1)), value: c.value }))
      .sort((a, b) => a.index - b.index)
      .map((c) => c.value)
      .join('');
  if (!value) return null;
  return decode({ token: value, secret: env.NEXTAUTH_SECRET });
}
