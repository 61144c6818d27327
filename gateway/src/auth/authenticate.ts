import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { ANONYMOUS, AppError, type Identity } from '@badge/service-kit';
import type { AdminAccess } from './admin-access.js';

export interface AuthenticatorConfig {
  issuer: string;
  audience: string;
  mfaAmr: readonly string[];
  mfaAcr: readonly string[];
  clockToleranceS: number;
  /** Roles and permissions of an admin, by OIDC subject (owned by the user subgraph). */
  resolveAdmin: (claims: {
    subject: string;
    email?: string;
    name?: string;
  }) => Promise<AdminAccess>;
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

/**
 * Establishes who is calling. Admins present an OIDC access token of the configured issuer and
 * audience (verified against the issuer's JWKS, with clock tolerance) that carries MFA evidence;
 * their permissions come from their roles. No credentials → anonymous.
 * Partner API keys and end-user tokens are not accepted yet (gateway issue): such requests are
 * refused explicitly rather than treated as anonymous.
 */
export function createAuthenticator(config: AuthenticatorConfig) {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    if (jwks) return jwks;
    const res = await fetch(
      new URL(
        '.well-known/openid-configuration',
        config.issuer.endsWith('/') ? config.issuer : `${config.issuer}/`,
      ),
      {
        signal: AbortSignal.timeout(5_000),
      },
    ).catch((err: unknown) => {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        'identity provider discovery failed',
        {},
        { cause: err },
      );
    });
    if (!res.ok)
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        `identity provider discovery answered ${res.status}`,
      );
    const doc = (await res.json()) as { jwks_uri?: string };
    if (!doc.jwks_uri)
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'identity provider has no jwks_uri');
    jwks = createRemoteJWKSet(new URL(doc.jwks_uri), {
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
    return jwks;
  };

  return async function authenticate(req: IncomingMessage): Promise<Identity> {
    if (req.headers['x-api-key']) {
      throw new AppError(
        'UNAUTHENTICATED',
        'partner API keys are not accepted by this gateway yet',
      );
    }
    const token = bearer(req);
    const base = {
      ip: req.socket.remoteAddress,
      userAgent:
        typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
    };
    if (!token) return { ...ANONYMOUS, ...base };

    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, await keySet(), {
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: config.clockToleranceS,
      }));
    } catch (err) {
      if (err instanceof AppError) throw err;
      const reason =
        err instanceof joseErrors.JWTExpired ? 'access token expired' : 'invalid access token';
      throw new AppError('UNAUTHENTICATED', reason, {}, { cause: err });
    }
    if (!claims.sub) throw new AppError('UNAUTHENTICATED', 'access token has no subject');
    if (!hasMfaEvidence(claims, config.mfaAmr, config.mfaAcr)) {
      throw new AppError(
        'FORBIDDEN',
        'multi-factor authentication is required for the admin console',
        { reason: 'MFA_REQUIRED' },
      );
    }
    const access = await config.resolveAdmin({
      subject: claims.sub,
      ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
      ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
    });
    return {
      kind: 'admin',
      subject: claims.sub,
      roles: access.status === 'ACTIVE' ? access.roles : [],
      permissions: access.status === 'ACTIVE' ? access.permissions : [],
      scopes: [],
      mfa: true,
      ...base,
    };
  };
}
