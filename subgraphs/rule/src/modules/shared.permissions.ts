import { requirePermission } from '@badge/service-kit';

// graphql-shield wants one rule instance per name across the whole schema: rules used by more
// than one module of this subgraph live here.
export const userBadgeRead = requirePermission('user:badge:read');
export const ruleTest = requirePermission('rule:rule:test');
