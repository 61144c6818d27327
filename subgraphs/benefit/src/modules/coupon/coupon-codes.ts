import { randomInt } from 'node:crypto';

/** A code: 4–64 characters, letters, digits, `-` and `_`, starting with a letter or digit. */
export const COUPON_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$/;
export const MAX_CODES_PER_UPLOAD = 50_000;

export interface ParsedCodes {
  /** Valid codes, each once, in input order. */
  codes: string[];
  /** Lines that repeated a code already seen in this input. */
  duplicatesInInput: number;
  /** Lines refused (1-based line numbers). */
  rejected: { line: number; reason: string }[];
}

/**
 * Parses an upload: one code per line, or CSV whose first column is the code (quotes allowed; a
 * first line whose first column is `code` is a header). Blank lines are skipped; codes are
 * trimmed, validated and deduplicated (exact match).
 */
export function parseCouponCodes(text: string): ParsedCodes {
  const seen = new Set<string>();
  const out: ParsedCodes = { codes: [], duplicatesInInput: 0, rejected: [] };
  const lines = text.split(/\r\n|\n|\r/);
  let firstContent = true;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const code = firstColumn(raw).trim();
    if (firstContent) {
      firstContent = false;
      if (code.toLowerCase() === 'code') return;
    }
    if (!COUPON_CODE.test(code)) {
      out.rejected.push({
        line,
        reason:
          code.length < 4 || code.length > 64
            ? 'a code has 4 to 64 characters'
            : 'a code has only letters, digits, "-" and "_", and starts with a letter or digit',
      });
      return;
    }
    if (seen.has(code)) {
      out.duplicatesInInput += 1;
      return;
    }
    seen.add(code);
    out.codes.push(code);
  });
  return out;
}

function firstColumn(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('"')) {
    let value = '';
    for (let i = 1; i < trimmed.length; i++) {
      const ch = trimmed[i];
      if (ch === '"') {
        if (trimmed[i + 1] === '"') {
          value += '"';
          i += 1;
        } else return value;
      } else value += ch;
    }
    return value;
  }
  const comma = trimmed.indexOf(',');
  return comma === -1 ? trimmed : trimmed.slice(0, comma);
}

/** Letters and digits without the look-alikes (0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `count` random codes `<prefix><length random characters>` (unique within the batch). */
export function generateCouponCodes(prefix: string, length: number, count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let body = '';
    for (let i = 0; i < length; i++) body += ALPHABET[randomInt(ALPHABET.length)];
    codes.add(`${prefix}${body}`);
  }
  return [...codes];
}

/** `AB12******XY`: enough to recognise a code in the console without disclosing it. */
export function maskCouponCode(code: string): string {
  if (code.length <= 6) return `${code.slice(0, 1)}${'*'.repeat(code.length - 1)}`;
  return `${code.slice(0, 4)}${'*'.repeat(code.length - 6)}${code.slice(-2)}`;
}
