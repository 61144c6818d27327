import type {
  BenefitGrantSource,
  BenefitGrantStatus,
  BenefitStatus,
  BenefitType,
  BenefitValidityKind,
} from '../../../graphql/generated/graphql';

export const BENEFIT_STATUSES: readonly BenefitStatus[] = [
  'DRAFT',
  'PUBLISHED',
  'OFFLINE',
  'ARCHIVED',
];
export const BENEFIT_TYPES: readonly BenefitType[] = [
  'COUPON',
  'POINTS',
  'PHYSICAL',
  'PRIVILEGE',
  'CUSTOM',
];
export const BENEFIT_VALIDITY_KINDS: readonly BenefitValidityKind[] = ['NONE', 'RELATIVE', 'FIXED'];

export const BENEFIT_STATUS_COLORS: Record<BenefitStatus, string> = {
  DRAFT: 'default',
  PUBLISHED: 'green',
  OFFLINE: 'orange',
  ARCHIVED: 'red',
};

export const BENEFIT_TYPE_COLORS: Record<BenefitType, string> = {
  COUPON: 'magenta',
  POINTS: 'gold',
  PHYSICAL: 'blue',
  PRIVILEGE: 'purple',
  CUSTOM: 'cyan',
};

export const GRANT_STATUS_COLORS: Record<BenefitGrantStatus, string> = {
  PENDING: 'processing',
  GRANTED: 'green',
  FAILED: 'red',
  REVOKED: 'default',
  EXPIRED: 'orange',
};

export const GRANT_SOURCES: readonly BenefitGrantSource[] = ['AUTO', 'MANUAL', 'REDEMPTION'];
