import { createHash } from 'node:crypto';
import { AppError, IDENTITY_HEADER, signIdentity } from '@badge/service-kit';
import { GATEWAY_SERVICE_IDENTITY } from './admin-access.js';

export interface ApiKeyAccess {
  id: string;
  name: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  expiresAt: string | null;
  isEnabled: boolean;
}

const QUERY = /* GraphQL */ `
  query ApiKeyAccess($keyHash: String!) {
    apiKeyAccess(keyHash: $keyHash) {
      id
      name
      scopes
      rateLimitPerMinute
      expiresAt
      isEnabled
    }
  }
`;

/** Keys are stored as SHA-256 hex of the full key; the plaintext never leaves the gateway. */
export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Looks a partner key up in the user subgraph by its hash. Answers (found or not) are cached for
 * `ttlMs`, so a disabled or deleted key stops working within that time while a busy partner costs
 * one lookup per key every few seconds.
 */
export function createApiKeyResolver(options: {
  userSubgraphUrl: string;
  identitySecrets: readonly string[];
  ttlMs?: number;
  timeoutMs?: number;
}) {
  const ttl = options.ttlMs ?? 5_000;
  const cache = new Map<string, { at: number; access: Promise<ApiKeyAccess | null> }>();

  const load = async (keyHash: string): Promise<ApiKeyAccess | null> => {
    const res = await fetch(options.userSubgraphUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signIdentity(GATEWAY_SERVICE_IDENTITY, options.identitySecrets),
      },
      body: JSON.stringify({ query: QUERY, variables: { keyHash } }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    }).catch((err: unknown) => {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        'user service unavailable for API key lookup',
        {},
        { cause: err },
      );
    });
    const body = (await res.json()) as {
      data?: { apiKeyAccess?: ApiKeyAccess | null };
      errors?: { message: string }[];
    };
    if (body.errors?.length || !body.data) {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        `API key lookup failed: ${body.errors?.[0]?.message ?? res.status}`,
      );
    }
    return body.data.apiKeyAccess ?? null;
  };

  return (key: string): Promise<ApiKeyAccess | null> => {
    const keyHash = hashApiKey(key);
    const hit = cache.get(keyHash);
    if (hit && Date.now() - hit.at < ttl) return hit.access;
    if (cache.size > 10_000) cache.clear(); // bounded: a flood of random keys cannot grow it
    const access = load(keyHash);
    cache.set(keyHash, { at: Date.now(), access });
    access.catch(() => cache.delete(keyHash));
    return access;
  };
}
