import { describe, expect, it } from 'vitest';
import { backoffDelay, errorMessage, sleep } from './util.js';

describe('backoffDelay', () => {
  it('doubles from initialMs and caps at maxMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 100, 1000, false))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });
  it('jitters within [half, full] of the exponential delay', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, 100, 10_000);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });
});

describe('errorMessage', () => {
  it('handles errors, strings and other values', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage({ code: 1 })).toBe('{"code":1}');
  });
});

describe('sleep', () => {
  it('ends early when the signal aborts', async () => {
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 20);
    await sleep(5000, ac.signal);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
