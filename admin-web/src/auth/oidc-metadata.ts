import { z } from 'zod';

// The few discovery fields the console uses itself (next-auth reads the rest through `wellKnown`).
export const ZOidcMetadata = z.object({
  issuer: z.string(),
  token_endpoint: z.url(),
  end_session_endpoint: z.url().optional(),
  revocation_endpoint: z.url().optional(),
});
export type TOidcMetadata = z.infer<typeof ZOidcMetadata>;

const TTL_MS = 60 * 60_000;
const TIMEOUT_MS = 5_000;
const KEY = Symbol.for('badge.admin-web.oidc-metadata');
type CacheEntry = { value: TOidcMetadata; expiresAt: number };
type Holder = { [KEY]?: Map<string, CacheEntry> };

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** OpenID discovery of `issuer`, cached for an hour per process. */
export async function getOidcMetadata(issuer: string): Promise<TOidcMetadata> {
  const cache = ((globalThis as Holder)[KEY] ??= new Map<string, CacheEntry>());
  const hit = cache.get(issuer);
  if (hit && hit.expiresAt > Date.now()) return hit.value;

  const response = await fetch(discoveryUrl(issuer), {
    signal: AbortSignal.timeout(TIMEOUT_MS),
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`OIDC discovery failed: HTTP ${response.status}`);
  const value = ZOidcMetadata.parse(await response.json());
  cache.set(issuer, { value, expiresAt: Date.now() + TTL_MS });
  return value;
}
