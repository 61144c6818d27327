import { createHmac } from 'node:crypto';

export type BlindIndexKind = 'phone' | 'email';

/**
 * Keyed hash (HMAC-SHA256, hex) of a normalised PII value for exact-match lookup without
 * decrypting: the same phone number always maps to the same index, and without the key the index
 * reveals nothing (no dictionary attack on the small phone-number space). The kind is part of the
 * input, so a phone index never equals an email index.
 */
export function createBlindIndexer(key: Buffer) {
  return (kind: BlindIndexKind, normalized: string): string =>
    createHmac('sha256', key).update(`${kind}:${normalized}`, 'utf8').digest('hex');
}
export type BlindIndexer = ReturnType<typeof createBlindIndexer>;
