import { encode, getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import {
  getSessionCookieName,
  hasSecureCookies,
  PAGES,
  refreshTokens,
  SESSION_MAX_AGE_SECONDS,
} from './auth/auth-options';
import { needsRefresh } from './auth/refresh-access-token';
import {
  chunkSessionCookie,
  sessionCookieAttributes,
  staleSessionCookies,
} from './auth/session-cookie';
import { getEnvironment } from './environment';

// Next 16 "proxy" (formerly middleware; Node.js runtime). Every console page needs a signed-in
// admin with MFA evidence. It also refreshes the access token before it expires and writes the
// new session cookie, because server components render after this and cannot set cookies.

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const env = getEnvironment();
  const cookieName = getSessionCookieName(env);
  const token = await getToken({
    req: request,
    secret: env.NEXTAUTH_SECRET,
    secureCookie: hasSecureCookies(env),
    cookieName,
  });

  if (!token) return deny(request, PAGES.signIn);
  if (token.mfa !== true) return deny(request, PAGES.mfaRequired, cookieName);
  if (token.error) return deny(request, PAGES.signIn, cookieName);
  if (!needsRefresh(token)) return NextResponse.next();

  const refreshed = await refreshTokens(env, token);
  if (refreshed.error) return deny(request, PAGES.signIn, cookieName);

  const value = await encode({
    token: refreshed,
    secret: env.NEXTAUTH_SECRET,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const writes = chunkSessionCookie(cookieName, value);
  const stale = staleSessionCookies(
    request.cookies.getAll().map((c) => c.name),
    cookieName,
    writes,
  );
  // The page rendered for this request sees the new cookie too.
  for (const name of stale) request.cookies.delete(name);
  for (const { name, value: chunk } of writes) request.cookies.set(name, chunk);
  const response = NextResponse.next({ request: { headers: new Headers(request.headers) } });
  const attributes = sessionCookieAttributes(hasSecureCookies(env));
  for (const name of stale) response.cookies.set(name, '', { ...attributes, maxAge: 0 });
  for (const { name, value: chunk } of writes) {
    response.cookies.set(name, chunk, { ...attributes, maxAge: SESSION_MAX_AGE_SECONDS });
  }
  return response;
}

/** API calls get 401; pages go to `page` (with where to come back). Optionally drops the session. */
function deny(request: NextRequest, page: string, clearCookie?: string): NextResponse {
  const { pathname, search } = request.nextUrl;
  let response: NextResponse;
  if (pathname.startsWith('/api/')) {
    response = NextResponse.json({ error: 'unauthenticated' }, { status: 401 });
  } else {
    const target = new URL(page, getEnvironment().NEXTAUTH_URL);
    if (page === PAGES.signIn) target.searchParams.set('callbackUrl', pathname + search);
    response = NextResponse.redirect(target);
  }
  if (clearCookie) {
    const attributes = sessionCookieAttributes(hasSecureCookies(getEnvironment()));
    for (const { name } of request.cookies.getAll()) {
      if (name === clearCookie || name.startsWith(`${clearCookie}.`)) {
        response.cookies.set(name, '', { ...attributes, maxAge: 0 });
      }
    }
  }
  return response;
}

export const config = {
  // Everything except next-auth's own routes, probes, the public /auth/* pages and static assets.
  matcher: [
    '/((?!api/auth/|api/health$|api/metrics$|auth/|_next/static/|_next/image|favicon.ico).*)',
  ],
};
