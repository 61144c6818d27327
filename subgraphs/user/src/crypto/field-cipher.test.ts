import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBlindIndexer } from './blind-index.js';
import { createFieldCipher } from './field-cipher.js';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('field cipher (AES-256-GCM envelope)', () => {
  it('round-trips, never repeats a ciphertext, and names the key that encrypted', () => {
    const cipher = createFieldCipher([key('k1')]);
    const a = cipher.encrypt('+8613812345678', 'user.phone');
    const b = cipher.encrypt('+8613812345678', 'user.phone');
    expect(a.keyId).toBe('k1');
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.ciphertext.includes(Buffer.from('13812345678'))).toBe(false);
    expect(cipher.decrypt(a.ciphertext, a.keyId, 'user.phone')).toBe('+8613812345678');
  });

  it('decrypts old values after a rotation and re-wraps them under the new key', () => {
    const k1 = key('k1');
    const k2 = key('k2');
    const old = createFieldCipher([k1]).encrypt('alice@example.com', 'user.email');
    const rotated = createFieldCipher([k2, k1]);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.decrypt(old.ciphertext, 'k1', 'user.email')).toBe('alice@example.com');
    const moved = rotated.rewrap(old.ciphertext, 'k1', 'user.email');
    expect(moved.keyId).toBe('k2');
    // Once re-wrapped, k1 can be retired.
    expect(createFieldCipher([k2]).decrypt(moved.ciphertext, 'k2', 'user.email')).toBe(
      'alice@example.com',
    );
  });

  it('refuses a tampered ciphertext, another purpose, and an unknown key id', () => {
    const cipher = createFieldCipher([key('k1')]);
    const { ciphertext } = cipher.encrypt('secret', 'user.phone');
    const tampered = Buffer.from(ciphertext);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => cipher.decrypt(tampered, 'k1', 'user.phone')).toThrow();
    expect(() => cipher.decrypt(ciphertext, 'k1', 'user.email')).toThrow();
    expect(() => cipher.decrypt(ciphertext, 'k9', 'user.phone')).toThrow(/k9 is not configured/);
  });

  it('blind index: deterministic per key and kind, different across keys and kinds', () => {
    const k = randomBytes(32);
    const index = createBlindIndexer(k);
    expect(index('phone', '+8613812345678')).toBe(createBlindIndexer(k)('phone', '+8613812345678'));
    expect(index('phone', '+8613812345678')).toMatch(/^[0-9a-f]{64}$/);
    expect(index('phone', '+8613812345678')).not.toBe(index('email', '+8613812345678'));
    expect(createBlindIndexer(randomBytes(32))('phone', '+8613812345678')).not.toBe(
      index('phone', '+8613812345678'),
    );
  });
});
