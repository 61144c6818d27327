import { AppError, type Identity } from '@badge/service-kit';
import { z } from 'zod';
import type { AdminRepository, AdminRow } from './admin.repository.js';

export const ZAdminAccessInput = z.object({
  subject: z.string().min(1).max(255),
  email: z.string().max(320).nullish(),
  name: z.string().max(255).nullish(),
});
export type TAdminAccessInput = z.input<typeof ZAdminAccessInput>;

export interface AdminAccessDto {
  status: AdminRow['status'];
  roles: string[];
  permissions: string[];
}

export function createAdminService(
  repository: AdminRepository,
  options: { bootstrapSubjects: readonly string[] },
) {
  return {
    /**
     * The gateway's lookup on sign-in. Unknown subjects are registered PENDING (no permissions)
     * — or ACTIVE super admins when listed in ADMIN_BOOTSTRAP_SUBJECTS — so an operator can see
     * who is waiting for access. A disabled admin keeps no permissions.
     */
    async access(input: TAdminAccessInput): Promise<AdminAccessDto> {
      const parsed = ZAdminAccessInput.safeParse(input);
      if (!parsed.success) throw new AppError('BAD_USER_INPUT', 'invalid admin access request');
      const { subject, email, name } = parsed.data;
      const existing = await repository.findBySubject(subject);
      const isBootstrap = options.bootstrapSubjects.includes(subject);
      const admin =
        existing ??
        (await repository.register({
          subject,
          ...(email ? { email } : {}),
          ...(name ? { name } : {}),
          status: isBootstrap ? 'ACTIVE' : 'PENDING',
          roleCodes: isBootstrap ? ['super_admin'] : [],
        }));
      const active = admin.status === 'ACTIVE';
      return {
        status: admin.status,
        roles: active ? admin.roles : [],
        permissions: active ? admin.permissions : [],
      };
    },

    async me(identity: Identity) {
      if (identity.kind !== 'admin') return null;
      const admin = await repository.findBySubject(identity.subject);
      if (!admin) return null;
      return {
        id: admin.id,
        subject: admin.oidcSubject,
        email: admin.email,
        name: admin.name,
        status: admin.status,
        roles: admin.roles,
        permissions: admin.status === 'ACTIVE' ? admin.permissions : [],
        createdAt: admin.createdAt.toISOString(),
      };
    },
  };
}
export type AdminService = ReturnType<typeof createAdminService>;
