/**
 * The external points system behind POINTS benefits. Every call carries an idempotency key: the
 * platform retries (redelivered events, the retry loop, a console retry) with the same key, and
 * the points system must apply one key at most once and answer the first result again.
 */
export interface PointsCredit {
  /** `credit:<benefit grant id>`. */
  idempotencyKey: string;
  /** The brand's external user id. */
  userId: string;
  points: number;
  /** The benefit grant id (for the points system's own records). */
  reference: string;
  benefitCode: string;
}

export interface PointsReversal {
  /** `reverse:<benefit grant id>`. */
  idempotencyKey: string;
  userId: string;
  points: number;
  reference: string;
  /** The transaction id the credit returned. */
  creditTransactionId: string | null;
  reason: string;
}

export interface PointsResult {
  /** The points system's transaction id (stored as the grant's externalRef). */
  transactionId: string;
}

export interface PointsProvider {
  readonly kind: 'http' | 'memory';
  credit(request: PointsCredit): Promise<PointsResult>;
  reverse(request: PointsReversal): Promise<PointsResult>;
}

export type PointsErrorCode =
  'TIMEOUT' | 'UNAVAILABLE' | 'REJECTED' | 'CIRCUIT_OPEN' | 'BAD_RESPONSE';

/**
 * A failed call. `retryable`: the same call may succeed later (timeouts, 5xx, 429, network, an
 * open circuit); otherwise the points system refused it for good (4xx: unknown user, points
 * already spent for a reversal, …).
 */
export class PointsProviderError extends Error {
  override readonly name = 'PointsProviderError';
  constructor(
    readonly code: PointsErrorCode,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isPointsProviderError = (err: unknown): err is PointsProviderError =>
  err instanceof PointsProviderError;
