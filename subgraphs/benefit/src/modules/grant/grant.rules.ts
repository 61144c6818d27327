/**
 * Why a grant failed, stored as `failure_reason = "<CODE>: <message>"` so the retry loop can pick
 * retryable failures with an index-friendly prefix match and the console can show both.
 */
export const FAILURE_CODES = [
  'OUT_OF_STOCK',
  'USER_LIMIT_REACHED',
  'BENEFIT_UNAVAILABLE',
  'COUPON_POOL_EXHAUSTED',
  'INSUFFICIENT_BADGES',
  'EXTERNAL_ERROR',
  'EXTERNAL_REJECTED',
  'INTERNAL_ERROR',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/**
 * Failures a later attempt may fix by itself: the points system was down, the coupon pool was
 * empty (codes get uploaded), an unexpected error. Stock, per-user limits, an unavailable benefit
 * and a refusal by the points system are final (an admin can still retry by hand).
 */
export const RETRYABLE_CODES: readonly FailureCode[] = [
  'EXTERNAL_ERROR',
  'COUPON_POOL_EXHAUSTED',
  'INTERNAL_ERROR',
];

export const formatFailure = (code: FailureCode, message: string): string =>
  `${code}: ${message}`.slice(0, 1000);

export function parseFailure(reason: string | null): { code: FailureCode; message: string } | null {
  if (!reason) return null;
  const at = reason.indexOf(': ');
  const code = (at > 0 ? reason.slice(0, at) : reason) as FailureCode;
  if (!FAILURE_CODES.includes(code)) return { code: 'INTERNAL_ERROR', message: reason };
  return { code, message: at > 0 ? reason.slice(at + 2) : '' };
}

export const isRetryableCode = (code: FailureCode | undefined): boolean =>
  code !== undefined && RETRYABLE_CODES.includes(code);

/** What happened to a grant when it was clawed back (recorded on the grant). */
export type ClawbackOutcome = 'REVOKED' | 'CANCELLED' | 'NOT_REVOCABLE' | 'FAILED' | 'SKIPPED';

export interface ClawbackRecord {
  outcome: ClawbackOutcome;
  detail: string;
  /** The cause: the BadgeRevoked event id, or the admin operation. */
  cause: string;
  at: string;
}

/** Fulfilment of PHYSICAL grants: allowed next statuses. */
export const FULFILMENT_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  PENDING: ['PROCESSING', 'SHIPPED', 'CANCELLED'],
  PROCESSING: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED', 'RETURNED'],
  DELIVERED: ['RETURNED'],
  RETURNED: [],
  CANCELLED: [],
};

/** Shipped goods cannot be clawed back. */
export const isShipped = (status: string | null): boolean =>
  status === 'SHIPPED' || status === 'DELIVERED' || status === 'RETURNED';
