import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, {
  errors,
  type Configuration,
  type JWK,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import {
  ZDevOidcOptions,
  type TDevOidcOptions,
  type TDevOidcUser,
  type TResolvedDevOidcOptions,
} from './options.js';
import { errorPage, loggedOutPage, loginPage, logoutPage, otpPage } from './views.js';

export interface DevOidc {
  /** Issuer URL (discovery at `${issuer}/.well-known/openid-configuration`). */
  readonly issuer: string;
  readonly port: number;
  /** `aud` of the JWT access tokens (and the default resource indicator). */
  readonly accessTokenAudience: string;
  stop(): Promise<void>;
}

const INTERACTION_PATH = /^\/interaction\/([\w-]+)(?:\/(login|otp))?$/;
const PENDING_MFA_TTL_MS = 10 * 60_000;
const MAX_FORM_BYTES = 16 * 1024;

/**
 * Starts a local OpenID Provider (panva/oidc-provider 9, a certified OP) that stands in for MYID:
 * authorization code + PKCE (required for every client), discovery, JWKS (RSA key generated at
 * start), JWT access tokens for one resource (`aud`), ID tokens and access tokens carrying
 * `amr`/`acr`, refresh tokens (`offline_access`), RP-initiated logout, and a small login UI with a
 * one-time-code step for MFA users. State lives in memory; every start is a clean provider.
 */
export async function startDevOidc(input: TDevOidcOptions): Promise<DevOidc> {
  const options = ZDevOidcOptions.parse(input);
  const usersBySub = new Map(options.users.map((u) => [u.sub, u]));
  const usersByLogin = new Map(options.users.map((u) => [u.email.toLowerCase(), u]));

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = (options.issuer ?? `http://localhost:${port}`).replace(/\/$/, '');

  const provider = new Provider(issuer, buildConfiguration(options, usersBySub));
  const callback = provider.callback();
  const interactions = createInteractionHandler(provider, options, usersBySub, usersByLogin);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    const match = INTERACTION_PATH.exec(path);
    if (!match) {
      // Koa answers its own errors; this only guards against a rejected handler promise.
      callback(req, res).catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
      return;
    }
    interactions(req, res, match[2] as 'login' | 'otp' | undefined).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendHtml(res, 400, errorPage('interaction failed', message));
      else res.end();
    });
  });

  return {
    issuer,
    port,
    accessTokenAudience: options.accessTokenAudience,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function buildConfiguration(
  options: TResolvedDevOidcOptions,
  usersBySub: ReadonlyMap<string, TDevOidcUser>,
): Configuration {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomUUID(),
    use: 'sig',
    alg: 'RS256',
  } as JWK;
  const audience = options.accessTokenAudience;

  return {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // next-auth 4 (and most RPs) expect profile claims in the ID token (PLATFORM.md).
    conformIdTokenClaims: false,
    // acr/amr/auth_time of the login go into every ID token (under the `openid` scope), not
    // only when the RP asks for them with `acr_values`/`claims`: MYID always sends them.
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    acrValues: [options.acr, options.acrWithoutMfa],
    pkce: { required: () => true },
    // Refresh tokens for every client allowed the refresh_token grant, like Keycloak or Okta.
    // oidc-provider follows OIDC Core strictly and drops `offline_access` unless the request has
    // prompt=consent; without offline_access the refresh token ends with the IdP session (which
    // is what an admin console wants: signing out at the IdP also ends token refresh).
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    findAccount: (_ctx, sub) => {
      const user = usersBySub.get(sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        claims: () => ({ sub: user.sub, email: user.email, email_verified: true, name: user.name }),
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      // A client may revoke only tokens issued to itself (sign-out revokes its refresh token).
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form, typeof ctx.oidc.params?.id_token_hint === 'string');
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage(ctx.oidc.client?.clientId);
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== audience) throw new errors.InvalidTarget();
          return {
            scope: 'badge:admin',
            audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: options.accessTokenTtlSeconds,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // amr/acr on access tokens, so the gateway can check MFA without calling the IdP. The
    // authorization code (first issue) or refresh token (refresh) carries the login's values.
    extraTokenClaims: (ctx: KoaContextWithOIDC, token) => {
      if (token.kind !== 'AccessToken') return undefined;
      const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
      if (!source) return undefined;
      return { amr: source.amr, acr: source.acr };
    },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: options.idTokenTtlSeconds,
      RefreshToken: options.refreshTokenTtlSeconds,
      Interaction: 3600,
      Session: options.sessionTtlSeconds,
      Grant: options.refreshTokenTtlSeconds,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(String(out.error), out.error_description);
    },
  };
}

interface PendingMfa {
  accountId: string;
  expiresAt: number;
}

function createInteractionHandler(
  provider: Provider,
  options: TResolvedDevOidcOptions,
  usersBySub: ReadonlyMap<string, TDevOidcUser>,
  usersByLogin: ReadonlyMap<string, TDevOidcUser>,
) {
  // Interaction uid → account that passed the password step and still owes the one-time code.
  const pendingMfa = new Map<string, PendingMfa>();

  return async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    step: 'login' | 'otp' | undefined,
  ): Promise<void> {
    const interaction = await provider.interactionDetails(req, res);
    const { uid, prompt, params } = interaction;
    const clientId = String(params.client_id);

    for (const [key, entry] of pendingMfa) if (entry.expiresAt < Date.now()) pendingMfa.delete(key);

    if (req.method === 'GET' && step === undefined) {
      if (prompt.name === 'consent') {
        // First-party console: grant what was asked without a consent screen.
        const grant = interaction.grantId
          ? await provider.Grant.find(interaction.grantId)
          : new provider.Grant({ accountId: interaction.session?.accountId, clientId });
        if (!grant) throw new Error('grant not found');
        const details = prompt.details as {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
        if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
        if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
        for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
          grant.addResourceScope(resource, scopes.join(' '));
        }
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
        return;
      }
      const pending = pendingMfa.get(uid);
      sendHtml(
        res,
        200,
        pending
          ? otpPage({ uid })
          : loginPage({ uid, clientId, loginHint: stringParam(params.login_hint) }),
      );
      return;
    }

    if (req.method !== 'POST' || prompt.name !== 'login') {
      sendHtml(res, 405, errorPage('invalid_request', 'unexpected interaction step'));
      return;
    }
    const form = await readForm(req);

    if (step === 'login') {
      const user = usersByLogin.get((form.get('username') ?? '').trim().toLowerCase());
      if (!user || !secretEquals(form.get('password') ?? '', user.password)) {
        sendHtml(res, 401, loginPage({ uid, clientId, error: 'Wrong email or password.' }));
        return;
      }
      if (user.mfa) {
        pendingMfa.set(uid, { accountId: user.sub, expiresAt: Date.now() + PENDING_MFA_TTL_MS });
        sendHtml(res, 200, otpPage({ uid }));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.sub, amr: ['pwd'], acr: options.acrWithoutMfa } },
        { mergeWithLastSubmission: false },
      );
      return;
    }

    // step === 'otp'
    const pending = pendingMfa.get(uid);
    if (!pending || !usersBySub.has(pending.accountId)) {
      sendHtml(res, 400, loginPage({ uid, clientId, error: 'Sign in with your password first.' }));
      return;
    }
    if (!secretEquals((form.get('otp') ?? '').trim(), options.otpCode)) {
      sendHtml(res, 401, otpPage({ uid, error: 'Wrong one-time code.' }));
      return;
    }
    pendingMfa.delete(uid);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: pending.accountId, amr: options.amrWhenMfa, acr: options.acr } },
      { mergeWithLastSubmission: false },
    );
  };
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function secretEquals(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
  });
  res.end(html);
}
