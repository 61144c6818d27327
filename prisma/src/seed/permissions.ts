// The permission vocabulary of the console: seed 001 §6.5, `{module}:{resource}:{action}`, expanded
// (e.g. `badge:badge:read/write/publish` -> three codes). The codes are the service kit's
// vocabulary (the same list the shield rules are typed by); this adds their descriptions.
import { PERMISSIONS as PERMISSION_VOCABULARY } from '@badge/service-kit/permissions';

export interface PermissionDefinition {
  code: string;
  module: string;
  resource: string;
  action: string;
  description: string;
}

/** Descriptions per `module:resource` (seed 001 §6.5); the codes themselves come from the kit. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  'system:user': 'System (admin) users — 系统用户管理',
  'system:role': 'Roles — 角色管理',
  'system:apikey': 'API keys — API Key 管理',
  'system:pipeline': 'Event pipeline (dead-letter replay) — 事件管道管理',
  'badge:category': 'Badge categories — 分类管理',
  'badge:series': 'Badge series — 系列管理',
  'badge:badge': 'Badges; publish = publish/offline/archive — 徽章管理',
  'badge:dependency': 'Badge dependencies — 依赖关系管理',
  'rule:rule': 'Rules; test = dry run — 规则管理',
  'rule:template': 'Rule templates — 规则模板查看',
  'grant:grant': 'Badge grants — 发放管理',
  'grant:revoke': 'Badge revocations — 撤回管理',
  'grant:task': 'Batch grant/revoke tasks — 批量任务管理',
  'benefit:benefit': 'Benefits — 权益管理',
  'benefit:grant': 'Benefit grant records — 权益发放记录',
  'benefit:redemption': 'Redemptions — 兑换管理',
  'stats:overview': 'Statistics and reports — 统计报表',
  'user:view': 'End-user view — 用户视图',
  'user:badge': "A user's badges — 用户徽章查看",
  'log:operation': 'Operation log — 操作日志',
};

export const PERMISSIONS: readonly PermissionDefinition[] = PERMISSION_VOCABULARY.map((code) => {
  const [module = '', resource = '', action = ''] = code.split(':');
  const description = DESCRIPTIONS[`${module}:${resource}`];
  if (!description) throw new Error(`no description for permission ${code}`);
  return { code, module, resource, action, description: `${description} (${action})` };
});

export const PERMISSION_CODES: readonly string[] = PERMISSIONS.map((p) => p.code);

export interface RoleDefinition {
  code: string;
  name: string;
  description: string;
  permissions: readonly string[];
}

const isRead = (code: string) => code.endsWith(':read');
const isSystemOrLog = (code: string) => code.startsWith('system:') || code.startsWith('log:');

/** Built-in roles (is_system = true); the seed keeps their permission sets exactly as listed. */
export const SYSTEM_ROLES: readonly RoleDefinition[] = [
  {
    code: 'super_admin',
    name: 'Super admin',
    description: 'Every permission, including admin users, roles, API keys and the operation log.',
    permissions: PERMISSION_CODES,
  },
  {
    code: 'operator',
    name: 'Operator',
    description:
      'Runs the programme: badges, rules, grants, benefits, redemptions, statistics, user views.',
    permissions: PERMISSION_CODES.filter((c) => !isSystemOrLog(c)),
  },
  {
    code: 'viewer',
    name: 'Viewer',
    description: 'Read-only access to the programme (no system administration, no operation log).',
    permissions: PERMISSION_CODES.filter((c) => isRead(c) && !isSystemOrLog(c)),
  },
  {
    code: 'auditor',
    name: 'Auditor',
    description:
      'Reads everything, including the operation log, admin users, roles and API keys; changes nothing.',
    permissions: PERMISSION_CODES.filter(isRead),
  },
];
