import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  EnvError,
  parseEnv,
  ZDatabaseEnv,
  ZIdentityEnv,
  ZKafkaEnv,
  ZLogEnv,
} from '../src/index.js';

const Z = ZLogEnv.extend(ZDatabaseEnv.shape).extend(ZKafkaEnv.shape).extend(ZIdentityEnv.shape);

describe('parseEnv', () => {
  it('applies defaults and parses lists', () => {
    const env = parseEnv(Z, {
      DATABASE_URL: 'postgresql://u@h:5432/db',
      KAFKA_BROKERS: 'a:9092, b:9092',
      INTERNAL_IDENTITY_SECRETS: `${'n'.repeat(32)},${'o'.repeat(32)}`,
    });
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.DATABASE_POOL_MAX).toBe(10);
    expect(env.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(env.INTERNAL_IDENTITY_SECRETS).toHaveLength(2);
  });

  it('names every invalid variable in one clear error', () => {
    const run = () =>
      parseEnv(Z, {
        DATABASE_URL: 'mysql://x',
        INTERNAL_IDENTITY_SECRETS: 'short',
        LOG_LEVEL: 'loud',
      });
    expect(run).toThrow(EnvError);
    try {
      run();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('DATABASE_URL: must be a postgresql:// URL');
      expect(message).toContain('KAFKA_BROKERS');
      expect(message).toContain('INTERNAL_IDENTITY_SECRETS');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('works with any zod schema', () => {
    expect(parseEnv(z.object({ X: z.coerce.number() }), { X: '3' })).toEqual({ X: 3 });
  });
});
