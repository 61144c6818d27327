import { allow, type IRules } from '@badge/service-kit';
import { perm } from '../../auth.js';

const read = perm('system:role:read');
const write = perm('system:role:write');

export const rolePermissions: IRules = {
  Query: { roles: read, role: read, permissions: read },
  Mutation: { createRole: write, updateRole: write, deleteRole: write },
  // Reached only through the guarded fields above (and AdminUser.roles, guarded there).
  Role: allow,
  Permission: allow,
  RolePayload: allow,
};
