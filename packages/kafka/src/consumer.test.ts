import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, PoisonMessageError, isPoisonError } from './consumer.js';

describe('isPoisonError', () => {
  it('recognises PoisonMessageError and any error flagged isPoison: true', () => {
    expect(isPoisonError(new PoisonMessageError('bad'))).toBe(true);
    expect(isPoisonError(Object.assign(new Error('x'), { isPoison: true }))).toBe(true);
    expect(isPoisonError({ isPoison: true })).toBe(true);
  });
  it('treats everything else as retryable', () => {
    expect(isPoisonError(new Error('x'))).toBe(false);
    expect(isPoisonError(Object.assign(new Error('x'), { isPoison: 'yes' }))).toBe(false);
    expect(isPoisonError(null)).toBe(false);
    expect(isPoisonError('poison')).toBe(false);
  });
});

describe('DLQ_HEADERS', () => {
  it('are the names of docs/CONTRACTS.md', () => {
    expect(Object.values(DLQ_HEADERS).sort()).toEqual(
      [
        'x-original-topic',
        'x-original-partition',
        'x-original-offset',
        'x-original-key',
        'x-consumer-group',
        'x-error-class',
        'x-error-message',
        'x-attempts',
        'x-failed-at',
      ].sort(),
    );
  });
});
