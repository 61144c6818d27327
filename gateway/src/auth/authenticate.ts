import type { IncomingMessage } from 'node:http';
import {
  createRemoteJWKSet,
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import { ANONYMOUS, AppError, type Identity } from '@badge/service-kit';
import type { AdminAccess } from './admin-access.js';
import type { ApiKeyAccess } from './api-key-access.js';

export interface TokenIssuerConfig {
  issuer: string;
  audience: string;
  /** JWKS URL; default: the issuer's discovery document's `jwks_uri`. */
  jwksUrl?: string | undefined;
}

export interface AuthenticatorConfig {
  /** Admins: MYID (OIDC) access tokens carrying MFA evidence. */
  admin: TokenIssuerConfig & { mfaAmr: readonly string[]; mfaAcr: readonly string[] };
  /** End users of client apps: JWTs from the brand's identity service (optional). */
  user?: TokenIssuerConfig | undefined;
  clockToleranceS: number;
  /** Roles and permissions of an admin, by OIDC subject (owned by the user subgraph). */
  resolveAdmin: (claims: {
    subject: string;
    email?: string;
    name?: string;
  }) => Promise<AdminAccess>;
  /** Partner API key → its record (owned by the user subgraph), or null when unknown. */
  resolveApiKey: (key: string) => Promise<ApiKeyAccess | null>;
  now?: () => number;
}

/** MFA evidence: an `amr` method from the configured list, or an accepted `acr` level. */
export function hasMfaEvidence(
  claims: JWTPayload,
  mfaAmr: readonly string[],
  mfaAcr: readonly string[],
): boolean {
  const amr = Array.isArray(claims.amr)
    ? (claims.amr as unknown[]).filter((v): v is string => typeof v === 'string')
    : [];
  const acr = typeof claims.acr === 'string' ? claims.acr : undefined;
  return amr.some((m) => mfaAmr.includes(m)) || (acr !== undefined && mfaAcr.includes(acr));
}

const bearer = (req: IncomingMessage): string | undefined => {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    throw new AppError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
  }
  return token;
};

/** A JWKS per issuer, discovered lazily and cached (jose refreshes keys on an unknown `kid`). */
function keySetFor(config: TokenIssuerConfig) {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  return async () => {
    if (jwks) return jwks;
    let url = config.jwksUrl;
    if (!url) {
      const discovery = new URL(
        '.well-known/openid-configuration',
        config.issuer.endsWith('/') ? config.issuer : `${config.issuer}/`,
      );
      const res = await fetch(discovery, { signal: AbortSignal.timeout(5_000) }).catch(
        (err: unknown) => {
          throw new AppError(
            'DEPENDENCY_UNAVAILABLE',
            'identity provider discovery failed',
            {},
            { cause: err },
          );
        },
      );
      if (!res.ok)
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          `identity provider discovery answered ${res.status}`,
        );
      url = ((await res.json()) as { jwks_uri?: string }).jwks_uri;
      if (!url) throw new AppError('DEPENDENCY_UNAVAILABLE', 'identity provider has no jwks_uri');
    }
    jwks = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    return jwks;
  };
}

/**
 * Establishes who is calling:
 * - `X-API-Key` → a partner (the key's scopes; disabled, expired or unknown keys are refused);
 * - `Authorization: Bearer` with the admin issuer → an admin (JWKS, issuer, audience, expiry with
 *   clock tolerance, MFA evidence), permissions from their roles;
 * - a Bearer token of the end-user issuer → that end user (sees only their own data);
 * - nothing → anonymous.
 */
export interface Authenticated {
  identity: Identity;
  /** A partner key's own per-minute limit (null: the key has none configured). */
  apiKeyRateLimit?: number | null;
}

export function createAuthenticator(config: AuthenticatorConfig) {
  const adminKeys = keySetFor(config.admin);
  const userKeys = config.user ? keySetFor(config.user) : undefined;
  const now = config.now ?? Date.now;

  const verify = async (
    token: string,
    keys: () => ReturnType<ReturnType<typeof keySetFor>>,
    issuer: TokenIssuerConfig,
  ) => {
    try {
      const { payload } = await jwtVerify(token, await keys(), {
        issuer: issuer.issuer,
        audience: issuer.audience,
        clockTolerance: config.clockToleranceS,
      });
      if (!payload.sub) throw new AppError('UNAUTHENTICATED', 'access token has no subject');
      return payload as JWTPayload & { sub: string };
    } catch (err) {
      if (err instanceof AppError) throw err;
      const reason =
        err instanceof joseErrors.JWTExpired ? 'access token expired' : 'invalid access token';
      throw new AppError('UNAUTHENTICATED', reason, {}, { cause: err });
    }
  };

  return async function authenticate(req: IncomingMessage): Promise<Authenticated> {
    const base = {
      ip: req.socket.remoteAddress,
      userAgent:
        typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
    };
    const apiKey = req.headers['x-api-key'];
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string' || apiKey.length < 16 || apiKey.length > 256) {
        throw new AppError('UNAUTHENTICATED', 'malformed API key');
      }
      const key = await config.resolveApiKey(apiKey);
      if (!key) throw new AppError('UNAUTHENTICATED', 'unknown API key');
      if (!key.isEnabled) throw new AppError('UNAUTHENTICATED', 'API key is disabled');
      if (key.expiresAt && Date.parse(key.expiresAt) <= now())
        throw new AppError('UNAUTHENTICATED', 'API key has expired');
      return {
        identity: {
          kind: 'partner',
          subject: key.id,
          apiKeyId: key.id,
          roles: [],
          permissions: [],
          scopes: key.scopes,
          mfa: false,
          ...base,
        },
        apiKeyRateLimit: key.rateLimitPerMinute,
      };
    }

    const token = bearer(req);
    if (!token) return { identity: { ...ANONYMOUS, ...base } };
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch (err) {
      throw new AppError('UNAUTHENTICATED', 'invalid access token', {}, { cause: err });
    }

    if (config.user && userKeys && issuer === config.user.issuer) {
      const claims = await verify(token, userKeys, config.user);
      return {
        identity: {
          kind: 'user',
          subject: claims.sub,
          roles: [],
          permissions: [],
          scopes: [],
          mfa: false,
          ...base,
        },
      };
    }
    if (issuer !== config.admin.issuer)
      throw new AppError('UNAUTHENTICATED', 'access token from an unknown issuer');

    const claims = await verify(token, adminKeys, config.admin);
    if (!hasMfaEvidence(claims, config.admin.mfaAmr, config.admin.mfaAcr)) {
      throw new AppError(
        'FORBIDDEN',
        'multi-factor authentication is required for the admin console',
        {
          reason: 'MFA_REQUIRED',
        },
      );
    }
    const access = await config.resolveAdmin({
      subject: claims.sub,
      ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
      ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
    });
    const active = access.status === 'ACTIVE';
    return {
      identity: {
        kind: 'admin',
        subject: claims.sub,
        roles: active ? access.roles : [],
        permissions: active ? access.permissions : [],
        scopes: [],
        mfa: true,
        ...base,
      },
    };
  };
}
