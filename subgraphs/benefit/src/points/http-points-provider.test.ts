import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@badge/service-kit';
import { createHttpPointsProvider, verifyPointsSignature } from './http-points-provider.js';
import { PointsProviderError } from './points-provider.js';

const secret = 'unit-test-points-secret-unit-test-points';
let server: Server;
let url: string;
let answer: { status: number; body: string; delayMs?: number } = { status: 200, body: '{}' };
const seen: { path: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/points/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const provider = (breakerFailures = 100) =>
  createHttpPointsProvider({
    url,
    secret,
    keyId: 'k1',
    timeoutMs: 300,
    breakerFailures,
    breakerCooldownMs: 60_000,
    logger: createLogger({ name: 'test', level: 'silent' }),
  });

const credit = {
  idempotencyKey: 'credit:g-1',
  userId: 'u-1',
  points: 100,
  reference: 'g-1',
  benefitCode: 'welcome_points',
};

describe('HTTP points provider', () => {
  it('signs the body with HMAC-SHA256 and sends the idempotency key', async () => {
    answer = { status: 200, body: JSON.stringify({ transactionId: 'tx-1' }) };
    await expect(provider().credit(credit)).resolves.toEqual({ transactionId: 'tx-1' });
    const request = seen.at(-1)!;
    expect(request.path).toBe('/points/credit');
    expect(request.headers['idempotency-key']).toBe('credit:g-1');
    expect(request.headers['x-badge-key-id']).toBe('k1');
    expect(JSON.parse(request.body)).toMatchObject({ userId: 'u-1', points: 100 });
    const args = {
      timestamp: request.headers['x-badge-timestamp'] as string,
      signature: request.headers['x-badge-signature'] as string,
      body: request.body,
    };
    expect(verifyPointsSignature({ secrets: [secret], ...args })).toBe(true);
    expect(
      verifyPointsSignature({ secrets: ['another-secret-another-secret-another'], ...args }),
    ).toBe(false);
    expect(verifyPointsSignature({ secrets: [secret], ...args, body: `${request.body} ` })).toBe(
      false,
    );
  });

  it('classifies failures: 5xx and timeouts are retryable, 4xx refusals are not', async () => {
    answer = { status: 503, body: JSON.stringify({ error: 'ledger down' }) };
    await expect(provider().credit(credit)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('ledger down') as string,
    });
    answer = { status: 422, body: JSON.stringify({ error: 'unknown user' }) };
    await expect(provider().credit(credit)).rejects.toMatchObject({
      code: 'REJECTED',
      retryable: false,
    });
    answer = { status: 200, body: '{}', delayMs: 1_000 };
    await expect(provider().credit(credit)).rejects.toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
    });
    answer = { status: 200, body: 'not json' };
    await expect(provider().credit(credit)).rejects.toBeInstanceOf(PointsProviderError);
  });

  it('opens its circuit after consecutive failures and fails fast', async () => {
    answer = { status: 500, body: '{}' };
    const p = provider(2);
    await expect(p.credit(credit)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(p.credit(credit)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const calls = seen.length;
    answer = { status: 200, body: JSON.stringify({ transactionId: 'tx-2' }) };
    await expect(p.credit(credit)).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryable: true });
    expect(seen.length).toBe(calls);
  });
});
