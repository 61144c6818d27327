import { createHash, randomBytes } from 'node:crypto';

export interface SignInHeadlessInput {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  username: string;
  password: string;
  /** Sent only if the provider asks for it (MFA users). */
  otp?: string;
  scope?: string;
  /** Extra authorization request parameters (e.g. `acr_values`, `resource`). */
  authorizationParams?: Record<string, string>;
  /** Cookie jar to use (keeps the IdP session for later requests, e.g. logout). */
  jar?: CookieJar;
}

export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
}

/**
 * Runs the authorization code + PKCE flow against the dev provider with `fetch` alone, the way a
 * browser would (cookies, redirects, the login and one-time-code forms), and returns the token
 * response. For tests of other packages that need real tokens (e.g. the gateway). Only knows the
 * dev provider's own login pages.
 */
export async function signInHeadless(input: SignInHeadlessInput): Promise<TokenSet> {
  const jar = input.jar ?? new CookieJar();
  const issuer = input.issuer.replace(/\/$/, '');
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };

  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(discovery.authorization_endpoint);
  for (const [key, value] of Object.entries({
    client_id: input.clientId,
    response_type: 'code',
    redirect_uri: input.redirectUri,
    scope: input.scope ?? 'openid email profile offline_access',
    state,
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...input.authorizationParams,
  })) {
    authorize.searchParams.set(key, value);
  }

  let response = await jar.follow(authorize.href, input.redirectUri);
  let page = '';
  // With a live IdP session (a reused jar) the provider redirects straight back.
  if (!response.url.startsWith(input.redirectUri)) {
    const interactionUrl = response.url;
    await response.body?.cancel();
    response = await jar.follow(
      `${interactionUrl}/login`,
      input.redirectUri,
      new URLSearchParams({ username: input.username, password: input.password }),
    );
    page = response.url.startsWith(input.redirectUri) ? '' : await response.text();
    if (page.includes('name="otp"') && !page.includes('role="alert"')) {
      if (input.otp === undefined) throw new Error('provider asked for a one-time code');
      response = await jar.follow(
        `${interactionUrl}/otp`,
        input.redirectUri,
        new URLSearchParams({ otp: input.otp }),
      );
      page = response.url.startsWith(input.redirectUri) ? '' : await response.text();
    }
  }
  if (!response.url.startsWith(input.redirectUri)) {
    const alert = /role="alert">([^<]*)</.exec(page)?.[1];
    throw new Error(
      `sign-in did not reach the redirect URI (status ${response.status}): ${alert ?? page.slice(0, 500)}`,
    );
  }
  const callback = new URL(response.url);
  if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback.search}`);

  const tokenResponse = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(
        `${encodeURIComponent(input.clientId)}:${encodeURIComponent(input.clientSecret)}`,
      ).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: input.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!tokenResponse.ok) {
    throw new Error(`token endpoint ${tokenResponse.status}: ${await tokenResponse.text()}`);
  }
  return (await tokenResponse.json()) as TokenSet;
}

interface StoredCookie {
  value: string;
  path: string;
  origin: string;
}

/** Just enough of a browser: cookies by origin + path, redirects followed by hand. */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /**
   * Requests `url` (POSTing `form` if given) and follows redirects until a page is returned or
   * the location starts with `stopAt` (the RP's redirect URI, which is not served here). The
   * returned response's `url` is the final location.
   */
  async follow(url: string, stopAt: string, form?: URLSearchParams): Promise<Response> {
    let current = url;
    let body = form;
    for (let hop = 0; hop < 20; hop++) {
      if (current.startsWith(stopAt)) return redirectResponse(current);
      const target = new URL(current);
      const response = await fetch(target, {
        method: body ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: this.#header(target),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(body ? { body } : {}),
      });
      this.#store(target, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        Object.defineProperty(response, 'url', { value: target.href });
        return response;
      }
      await response.body?.cancel();
      current = new URL(location, target).href;
      body = undefined;
    }
    throw new Error('too many redirects');
  }

  #header(url: URL): string {
    return [...this.#cookies]
      .filter(([, c]) => c.origin === url.origin && url.pathname.startsWith(c.path))
      .map(([key, c]) => `${key.split('\n')[2]}=${c.value}`)
      .join('; ');
  }

  #store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', attrValue = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = attrValue;
        if (key.toLowerCase() === 'max-age' && Number(attrValue) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(attrValue) < Date.now()) expired = true;
      }
      const key = `${url.origin}\n${path}\n${name}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path, origin: url.origin });
    }
  }
}

function redirectResponse(location: string): Response {
  const response = new Response(null, { status: 200 });
  Object.defineProperty(response, 'url', { value: location });
  return response;
}
