import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, createRedis, type Redis } from '@badge/service-kit';
import { uniqueId } from '@badge/testing';
import { createRateLimiter } from '../src/resilience/rate-limiter.js';

const silent = createLogger({ name: 'test', level: 'silent' });
const clients: Redis[] = [];
afterAll(() => clients.forEach((c) => c.disconnect()));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('rate limiter (Redis fixed window)', () => {
  it('allows the limit, then refuses with the seconds left in the window', async () => {
    const redis = createRedis('redis://127.0.0.1:6379', silent);
    clients.push(redis);
    const now = () => 1_800_000_000_000 + 15_000; // 15 s into a minute → 45 s left
    const limiter = createRateLimiter(redis, now);
    const key = uniqueId('key');
    await expect.poll(() => redis.status).toBe('ready');
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.check(key, 3));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]).toMatchObject({ retryAfterS: 45, remaining: 0, degraded: false });
  });

  it('lets requests through and says so when Redis is down (degraded, not dead)', async () => {
    const redis = createRedis(`redis://127.0.0.1:${await freePort()}`, silent);
    clients.push(redis);
    const decision = await createRateLimiter(redis).check(uniqueId('key'), 1);
    expect(decision).toMatchObject({ allowed: true, degraded: true });
  });
});
