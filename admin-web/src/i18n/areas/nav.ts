import type { TLocale } from '../locales';

const enUS = {
  dashboard: 'Dashboard',
  catalogue: 'Badges',
  categories: 'Categories & series',
  badges: 'Badges',
  rules: 'Rules',
  benefitsGroup: 'Benefits',
  benefits: 'Benefits',
  couponPools: 'Coupon pools',
  redemptionRules: 'Redemption rules',
  grants: 'Grants',
  users: 'Users',
  accessGroup: 'Access',
  apiKeys: 'API keys',
  admins: 'Admins & roles',
  operationLog: 'Operation log',
  system: 'System status',
  language: 'Language',
  signOut: 'Sign out',
  mfa: 'MFA',
};

const zhCN: typeof enUS = {
  dashboard: '概览',
  catalogue: '徽章',
  categories: '分类与系列',
  badges: '徽章管理',
  rules: '规则',
  benefitsGroup: '权益',
  benefits: '权益管理',
  couponPools: '券码池',
  redemptionRules: '兑换规则',
  grants: '发放管理',
  users: '用户',
  accessGroup: '权限',
  apiKeys: 'API 密钥',
  admins: '管理员与角色',
  operationLog: '操作日志',
  system: '系统状态',
  language: '语言',
  signOut: '退出登录',
  mfa: '多因素认证',
};

export const nav: Record<TLocale, typeof enUS> = { 'en-US': enUS, 'zh-CN': zhCN };
