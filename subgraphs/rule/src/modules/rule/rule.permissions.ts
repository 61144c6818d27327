import { allow, isKind, or, requirePermission, type IRules } from '@badge/service-kit';
import { ruleTest, userBadgeRead } from '../shared.permissions.js';

const read = requirePermission('rule:rule:read');
const write = requirePermission('rule:rule:write');
const publish = requirePermission('rule:rule:publish');

export const rulePermissions: IRules = {
  Query: { rules: read, rule: read, dryRunRule: ruleTest },
  Mutation: {
    createRule: write,
    updateRule: write,
    deleteRule: write,
    publishRule: publish,
    disableRule: publish,
  },
  // Whoever may see a user's progress sees which rule it belongs to (its id), not its internals.
  Rule: { '*': read, id: or(read, isKind('user'), userBadgeRead) },
  RuleVersion: read,
  RuleParam: read,
  RuleConnection: read,
  // Payloads, pages and dry-run results are reached only through a guarded field.
  PageInfo: allow,
  RulePayload: allow,
  DeleteRulePayload: allow,
  RuleDryRunResult: allow,
  DryRunCheck: allow,
  DryRunProgress: allow,
  // The badge stub carries only the id; the field that returns it decides access.
  Badge: allow,
};
