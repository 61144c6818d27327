import { Redis, type RedisOptions } from 'ioredis';
import type { ReadinessCheck } from './health.js';
import type { Logger } from './logger.js';

export { Redis } from 'ioredis';

/**
 * Redis for hot state and rate limits. Redis is not critical (seed 001 §5.2.1): the client never
 * crashes the process, commands fail fast while it is down (no offline queue), it reconnects in
 * the background, and its readiness check is non-critical (`degraded`, not `fail`).
 */
export function createRedis(url: string, logger: Logger, options: RedisOptions = {}): Redis {
  const log = logger.child({ component: 'redis' });
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    ...options,
  });
  let lastError = '';
  redis.on('error', (err: Error) => {
    if (err.message !== lastError)
      log.warn({ err: err.message }, 'redis unavailable; running degraded');
    lastError = err.message;
  });
  redis.on('ready', () => {
    if (lastError) log.info('redis connection restored');
    lastError = '';
  });
  redis.connect().catch(() => {
    // Reported through the error event and the readiness check; the retry strategy reconnects.
  });
  return redis;
}

export const redisCheck = (redis: Redis): ReadinessCheck => ({
  name: 'redis',
  critical: false,
  check: async () => {
    const pong = await redis.ping();
    if (pong !== 'PONG') throw new Error(`unexpected PING reply ${String(pong)}`);
  },
});
