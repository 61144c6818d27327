import { AppError, signIdentity, IDENTITY_HEADER, type Identity } from '@badge/service-kit';

export interface AdminAccess {
  status: 'PENDING' | 'ACTIVE' | 'DISABLED';
  roles: string[];
  permissions: string[];
}

/** The gateway's own identity when it asks the user subgraph about an admin. */
export const GATEWAY_SERVICE_IDENTITY: Identity = {
  kind: 'service',
  subject: 'gateway',
  roles: [],
  permissions: [],
  scopes: [],
  mfa: false,
};

const QUERY = /* GraphQL */ `
  query AdminAccess($subject: String!, $email: String, $name: String) {
    adminAccess(subject: $subject, email: $email, name: $name) {
      status
      roles
      permissions
    }
  }
`;

/**
 * Resolves an admin's roles and permissions from the user subgraph (which creates the admin on
 * first sign-in). Cached per subject for `ttlMs`, so a role change takes effect within that time.
 */
export function createAdminAccessResolver(options: {
  userSubgraphUrl: string;
  identitySecrets: readonly string[];
  ttlMs?: number;
  timeoutMs?: number;
}) {
  const ttl = options.ttlMs ?? 30_000;
  const cache = new Map<string, { at: number; access: Promise<AdminAccess> }>();

  const load = async (claims: {
    subject: string;
    email?: string;
    name?: string;
  }): Promise<AdminAccess> => {
    const res = await fetch(options.userSubgraphUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signIdentity(GATEWAY_SERVICE_IDENTITY, options.identitySecrets),
      },
      body: JSON.stringify({ query: QUERY, variables: claims }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    }).catch((err: unknown) => {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        'user service unavailable for admin sign-in',
        {},
        { cause: err },
      );
    });
    const body = (await res.json()) as {
      data?: { adminAccess?: AdminAccess | null };
      errors?: { message: string }[];
    };
    const access = body.data?.adminAccess;
    if (!access) {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        `admin access lookup failed: ${body.errors?.[0]?.message ?? res.status}`,
      );
    }
    return access;
  };

  return (claims: { subject: string; email?: string; name?: string }): Promise<AdminAccess> => {
    const hit = cache.get(claims.subject);
    if (hit && Date.now() - hit.at < ttl) return hit.access;
    const access = load(claims);
    cache.set(claims.subject, { at: Date.now(), access });
    access.catch(() => cache.delete(claims.subject));
    return access;
  };
}
