import type { TMessages } from '../i18n/messages';

type TNavLabel = keyof TMessages['nav'];

export interface NavItem {
  href: string;
  label: TNavLabel;
  /** Shown only to admins holding this permission (the page checks it again). */
  permission: string;
}

export interface NavGroup {
  label: TNavLabel;
  items: NavItem[];
}

/** The console's menu: every page, the group it sits in and the permission that opens it. */
export const NAVIGATION: (NavItem | NavGroup)[] = [
  { href: '/', label: 'dashboard', permission: 'stats:overview:read' },
  {
    label: 'catalogue',
    items: [
      { href: '/categories', label: 'categories', permission: 'badge:category:read' },
      { href: '/badges', label: 'badges', permission: 'badge:badge:read' },
      { href: '/rules', label: 'rules', permission: 'rule:rule:read' },
    ],
  },
  {
    label: 'benefitsGroup',
    items: [
      { href: '/benefits', label: 'benefits', permission: 'benefit:benefit:read' },
      { href: '/coupon-pools', label: 'couponPools', permission: 'benefit:benefit:read' },
      {
        href: '/redemption-rules',
        label: 'redemptionRules',
        permission: 'benefit:redemption:read',
      },
    ],
  },
  { href: '/grants', label: 'grants', permission: 'grant:grant:read' },
  { href: '/users', label: 'users', permission: 'user:view:read' },
  {
    label: 'accessGroup',
    items: [
      { href: '/api-keys', label: 'apiKeys', permission: 'system:apikey:read' },
      { href: '/admins', label: 'admins', permission: 'system:user:read' },
      { href: '/operation-log', label: 'operationLog', permission: 'log:operation:read' },
    ],
  },
  { href: '/system', label: 'system', permission: 'stats:overview:read' },
];

const isGroup = (entry: NavItem | NavGroup): entry is NavGroup => 'items' in entry;

/** The menu an admin sees: items they may open; groups left empty disappear. */
export function visibleNavigation(can: (permission: string) => boolean): (NavItem | NavGroup)[] {
  return NAVIGATION.flatMap<NavItem | NavGroup>((entry) => {
    if (!isGroup(entry)) return can(entry.permission) ? [entry] : [];
    const items = entry.items.filter((i) => can(i.permission));
    return items.length > 0 ? [{ ...entry, items }] : [];
  });
}

export { isGroup as isNavGroup };
