import { AppError, isAppError, type ErrorCode } from '@badge/service-kit';

/**
 * Business refusals of a grant or revoke: expected outcomes (sold out, cap reached, badge not
 * published…), never retried. `details.reason` is one of these; it is also the `reason` label of
 * `badge_grant_rejections_total` and the error code of a batch row failure.
 */
export const REFUSAL_REASONS = [
  'BADGE_NOT_FOUND',
  'BADGE_NOT_PUBLISHED',
  'NOT_YET_VALID',
  'VALIDITY_ENDED',
  'PREREQUISITES_NOT_MET',
  'ONE_TIME',
  'PER_USER_CAP',
  'OUT_OF_STOCK',
  'NOT_HELD',
  'INSUFFICIENT_QUANTITY',
  'IDEMPOTENCY_CONFLICT',
  'INVALID_INPUT',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export function refusal(
  code: ErrorCode,
  reason: RefusalReason,
  message: string,
  details: Record<string, unknown> = {},
): AppError {
  return new AppError(code, message, { ...details, reason });
}

/** The refusal reason of an error, or undefined for anything that is not a business refusal. */
export function refusalReason(err: unknown): RefusalReason | undefined {
  if (!isAppError(err)) return undefined;
  const reason = err.details.reason;
  if (typeof reason === 'string' && (REFUSAL_REASONS as readonly string[]).includes(reason))
    return reason as RefusalReason;
  return err.code === 'BAD_USER_INPUT' ? 'INVALID_INPUT' : undefined;
}

/** A cascade that did not apply (SKIPPED) rather than one that could not be done (FAILED). */
export const isSkipReason = (reason: RefusalReason): boolean =>
  reason === 'PREREQUISITES_NOT_MET' || reason === 'ONE_TIME' || reason === 'PER_USER_CAP';
