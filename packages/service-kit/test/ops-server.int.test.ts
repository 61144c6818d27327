import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import {
  createLogger,
  createMetrics,
  createOpsServer,
  createRedis,
  redisCheck,
  type OpsServer,
  type Redis,
} from '../src/index.js';

const silent = createLogger({ name: 'test', level: 'silent' });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('ops server: /health, /ready, /metrics', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function start(
    checks: Parameters<typeof createOpsServer>[0]['checks'],
  ): Promise<{ base: string; ops: OpsServer }> {
    const metrics = createMetrics({ service: 'kit-test' });
    const ops = createOpsServer({
      service: 'kit-test',
      port: 0,
      host: '127.0.0.1',
      registry: metrics.registry,
      checks,
      logger: silent,
    });
    const { port } = await ops.start();
    cleanups.push(() => ops.stop());
    return { base: `http://127.0.0.1:${port}`, ops };
  }

  const redisAt = (url: string): Redis => {
    const r = createRedis(url, silent);
    cleanups.push(() => r.disconnect());
    return r;
  };

  it('answers /health and reports ready when every dependency answers (real Redis)', async () => {
    const redis = redisAt('redis://127.0.0.1:6379');
    const { base } = await start(() => [
      redisCheck(redis),
      { name: 'postgres', critical: true, check: async () => {} },
    ]);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'kit-test' });

    await expect
      .poll(
        async () => ((await (await fetch(`${base}/ready`)).json()) as { status: string }).status,
      )
      .toBe('ok');
    const ready = (await (await fetch(`${base}/ready`)).json()) as {
      checks: Record<string, { status: string }>;
    };
    expect(ready.checks.redis?.status).toBe('ok');
  });

  it('reports degraded (still 200) when Redis is down, and fail (503) when a critical check fails', async () => {
    const deadPort = await freePort();
    const redis = redisAt(`redis://127.0.0.1:${deadPort}`);
    let dbUp = true;
    const { base } = await start(() => [
      redisCheck(redis),
      {
        name: 'postgres',
        critical: true,
        check: async () => {
          if (!dbUp) throw new Error('connection refused');
        },
      },
    ]);
    const degraded = await fetch(`${base}/ready`);
    expect(degraded.status).toBe(200);
    const body = (await degraded.json()) as {
      status: string;
      checks: Record<string, { status: string; critical: boolean; error?: string }>;
    };
    expect(body.status).toBe('degraded');
    expect(body.checks.redis).toMatchObject({ status: 'fail', critical: false });
    expect(body.checks.postgres).toMatchObject({ status: 'ok' });

    dbUp = false;
    const failing = await fetch(`${base}/ready`);
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({
      status: 'fail',
      checks: { postgres: { status: 'fail', error: 'connection refused' } },
    });
    // liveness is unaffected by dependencies
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('times out a hanging check instead of hanging /ready', async () => {
    const { base } = await start(() => [
      { name: 'kafka', critical: true, timeoutMs: 50, check: () => new Promise<void>(() => {}) },
    ]);
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      checks: Record<string, { status: string; error?: string }>;
    };
    expect(body.checks.kafka?.status).toBe('fail');
    expect(body.checks.kafka?.error).toContain('timed out');
  });

  it('answers 503 on /ready once draining, so traffic stops before shutdown', async () => {
    const { base, ops } = await start(() => []);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    ops.probes.markDraining();
    expect((await fetch(`${base}/ready`)).status).toBe(503);
  });

  it('serves Prometheus metrics with default process metrics and the service label', async () => {
    const { base } = await start(() => []);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/service="kit-test"/);
  });
});

describe('logger', () => {
  it('redacts credentials and PII', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _e, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger({ name: 'redact-test', destination });
    log.info(
      {
        req: { headers: { authorization: 'Bearer abc', 'x-api-key': 'bk_live_x' } },
        user: { email: 'a@b.c', phone: '+86 138' },
        password: 'p',
      },
      'hello',
    );
    const line = lines.join('');
    expect(line).not.toContain('Bearer abc');
    expect(line).not.toContain('bk_live_x');
    expect(line).not.toContain('a@b.c');
    expect(line).not.toContain('+86 138');
    expect(JSON.parse(line)).toMatchObject({
      level: 'info',
      service: 'redact-test',
      msg: 'hello',
      password: '[REDACTED]',
    });
  });
});
