import { allow, type IRules } from '@badge/service-kit';
import { perm, service, kind } from '../../auth.js';

const read = perm('system:user:read');
const write = perm('system:user:write');

export const adminPermissions: IRules = {
  // me: any signed-in admin, even a PENDING one (they see their own status).
  // adminAccess: only the gateway itself, with its service identity.
  Query: {
    me: kind('admin'),
    adminAccess: service('gateway'),
    adminUsers: read,
    adminUser: read,
  },
  Mutation: { setAdminUserStatus: write, assignAdminRoles: write, provisionAdminUser: write },
  // Reached only through the guarded fields above.
  AdminProfile: allow,
  AdminAccess: allow,
  AdminUser: allow,
  AdminUserConnection: allow,
  AdminUserPayload: allow,
};
