import type { AuthContext, Identity } from '@badge/service-kit';
import type { Repositories } from './db.js';
import { createAdminService, type AdminService } from './modules/admin/admin.service.js';

export interface UserContext extends AuthContext {
  admins: AdminService;
}

export function createContextFactory(
  repositories: Repositories,
  options: { bootstrapSubjects: readonly string[] },
) {
  const admins = createAdminService(repositories.admins, options);
  return (identity: Identity): UserContext => ({ identity, admins });
}
