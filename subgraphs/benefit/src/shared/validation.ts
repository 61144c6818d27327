// The common input schemas live in the service kit; this module adds the domain's own.
export {
  parseInput,
  ZId,
  ZUserId,
  ZCode,
  ZLocalizedTextInput,
  type TLocalizedTextInput,
  ZRequiredLocalizedText,
  toStoredText,
  hasEveryLocale,
  ZUrl,
  ZJsonObjectText,
  ZInstant,
} from '@badge/service-kit';

import { z } from 'zod';

/** Client idempotency keys: 1..128 printable characters. */
export const ZIdempotencyKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** A reason typed by an admin (audit, user badge log). */
export const ZReason = z.string().trim().min(1, 'is required').max(500);

/** `Date | null` → ISO string or null, for DTOs. */
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
