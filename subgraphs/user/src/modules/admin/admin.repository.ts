import type { AdminUserStatus, PrismaClient } from '@badge/db';

export interface AdminRow {
  id: string;
  oidcSubject: string;
  email: string | null;
  name: string | null;
  status: AdminUserStatus;
  createdAt: Date;
  roles: string[];
  permissions: string[];
}

const include = {
  roles: { include: { role: { include: { permissions: { include: { permission: true } } } } } },
} as const;

export function createAdminRepository(prisma: PrismaClient) {
  const toRow = (admin: {
    id: string;
    oidcSubject: string;
    email: string | null;
    name: string | null;
    status: AdminUserStatus;
    createdAt: Date;
    roles: { role: { code: string; permissions: { permission: { code: string } }[] } }[];
  }): AdminRow => ({
    id: admin.id,
    oidcSubject: admin.oidcSubject,
    email: admin.email,
    name: admin.name,
    status: admin.status,
    createdAt: admin.createdAt,
    roles: admin.roles.map((r) => r.role.code).sort(),
    permissions: [
      ...new Set(admin.roles.flatMap((r) => r.role.permissions.map((p) => p.permission.code))),
    ].sort(),
  });

  return {
    async findBySubject(subject: string): Promise<AdminRow | null> {
      const admin = await prisma.adminUser.findUnique({ where: { oidcSubject: subject }, include });
      return admin ? toRow(admin) : null;
    },
    /**
     * Registers an admin on first sign-in (idempotent under concurrent sign-ins: the unique
     * subject decides), optionally active with the given roles.
     */
    async register(input: {
      subject: string;
      email?: string;
      name?: string;
      status: AdminUserStatus;
      roleCodes: string[];
    }): Promise<AdminRow> {
      const admin = await prisma.adminUser.upsert({
        where: { oidcSubject: input.subject },
        update: {},
        create: {
          oidcSubject: input.subject,
          email: input.email ?? null,
          name: input.name ?? null,
          status: input.status,
          roles: {
            create: input.roleCodes.map((code) => ({
              role: { connect: { code } },
              assignedBy: 'bootstrap',
            })),
          },
        },
        include,
      });
      return toRow(admin);
    },
  };
}
export type AdminRepository = ReturnType<typeof createAdminRepository>;
