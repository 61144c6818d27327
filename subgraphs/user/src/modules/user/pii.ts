import { z } from 'zod';

/**
 * Phone numbers are stored and indexed in E.164 form (`+8613812345678`): separators removed, a
 * leading `00` read as `+`, and a number without a country code given the default one. Anything
 * that is not 7–15 digits after the `+` is refused (null).
 */
export function normalizePhone(input: string, defaultCountryCode: string): string | null {
  let value = input.trim().replace(/[\s().\-/]/g, '');
  if (value.startsWith('00')) value = `+${value.slice(2)}`;
  if (!value.startsWith('+')) value = `+${defaultCountryCode}${value.replace(/^0+/, '')}`;
  return /^\+[1-9]\d{6,14}$/.test(value) ? value : null;
}

const ZEmail = z.email();

/** E-mail addresses are compared trimmed and lower-cased. */
export function normalizeEmail(input: string): string | null {
  const value = input.trim().toLowerCase();
  return value.length <= 320 && ZEmail.safeParse(value).success ? value : null;
}

/**
 * `+8613812345678` → `138****5678` (mainland numbers shown nationally); other numbers keep the
 * `+`, the first two digits and the last four: `+44*******0123`.
 */
export function maskPhone(e164: string): string {
  if (/^\+861\d{10}$/.test(e164)) {
    const national = e164.slice(3);
    return `${national.slice(0, 3)}****${national.slice(-4)}`;
  }
  const digits = e164.replace(/^\+/, '');
  if (digits.length <= 6) return `+${'*'.repeat(digits.length)}`;
  return `+${digits.slice(0, 2)}${'*'.repeat(digits.length - 6)}${digits.slice(-4)}`;
}

/** `alice@example.com` → `a***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
