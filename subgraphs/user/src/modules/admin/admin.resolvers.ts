import type { UserContext } from '../../context.js';
import type {
  AdminUserDto,
  TAdminAccessInput,
  TAdminUsersArgs,
  TAssignAdminRolesInput,
  TProvisionAdminUserInput,
  TSetAdminUserStatusInput,
} from './admin.service.js';

export const adminResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: UserContext) => ctx.admins.me(ctx.identity),
    adminAccess: (_: unknown, args: TAdminAccessInput, ctx: UserContext) =>
      ctx.admins.access(ctx.identity, args),
    adminUsers: (_: unknown, args: TAdminUsersArgs, ctx: UserContext) => ctx.admins.list(args),
    adminUser: (_: unknown, args: { id: string }, ctx: UserContext) => ctx.admins.get(args.id),
  },
  Mutation: {
    setAdminUserStatus: async (
      _: unknown,
      args: { input: TSetAdminUserStatusInput },
      ctx: UserContext,
    ) => ({ adminUser: await ctx.admins.setStatus(ctx.identity, args.input) }),
    assignAdminRoles: async (
      _: unknown,
      args: { input: TAssignAdminRolesInput },
      ctx: UserContext,
    ) => ({ adminUser: await ctx.admins.assignRoles(ctx.identity, args.input) }),
    provisionAdminUser: async (
      _: unknown,
      args: { input: TProvisionAdminUserInput },
      ctx: UserContext,
    ) => ({ adminUser: await ctx.admins.provision(ctx.identity, args.input) }),
  },
  AdminUser: {
    roles: async (admin: AdminUserDto, _: unknown, ctx: UserContext) =>
      (await ctx.loaders.role.loadMany(admin.roleIds)).filter(
        (r): r is NonNullable<typeof r> => r !== null && !(r instanceof Error),
      ),
  },
};
