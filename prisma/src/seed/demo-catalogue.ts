// A small demo catalogue so the console and the devstack have something to show. Rows are created
// once and never overwritten by a re-seed (stock, status and texts may have been changed since).

import type { LocalizedText } from '../rule-template-schema.js';

export const DEMO_CATEGORIES = [
  { code: 'engagement', name: { 'zh-CN': '互动', 'en-US': 'Engagement' }, displayOrder: 1 },
  { code: 'shopping', name: { 'zh-CN': '购物', 'en-US': 'Shopping' }, displayOrder: 2 },
] as const satisfies ReadonlyArray<{ code: string; name: LocalizedText; displayOrder: number }>;

export const DEMO_SERIES = {
  code: 'newcomer_journey',
  categoryCode: 'engagement',
  name: { 'zh-CN': '新人之旅', 'en-US': 'Newcomer journey' },
  description: { 'zh-CN': '加入后的第一步', 'en-US': 'Your first steps after joining' },
} as const;

export interface DemoBadge {
  code: string;
  categoryCode: string;
  seriesCode?: string;
  name: LocalizedText;
  description: LocalizedText;
  totalStock?: number;
  perUserCap?: number;
  isRepeatable?: boolean;
  validDays?: number;
  isHiddenUntilEarned?: boolean;
  displayOrder: number;
}

export const DEMO_BADGES: readonly DemoBadge[] = [
  {
    code: 'first_checkin',
    categoryCode: 'engagement',
    seriesCode: 'newcomer_journey',
    name: { 'zh-CN': '首次签到', 'en-US': 'First check-in' },
    description: { 'zh-CN': '完成第一次签到', 'en-US': 'Check in for the first time' },
    perUserCap: 1,
    displayOrder: 1,
  },
  {
    code: 'checkin_streak_7',
    categoryCode: 'engagement',
    seriesCode: 'newcomer_journey',
    name: { 'zh-CN': '连续签到 7 天', 'en-US': '7-day check-in streak' },
    description: {
      'zh-CN': '连续 7 天签到，可重复获得，有效期 365 天',
      'en-US': 'Check in 7 days in a row; repeatable, valid 365 days',
    },
    isRepeatable: true,
    validDays: 365,
    displayOrder: 2,
  },
  {
    code: 'first_purchase',
    categoryCode: 'shopping',
    name: { 'zh-CN': '首次购物', 'en-US': 'First purchase' },
    description: {
      'zh-CN': '完成第一笔订单（限量 10000 枚）',
      'en-US': 'Place your first order (limited to 10,000)',
    },
    totalStock: 10_000,
    perUserCap: 1,
    displayOrder: 1,
  },
  {
    code: 'loyal_member',
    categoryCode: 'shopping',
    name: { 'zh-CN': '忠实会员', 'en-US': 'Loyal member' },
    description: {
      'zh-CN': '同时拥有「首次签到」和「首次购物」后自动获得',
      'en-US': 'Earned automatically once you hold "First check-in" and "First purchase"',
    },
    perUserCap: 1,
    isHiddenUntilEarned: true,
    displayOrder: 2,
  },
];

/** loyal_member requires first_checkin AND first_purchase (one AND group); cascade-granted. */
export const DEMO_DEPENDENCY = {
  /** fixed id so that the re-seed finds the group again */
  groupId: '6a1f0d3e-3c1b-4d7e-9b51-0d5e0c3a1001',
  badgeCode: 'loyal_member',
  items: [
    // a refund that revokes first_purchase also revokes loyal_member
    { requiredBadgeCode: 'first_purchase', revokeBehavior: 'CASCADE' },
    { requiredBadgeCode: 'first_checkin', revokeBehavior: 'KEEP' },
  ],
} as const;

export const DEMO_BENEFIT = {
  code: 'welcome_points',
  type: 'POINTS',
  name: { 'zh-CN': '新人积分 100', 'en-US': '100 welcome points' },
  description: {
    'zh-CN': '首次购物后自动发放 100 积分',
    'en-US': '100 points granted with your first purchase',
  },
  perUserLimit: 1,
  config: { points: 100 },
  /** auto-granted with this badge (BadgeBenefit) */
  badgeCode: 'first_purchase',
} as const;
