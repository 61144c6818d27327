import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone, normalizeEmail, normalizePhone } from './pii.js';

describe('PII normalisation and masking', () => {
  it('normalises phone numbers to E.164', () => {
    expect(normalizePhone('138 1234 5678', '86')).toBe('+8613812345678');
    expect(normalizePhone('+86 138-1234-5678', '86')).toBe('+8613812345678');
    expect(normalizePhone('008613812345678', '86')).toBe('+8613812345678');
    expect(normalizePhone('(020) 7946 0123', '44')).toBe('+442079460123');
    expect(normalizePhone('not a phone', '86')).toBeNull();
    expect(normalizePhone('+12', '86')).toBeNull();
  });

  it('normalises e-mail addresses', () => {
    expect(normalizeEmail('  Alice@Example.COM ')).toBe('alice@example.com');
    expect(normalizeEmail('nope')).toBeNull();
  });

  it('masks', () => {
    expect(maskPhone('+8613812345678')).toBe('138****5678');
    expect(maskPhone('+442079460123')).toBe('+44******0123');
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
  });
});
