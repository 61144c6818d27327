import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@badge/service-kit';

/** A key-encryption key (KEK) from FIELD_ENCRYPTION_KEYS. */
export interface FieldKey {
  id: string;
  key: Buffer;
}

export interface EncryptedField {
  ciphertext: Buffer;
  keyId: string;
}

const VERSION = 1;
const IV = 12;
const TAG = 16;
const DEK = 32;
const HEADER = 1 + IV + TAG + DEK; // version, wrap iv, wrap tag, wrapped data key

function seal(
  key: Buffer,
  plaintext: Buffer,
  aad: string,
): { iv: Buffer; tag: Buffer; ct: Buffer } {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ct };
}

function open(key: Buffer, iv: Buffer, tag: Buffer, ct: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]);
}

/**
 * AES-256-GCM envelope encryption of single fields. Each value gets its own random data key
 * (DEK) that encrypts the value; the DEK is wrapped (AES-256-GCM) with the current key-encryption
 * key, whose id is stored next to the ciphertext (`*_key_id`). Decryption uses whichever key the
 * row names, so keys rotate without a flag day; `rewrap` moves a value to the current key by
 * re-wrapping only its DEK. `aad` binds a ciphertext to its purpose (e.g. `user.phone`): a value
 * copied into another column does not decrypt.
 *
 * Layout (version 1): 0x01 | wrap iv (12) | wrap tag (16) | wrapped DEK (32) | iv (12) | tag (16) | ciphertext.
 */
export function createFieldCipher(keys: readonly FieldKey[]) {
  const [current] = keys;
  if (!current) throw new Error('at least one field encryption key is required');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const kek = (keyId: string) => {
    const key = byId.get(keyId);
    if (!key)
      throw new AppError('INTERNAL', `field encryption key ${keyId} is not configured`, { keyId });
    return key;
  };

  const unwrapDek = (blob: Buffer, keyId: string, aad: string): Buffer => {
    if (blob.length < HEADER + IV + TAG || blob[0] !== VERSION)
      throw new AppError('INTERNAL', 'malformed field ciphertext');
    return open(
      kek(keyId),
      blob.subarray(1, 1 + IV),
      blob.subarray(1 + IV, 1 + IV + TAG),
      blob.subarray(1 + IV + TAG, HEADER),
      `dek:${aad}`,
    );
  };

  const wrap = (dek: Buffer, aad: string) => {
    const w = seal(current.key, dek, `dek:${aad}`);
    return Buffer.concat([Buffer.from([VERSION]), w.iv, w.tag, w.ct]);
  };

  return {
    currentKeyId: current.id,

    encrypt(plaintext: string, aad: string): EncryptedField {
      const dek = randomBytes(DEK);
      try {
        const data = seal(dek, Buffer.from(plaintext, 'utf8'), aad);
        return {
          ciphertext: Buffer.concat([wrap(dek, aad), data.iv, data.tag, data.ct]),
          keyId: current.id,
        };
      } finally {
        dek.fill(0);
      }
    },

    decrypt(ciphertext: Uint8Array, keyId: string, aad: string): string {
      const blob = Buffer.from(ciphertext);
      const dek = unwrapDek(blob, keyId, aad);
      const body = blob.subarray(HEADER);
      try {
        return open(
          dek,
          body.subarray(0, IV),
          body.subarray(IV, IV + TAG),
          body.subarray(IV + TAG),
          aad,
        ).toString('utf8');
      } finally {
        dek.fill(0);
      }
    },

    /** The same value under the current key (only the data key is re-wrapped). */
    rewrap(ciphertext: Uint8Array, keyId: string, aad: string): EncryptedField {
      const blob = Buffer.from(ciphertext);
      const dek = unwrapDek(blob, keyId, aad);
      try {
        return {
          ciphertext: Buffer.concat([wrap(dek, aad), blob.subarray(HEADER)]),
          keyId: current.id,
        };
      } finally {
        dek.fill(0);
      }
    },
  };
}
export type FieldCipher = ReturnType<typeof createFieldCipher>;
