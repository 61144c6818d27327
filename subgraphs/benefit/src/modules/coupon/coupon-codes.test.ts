import { describe, expect, it } from 'vitest';
import {
  COUPON_CODE,
  generateCouponCodes,
  maskCouponCode,
  parseCouponCodes,
} from './coupon-codes.js';

describe('coupon code uploads', () => {
  it('reads one code per line, skips blanks, dedupes and reports bad lines', () => {
    const parsed = parseCouponCodes('ABCD-0001\n\n  ABCD-0002  \r\nABCD-0001\nno\nbad code!\n');
    expect(parsed.codes).toEqual(['ABCD-0001', 'ABCD-0002']);
    expect(parsed.duplicatesInInput).toBe(1);
    expect(parsed.rejected).toEqual([
      { line: 5, reason: 'a code has 4 to 64 characters' },
      {
        line: 6,
        reason: 'a code has only letters, digits, "-" and "_", and starts with a letter or digit',
      },
    ]);
  });

  it('reads the first column of CSV, with a header and quotes', () => {
    const parsed = parseCouponCodes('code,face_value\n"Q-1234",10\nQ-5678,20\n"Q-1234",10\n');
    expect(parsed.codes).toEqual(['Q-1234', 'Q-5678']);
    expect(parsed.duplicatesInInput).toBe(1);
    expect(parsed.rejected).toEqual([]);
  });

  it('generates distinct valid codes with the prefix', () => {
    const codes = generateCouponCodes('SPRING-', 8, 500);
    expect(new Set(codes).size).toBe(500);
    for (const code of codes) {
      expect(code.startsWith('SPRING-')).toBe(true);
      expect(code).toHaveLength(15);
      expect(COUPON_CODE.test(code)).toBe(true);
    }
  });

  it('masks codes', () => {
    expect(maskCouponCode('SPRING-ABCDEFGH')).toBe('SPRI*********GH');
    expect(maskCouponCode('ABCD')).toBe('A***');
  });
});
