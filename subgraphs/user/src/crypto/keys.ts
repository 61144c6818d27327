import { hkdfSync } from 'node:crypto';
import type { Logger } from '@badge/service-kit';
import type { UserEnv } from '../environment.js';
import { createBlindIndexer, type BlindIndexer } from './blind-index.js';
import { createFieldCipher, type FieldCipher, type FieldKey } from './field-cipher.js';

export interface PiiCrypto {
  cipher: FieldCipher;
  blindIndex: BlindIndexer;
}

const derive = (secret: string, info: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'badge-user-dev-pii', info, 32));

/**
 * The PII keys of this process. Production requires FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY
 * (environment.ts refuses to start without them). Development and test installations that do
 * not set them get keys derived (HKDF) from their INTERNAL_IDENTITY_SECRETS, with a warning:
 * changing those secrets then makes existing PII unreadable, which is acceptable only for
 * throw-away data.
 */
export function resolvePiiCrypto(
  env: Pick<UserEnv, 'FIELD_ENCRYPTION_KEYS' | 'BLIND_INDEX_KEY' | 'INTERNAL_IDENTITY_SECRETS'>,
  logger: Logger,
): PiiCrypto {
  const fallbackSecret = env.INTERNAL_IDENTITY_SECRETS[env.INTERNAL_IDENTITY_SECRETS.length - 1]!;
  let keys: FieldKey[] | undefined = env.FIELD_ENCRYPTION_KEYS;
  if (!keys) {
    logger.warn(
      'FIELD_ENCRYPTION_KEYS is not set: using a development key derived from INTERNAL_IDENTITY_SECRETS (never in production)',
    );
    keys = [{ id: 'dev', key: derive(fallbackSecret, 'field-encryption') }];
  }
  let indexKey = env.BLIND_INDEX_KEY;
  if (!indexKey) {
    logger.warn(
      'BLIND_INDEX_KEY is not set: using a development key derived from INTERNAL_IDENTITY_SECRETS (never in production)',
    );
    indexKey = derive(fallbackSecret, 'blind-index');
  }
  return { cipher: createFieldCipher(keys), blindIndex: createBlindIndexer(indexKey) };
}
