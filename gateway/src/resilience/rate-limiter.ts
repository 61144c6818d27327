import type { Redis } from '@badge/service-kit';

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterS: number;
  remaining: number;
  /** Redis could not be asked: the request was let through (seed 001 §5.2.1). */
  degraded: boolean;
}

/**
 * Fixed one-minute windows in Redis (seed 001 §6.2: per API key, its own limit; per IP for
 * anonymous traffic). INCR + EXPIRE in one round trip. When Redis is down the limiter lets
 * requests through and says so, rather than turning a cache outage into a platform outage.
 */
export function createRateLimiter(redis: Redis, now: () => number = Date.now) {
  return {
    async check(key: string, limitPerMinute: number): Promise<RateLimitDecision> {
      const ms = now();
      const window = Math.floor(ms / 60_000);
      const retryAfterS = Math.max(1, Math.ceil((60_000 - (ms % 60_000)) / 1000));
      if (limitPerMinute <= 0)
        return { allowed: true, retryAfterS, remaining: Infinity, degraded: false };
      try {
        const results = await redis
          .multi()
          .incr(`rl:${key}:${window}`)
          .expire(`rl:${key}:${window}`, 61)
          .exec();
        const count = Number(results?.[0]?.[1] ?? 0);
        return {
          allowed: count <= limitPerMinute,
          retryAfterS,
          remaining: Math.max(0, limitPerMinute - count),
          degraded: false,
        };
      } catch {
        return { allowed: true, retryAfterS, remaining: limitPerMinute, degraded: true };
      }
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
