import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { getSessionCookieName, hasSecureCookies, PAGES } from '../../../auth/auth-options';
import { getOidcMetadata } from '../../../auth/oidc-metadata';
import { sessionCookieAttributes } from '../../../auth/session-cookie';
import { getEnvironment } from '../../../environment';
import { getLogger } from '../../../server/logger';

/**
 * Sign-out: drop the console session, revoke the refresh token, and end the MYID session too
 * (RP-initiated logout with id_token_hint); MYID then returns the browser to /auth/signed-out.
 * POST only, same origin only: a cross-site page must not be able to sign admins out.
 */
export async function POST(request: NextRequest): Promise<NextResponse> {
  const env = getEnvironment();
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== new URL(env.NEXTAUTH_URL).origin) {
    return NextResponse.json({ error: 'forbidden' }, { status: 403 });
  }

  const cookieName = getSessionCookieName(env);
  const token = await getToken({
    req: request,
    secret: env.NEXTAUTH_SECRET,
    secureCookie: hasSecureCookies(env),
    cookieName,
  });
  const signedOut = new URL(PAGES.signedOut, env.NEXTAUTH_URL);
  let target = signedOut;

  if (token) {
    try {
      const metadata = await getOidcMetadata(env.OIDC_ISSUER);
      if (metadata.revocation_endpoint && token.refreshToken) {
        await revoke(metadata.revocation_endpoint, token.refreshToken, env);
      }
      if (metadata.end_session_endpoint) {
        target = new URL(metadata.end_session_endpoint);
        if (token.idToken) target.searchParams.set('id_token_hint', token.idToken);
        target.searchParams.set('client_id', env.OIDC_CLIENT_ID);
        target.searchParams.set('post_logout_redirect_uri', signedOut.href);
      }
    } catch (error) {
      // The console session still ends; the IdP session may outlive it.
      getLogger('auth').warn({ err: error }, 'IdP logout unavailable');
    }
  }

  const response = NextResponse.redirect(target, 303);
  const attributes = sessionCookieAttributes(hasSecureCookies(env));
  for (const { name } of request.cookies.getAll()) {
    if (name === cookieName || name.startsWith(`${cookieName}.`)) {
      response.cookies.set(name, '', { ...attributes, maxAge: 0 });
    }
  }
  return response;
}

async function revoke(
  endpoint: string,
  refreshToken: string,
  env: ReturnType<typeof getEnvironment>,
) {
  const basic = Buffer.from(
    `${encodeURIComponent(env.OIDC_CLIENT_ID)}:${encodeURIComponent(env.OIDC_CLIENT_SECRET)}`,
  ).toString('base64');
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok)
    getLogger('auth').warn({ status: response.status }, 'refresh token revocation failed');
}
