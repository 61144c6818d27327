// The permission vocabulary of the console: seed 001 §6.5, `{module}:{resource}:{action}`, expanded
// (e.g. `badge:badge:read/write/publish` -> three codes).

export interface PermissionDefinition {
  code: string;
  module: string;
  resource: string;
  action: string;
  description: string;
}

/** [module:resource, actions, description] exactly as in seed 001 §6.5 */
const SOURCE: ReadonlyArray<readonly [string, readonly string[], string]> = [
  ['system:user', ['read', 'write'], 'System (admin) users — 系统用户管理'],
  ['system:role', ['read', 'write'], 'Roles — 角色管理'],
  ['system:apikey', ['read', 'write'], 'API keys — API Key 管理'],
  ['badge:category', ['read', 'write'], 'Badge categories — 分类管理'],
  ['badge:series', ['read', 'write'], 'Badge series — 系列管理'],
  [
    'badge:badge',
    ['read', 'write', 'publish'],
    'Badges; publish = publish/offline/archive — 徽章管理',
  ],
  ['badge:dependency', ['read', 'write'], 'Badge dependencies — 依赖关系管理'],
  ['rule:rule', ['read', 'write', 'publish', 'test'], 'Rules; test = dry run — 规则管理'],
  ['rule:template', ['read'], 'Rule templates — 规则模板查看'],
  ['grant:grant', ['read', 'write'], 'Badge grants — 发放管理'],
  ['grant:revoke', ['read', 'write'], 'Badge revocations — 撤回管理'],
  ['grant:task', ['read', 'write'], 'Batch grant/revoke tasks — 批量任务管理'],
  ['benefit:benefit', ['read', 'write'], 'Benefits — 权益管理'],
  ['benefit:grant', ['read'], 'Benefit grant records — 权益发放记录'],
  ['benefit:redemption', ['read', 'write'], 'Redemptions — 兑换管理'],
  ['stats:overview', ['read'], 'Statistics and reports — 统计报表'],
  ['user:view', ['read'], 'End-user view — 用户视图'],
  ['user:badge', ['read'], "A user's badges — 用户徽章查看"],
  ['log:operation', ['read'], 'Operation log — 操作日志'],
];

export const PERMISSIONS: readonly PermissionDefinition[] = SOURCE.flatMap(
  ([moduleResource, actions, description]) => {
    const [module = '', resource = ''] = moduleResource.split(':');
    return actions.map((action) => ({
      code: `${module}:${resource}:${action}`,
      module,
      resource,
      action,
      description: `${description} (${action})`,
    }));
  },
);

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
