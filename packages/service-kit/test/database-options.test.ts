import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, databaseOptions } from '../src/index.js';

const env = {
  DATABASE_URL: 'postgresql://localhost/badge',
  DATABASE_POOL_MAX: 8,
  DATABASE_CONNECT_TIMEOUT_MS: 5_000,
  DATABASE_STATEMENT_TIMEOUT_MS: 15_000,
};

describe('databaseOptions', () => {
  it('maps the environment to pool options', () => {
    expect(databaseOptions(env, 'badge-worker')).toEqual({
      url: env.DATABASE_URL,
      poolMax: 8,
      connectionTimeoutMillis: 5_000,
      statementTimeoutMs: 15_000,
      applicationName: 'badge-worker',
    });
  });

  it("reports an idle connection's error as a warning of the process's logger", () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      name: 'badge-worker',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    });
    const options = databaseOptions(env, 'badge-worker', logger);
    options.onPoolError?.(new Error('terminating connection due to administrator command'));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        err: 'terminating connection due to administrator command',
        msg: 'idle database connection failed; the pool replaces it',
      }),
    ]);
  });
});
