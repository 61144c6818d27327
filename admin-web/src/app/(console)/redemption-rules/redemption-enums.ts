import type { RedemptionRuleStatus, RedemptionStatus } from '../../../graphql/generated/graphql';

export const RULE_STATUSES: readonly RedemptionRuleStatus[] = ['DRAFT', 'ACTIVE', 'DISABLED'];
export const REDEMPTION_STATUSES: readonly RedemptionStatus[] = [
  'PENDING',
  'COMPLETED',
  'FAILED',
  'COMPENSATING',
  'COMPENSATED',
];

export const RULE_STATUS_COLORS: Record<RedemptionRuleStatus, string> = {
  DRAFT: 'default',
  ACTIVE: 'green',
  DISABLED: 'orange',
};

export const REDEMPTION_STATUS_COLORS: Record<RedemptionStatus, string> = {
  PENDING: 'processing',
  COMPLETED: 'green',
  FAILED: 'red',
  COMPENSATING: 'warning',
  COMPENSATED: 'default',
};

/** The two lists of the page, one at a time (each with its own filters and cursor). */
export const TABS = ['rules', 'redemptions'] as const;
export type TTab = (typeof TABS)[number];
