import type { CouponCodeStatus } from '../../../graphql/generated/graphql';

export const COUPON_CODE_STATUSES: readonly CouponCodeStatus[] = [
  'AVAILABLE',
  'RESERVED',
  'ISSUED',
  'REVOKED',
];

export const COUPON_CODE_COLORS: Record<CouponCodeStatus, string> = {
  AVAILABLE: 'green',
  RESERVED: 'gold',
  ISSUED: 'blue',
  REVOKED: 'default',
};

/** The benefit subgraph's limit of codes per upload or generation. */
export const MAX_CODES_PER_UPLOAD = 50_000;
