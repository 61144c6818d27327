import type { Logger } from '@badge/service-kit';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { UserRepository } from '../modules/user/user.repository.js';
import { EMAIL_AAD, PHONE_AAD } from '../modules/user/user.service.js';

export interface ReencryptSummary {
  /** Rows found under an old (configured) key. */
  scanned: number;
  /** Rows moved to the current key. */
  updated: number;
  /** Rows changed concurrently (picked up by the next run). */
  skipped: number;
  /** Rows that failed (e.g. a ciphertext that does not decrypt): logged by id. */
  failed: number;
  /** Rows under key ids this process does not know at all (configure them to migrate those). */
  unknownKey: number;
}

/**
 * Moves every user's encrypted phone and e-mail to the current key (the first of
 * FIELD_ENCRYPTION_KEYS) by re-wrapping their data keys — the values themselves are not
 * re-encrypted and their blind indexes do not change. Idempotent and resumable: run it after
 * prepending a new key, then drop the old key once `scanned` is 0 and `unknownKey` is 0.
 */
export async function reencryptUsers(deps: {
  repository: UserRepository;
  cipher: FieldCipher;
  knownKeyIds: readonly string[];
  logger: Logger;
  batchSize?: number;
}): Promise<ReencryptSummary> {
  const { repository, cipher, logger } = deps;
  const oldKeys = deps.knownKeyIds.filter((id) => id !== cipher.currentKeyId);
  const summary: ReencryptSummary = {
    scanned: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    unknownKey: await repository.countWithUnknownKeys(deps.knownKeyIds),
  };
  if (summary.unknownKey > 0)
    logger.warn(
      { rows: summary.unknownKey },
      'users encrypted under key ids that are not configured: they cannot be re-encrypted here',
    );
  if (oldKeys.length === 0) return summary;
  let afterId: string | null = null;
  for (;;) {
    const rows = await repository.findByKeyIds(oldKeys, afterId, deps.batchSize ?? 500);
    if (rows.length === 0) break;
    for (const row of rows) {
      summary.scanned += 1;
      try {
        const next = {
          ...(row.phoneCiphertext && row.phoneKeyId && row.phoneKeyId !== cipher.currentKeyId
            ? { phone: cipher.rewrap(row.phoneCiphertext, row.phoneKeyId, PHONE_AAD) }
            : {}),
          ...(row.emailCiphertext && row.emailKeyId && row.emailKeyId !== cipher.currentKeyId
            ? { email: cipher.rewrap(row.emailCiphertext, row.emailKeyId, EMAIL_AAD) }
            : {}),
        };
        if (await repository.replaceCiphertexts(row, next)) summary.updated += 1;
        else summary.skipped += 1;
      } catch (err) {
        summary.failed += 1;
        logger.error({ err, userId: row.id }, 'could not re-encrypt a user');
      }
    }
    afterId = rows[rows.length - 1]!.id;
  }
  return summary;
}
