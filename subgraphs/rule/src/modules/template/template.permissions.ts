import { requirePermission, type IRules } from '@badge/service-kit';

const read = requirePermission('rule:template:read');

export const templatePermissions: IRules = {
  Query: { ruleTemplates: read },
  RuleTemplate: read,
  RuleTemplateParameter: read,
};
