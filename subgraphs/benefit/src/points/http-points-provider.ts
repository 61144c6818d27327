import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@badge/service-kit';
import {
  PointsProviderError,
  type PointsCredit,
  type PointsProvider,
  type PointsResult,
  type PointsReversal,
} from './points-provider.js';

export const SIGNATURE_HEADER = 'x-badge-signature';
export const TIMESTAMP_HEADER = 'x-badge-timestamp';
export const KEY_ID_HEADER = 'x-badge-key-id';

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export function signPointsRequest(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * For the points system (and tests): true when `signature` is a valid v1 signature of the body
 * with one of `secrets` and the timestamp is within `toleranceSeconds` of now.
 */
export function verifyPointsSignature(options: {
  secrets: readonly string[];
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  toleranceSeconds?: number;
  now?: Date;
}): boolean {
  const { timestamp, signature } = options;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const given = Buffer.from(signature);
  return options.secrets.some((secret) => {
    const expected = Buffer.from(signPointsRequest(secret, timestamp, options.body));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

export interface HttpPointsProviderOptions {
  /** Base URL; requests go to `<url>/credit` and `<url>/reverse`. */
  url: string;
  secret: string;
  keyId: string;
  timeoutMs: number;
  /** Consecutive retryable failures that open the circuit, and how long it stays open. */
  breakerFailures: number;
  breakerCooldownMs: number;
  logger: Logger;
  fetch?: typeof fetch;
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);

/**
 * The points system over HTTPS: JSON bodies, `idempotency-key` header, HMAC-SHA256 signature over
 * timestamp + body (`x-badge-signature: v1=…`, `x-badge-timestamp`, `x-badge-key-id`), a timeout
 * per call and a circuit breaker (after `breakerFailures` consecutive retryable failures, calls
 * fail fast with CIRCUIT_OPEN for `breakerCooldownMs`, then one trial call is let through).
 *
 * Answers: 2xx `{ "transactionId": "…" }`; 408/425/429/5xx/timeouts/network errors are retryable;
 * any other 4xx is a refusal (`{ "error": "…" }` is used as the message).
 */
export function createHttpPointsProvider(options: HttpPointsProviderOptions): PointsProvider {
  const doFetch = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, '');
  const log = options.logger.child({ component: 'points-provider' });
  let consecutiveFailures = 0;
  let openUntil = 0;

  const call = async (
    operation: 'credit' | 'reverse',
    idempotencyKey: string,
    payload: Record<string, unknown>,
  ): Promise<PointsResult> => {
    if (Date.now() < openUntil) {
      throw new PointsProviderError(
        'CIRCUIT_OPEN',
        `points system circuit open after ${consecutiveFailures} failures`,
        true,
      );
    }
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    let response: Response;
    try {
      response = await doFetch(`${base}/${operation}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          [TIMESTAMP_HEADER]: timestamp,
          [KEY_ID_HEADER]: options.keyId,
          [SIGNATURE_HEADER]: signPointsRequest(options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      throw failed(
        new PointsProviderError(
          timedOut ? 'TIMEOUT' : 'UNAVAILABLE',
          timedOut
            ? `points system did not answer within ${options.timeoutMs} ms`
            : `points system unreachable: ${err instanceof Error ? err.message : String(err)}`,
          true,
          { cause: err },
        ),
      );
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      let transactionId: unknown;
      try {
        const parsed = JSON.parse(text) as { transactionId?: unknown; id?: unknown };
        transactionId = parsed.transactionId ?? parsed.id;
      } catch {
        transactionId = undefined;
      }
      if (typeof transactionId !== 'string' || transactionId === '') {
        throw failed(
          new PointsProviderError(
            'BAD_RESPONSE',
            'points system answered without a transactionId',
            true,
          ),
        );
      }
      consecutiveFailures = 0;
      return { transactionId };
    }
    const detail = messageOf(text) ?? response.statusText;
    if (response.status >= 500 || RETRYABLE_STATUS.has(response.status)) {
      throw failed(
        new PointsProviderError(
          'UNAVAILABLE',
          `points system answered ${response.status}: ${detail}`,
          true,
        ),
      );
    }
    // A refusal is an answer: the system is up.
    consecutiveFailures = 0;
    throw new PointsProviderError(
      'REJECTED',
      `points system refused (${response.status}): ${detail}`,
      false,
    );
  };

  const failed = (err: PointsProviderError): PointsProviderError => {
    consecutiveFailures += 1;
    if (consecutiveFailures >= options.breakerFailures) {
      openUntil = Date.now() + options.breakerCooldownMs;
      log.warn(
        { failures: consecutiveFailures, cooldownMs: options.breakerCooldownMs },
        'points circuit opened',
      );
    }
    return err;
  };

  return {
    kind: 'http',
    credit: (r: PointsCredit) =>
      call('credit', r.idempotencyKey, {
        idempotencyKey: r.idempotencyKey,
        userId: r.userId,
        points: r.points,
        reference: r.reference,
        benefitCode: r.benefitCode,
      }),
    reverse: (r: PointsReversal) =>
      call('reverse', r.idempotencyKey, {
        idempotencyKey: r.idempotencyKey,
        userId: r.userId,
        points: r.points,
        reference: r.reference,
        creditTransactionId: r.creditTransactionId,
        reason: r.reason,
      }),
  };
}

function messageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = parsed.error ?? parsed.message;
    if (typeof message === 'string') return message.slice(0, 200);
  } catch {
    // not JSON
  }
  return text ? text.slice(0, 200) : undefined;
}
