import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * The verified caller, as the gateway establishes it and forwards it to subgraphs. Subgraphs
 * trust nothing else: they read this from the signed `x-badge-identity` header only.
 *
 * - `admin`: console operator (OIDC access token with MFA evidence); `permissions` are
 *   `module:resource:action` codes resolved from the admin's roles.
 * - `user`: an end user of a client app (end-user JWT); may see only their own data (`subject`).
 * - `partner`: an API key; `scopes` such as `read:badges`, `write:redemption`, or `*`.
 * - `service`: an internal job (batch, expiry sweep) acting with `permissions`.
 * - `anonymous`: no credentials (public catalogue reads only, where a rule allows it).
 */
export const IDENTITY_HEADER = 'x-badge-identity';
const ISSUER = 'badge-gateway';
const AUDIENCE = 'badge-subgraphs';

export const ZIdentity = z.object({
  kind: z.enum(['admin', 'user', 'partner', 'service', 'anonymous']),
  subject: z.string(),
  roles: z.array(z.string()).default([]),
  permissions: z.array(z.string()).default([]),
  scopes: z.array(z.string()).default([]),
  apiKeyId: z.string().optional(),
  mfa: z.boolean().default(false),
  /** Client IP and user agent as the gateway saw them (for the operation log). */
  ip: z.string().optional(),
  userAgent: z.string().optional(),
});
export type Identity = z.infer<typeof ZIdentity>;

export const ANONYMOUS: Identity = {
  kind: 'anonymous',
  subject: 'anonymous',
  roles: [],
  permissions: [],
  scopes: [],
  mfa: false,
};

const keyOf = (secret: string) => new TextEncoder().encode(secret);

/** Gateway side: a short-lived HS256 token carrying the identity, signed with the newest secret. */
export async function signIdentity(
  identity: Identity,
  secrets: readonly string[],
  ttlSeconds = 60,
): Promise<string> {
  const [current] = secrets;
  if (!current) throw new AppError('INTERNAL', 'no identity signing secret configured');
  return new SignJWT({ idt: identity })
    .setProtectedHeader({ alg: 'HS256', kid: String(0) })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(identity.subject)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(keyOf(current));
}

/**
 * Subgraph side: verifies the token with any configured secret (rotation) and returns the
 * identity. A missing, forged, expired or malformed token is UNAUTHENTICATED: subgraphs accept
 * no request that did not come through the gateway.
 */
export async function verifyIdentity(
  token: string | undefined,
  secrets: readonly string[],
): Promise<Identity> {
  if (!token) {
    throw new AppError(
      'UNAUTHENTICATED',
      'missing gateway identity: call the platform through the gateway',
    );
  }
  let lastError: unknown;
  for (const secret of secrets) {
    try {
      const { payload } = await jwtVerify(token, keyOf(secret), {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        clockTolerance: 5,
      });
      const parsed = ZIdentity.safeParse(payload.idt);
      if (!parsed.success) throw new AppError('UNAUTHENTICATED', 'malformed gateway identity');
      return parsed.data;
    } catch (err) {
      lastError = err;
      if (err instanceof joseErrors.JWTExpired) break;
    }
  }
  const reason = lastError instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
  throw new AppError('UNAUTHENTICATED', `${reason} gateway identity`, {}, { cause: lastError });
}

export const hasPermission = (identity: Identity, code: string): boolean =>
  identity.kind !== 'anonymous' && identity.permissions.includes(code);

export const hasScope = (identity: Identity, scope: string): boolean =>
  identity.kind === 'partner' && (identity.scopes.includes('*') || identity.scopes.includes(scope));
