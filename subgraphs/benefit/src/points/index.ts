import type { Logger } from '@badge/service-kit';
import type { TBenefitSettings } from '../environment.js';
import type { BenefitMetrics } from '../metrics.js';
import { createHttpPointsProvider } from './http-points-provider.js';
import { createMemoryPointsProvider } from './memory-points-provider.js';
import { isPointsProviderError, type PointsProvider } from './points-provider.js';

export * from './points-provider.js';
export { signPointsRequest, verifyPointsSignature } from './http-points-provider.js';

/** The configured points system: HTTP when POINTS_PROVIDER_URL is set, else the logging in-memory one. */
export function createPointsProvider(env: TBenefitSettings, logger: Logger): PointsProvider {
  if (env.POINTS_PROVIDER_URL && env.POINTS_PROVIDER_SECRET) {
    return createHttpPointsProvider({
      url: env.POINTS_PROVIDER_URL,
      secret: env.POINTS_PROVIDER_SECRET,
      keyId: env.POINTS_PROVIDER_KEY_ID,
      timeoutMs: env.POINTS_PROVIDER_TIMEOUT_MS,
      breakerFailures: env.POINTS_PROVIDER_BREAKER_FAILURES,
      breakerCooldownMs: env.POINTS_PROVIDER_BREAKER_COOLDOWN_MS,
      logger,
    });
  }
  logger.warn('POINTS_PROVIDER_URL is not set: points are only logged (in-memory points provider)');
  return createMemoryPointsProvider(logger);
}

/** Counts every call by operation and outcome (`benefit_points_provider_calls_total`). */
export function instrumentPointsProvider(
  provider: PointsProvider,
  metrics: BenefitMetrics,
): PointsProvider {
  const wrap =
    <A>(operation: 'credit' | 'reverse', fn: (a: A) => ReturnType<PointsProvider['credit']>) =>
    async (a: A) => {
      try {
        const result = await fn(a);
        metrics.pointsCalls.inc({ operation, outcome: 'ok' });
        return result;
      } catch (err) {
        const outcome = !isPointsProviderError(err)
          ? 'error'
          : err.code === 'REJECTED'
            ? 'rejected'
            : err.code === 'CIRCUIT_OPEN'
              ? 'circuit_open'
              : 'error';
        metrics.pointsCalls.inc({ operation, outcome });
        throw err;
      }
    };
  return {
    kind: provider.kind,
    credit: wrap('credit', (r) => provider.credit(r)),
    reverse: wrap('reverse', (r) => provider.reverse(r)),
  };
}
