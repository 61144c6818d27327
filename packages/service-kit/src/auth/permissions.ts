/**
 * The permission vocabulary (seed 001 §6.5): `module:resource:action`. One list, used by the seed
 * (permission rows and default roles, prisma/src/seed) and every subgraph's shield rules, so a
 * typo is a type error. Also exported alone as `@badge/service-kit/permissions`.
 */
export const PERMISSIONS = [
  'system:user:read',
  'system:user:write',
  'system:role:read',
  'system:role:write',
  'system:apikey:read',
  'system:apikey:write',
  'system:pipeline:write',
  'badge:category:read',
  'badge:category:write',
  'badge:series:read',
  'badge:series:write',
  'badge:badge:read',
  'badge:badge:write',
  'badge:badge:publish',
  'badge:dependency:read',
  'badge:dependency:write',
  'rule:rule:read',
  'rule:rule:write',
  'rule:rule:publish',
  'rule:rule:test',
  'rule:template:read',
  'grant:grant:read',
  'grant:grant:write',
  'grant:revoke:read',
  'grant:revoke:write',
  'grant:task:read',
  'grant:task:write',
  'benefit:benefit:read',
  'benefit:benefit:write',
  'benefit:grant:read',
  'benefit:redemption:read',
  'benefit:redemption:write',
  'stats:overview:read',
  'user:view:read',
  'user:badge:read',
  'log:operation:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Partner API-key scopes (seed 001 §6.2); `*` grants all of them. */
export const API_KEY_SCOPES = [
  'read:badges',
  'read:users',
  'write:redemption',
  'read:redemption',
  'read:grants',
  '*',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
