import { randomUUID } from 'node:crypto';
import type { Logger } from '@badge/service-kit';
import type { PointsProvider, PointsResult } from './points-provider.js';

/**
 * Used when POINTS_PROVIDER_URL is unset (local platform, demos): every call succeeds, is logged,
 * and is idempotent on its key within this process. Points are not delivered anywhere.
 */
export function createMemoryPointsProvider(logger: Logger): PointsProvider {
  const log = logger.child({ component: 'points-provider', provider: 'memory' });
  const results = new Map<string, PointsResult>();
  const once = (key: string, entry: Record<string, unknown>): PointsResult => {
    const known = results.get(key);
    if (known) return known;
    const result = { transactionId: `mem-${randomUUID()}` };
    results.set(key, result);
    log.info(
      { ...entry, transactionId: result.transactionId },
      'points call (not delivered: no POINTS_PROVIDER_URL)',
    );
    return result;
  };
  return {
    kind: 'memory',
    credit: async (r) =>
      once(r.idempotencyKey, {
        operation: 'credit',
        userId: r.userId,
        points: r.points,
        reference: r.reference,
      }),
    reverse: async (r) =>
      once(r.idempotencyKey, {
        operation: 'reverse',
        userId: r.userId,
        points: r.points,
        reference: r.reference,
      }),
  };
}
