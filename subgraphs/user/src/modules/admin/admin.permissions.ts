import { allow, isKind, isService, type IRules } from '@badge/service-kit';

export const adminPermissions: IRules = {
  // Any signed-in admin, even a PENDING one: they see their own status.
  // adminAccess: only the gateway itself, with its service identity.
  Query: { me: isKind('admin'), adminAccess: isService('gateway') },
  // Reached only through the two guarded fields above.
  AdminProfile: allow,
  AdminAccess: allow,
};
