import type { BadgeSort, BadgeStatus, BadgeValidityKind } from '../../../graphql/generated/graphql';

export const BADGE_STATUSES: readonly BadgeStatus[] = ['DRAFT', 'PUBLISHED', 'OFFLINE', 'ARCHIVED'];
export const BADGE_SORTS: readonly BadgeSort[] = [
  'DISPLAY_ORDER',
  'CREATED_AT_DESC',
  'UPDATED_AT_DESC',
];
export const VALIDITY_KINDS: readonly BadgeValidityKind[] = ['NONE', 'RELATIVE', 'FIXED'];

export const STATUS_COLORS: Record<BadgeStatus, string> = {
  DRAFT: 'default',
  PUBLISHED: 'green',
  OFFLINE: 'orange',
  ARCHIVED: 'red',
};
