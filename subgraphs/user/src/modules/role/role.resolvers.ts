import type { UserContext } from '../../context.js';
import type { TCreateRoleInput, TUpdateRoleInput } from './role.service.js';

export const roleResolvers = {
  Query: {
    roles: (_: unknown, __: unknown, ctx: UserContext) => ctx.roles.list(),
    role: (_: unknown, args: { id: string }, ctx: UserContext) => ctx.roles.get(args.id),
    permissions: (_: unknown, args: { module?: string | null }, ctx: UserContext) =>
      ctx.roles.permissions(args.module),
  },
  Mutation: {
    createRole: async (_: unknown, args: { input: TCreateRoleInput }, ctx: UserContext) => ({
      role: await ctx.roles.create(ctx.identity, args.input),
    }),
    updateRole: async (_: unknown, args: { input: TUpdateRoleInput }, ctx: UserContext) => ({
      role: await ctx.roles.update(ctx.identity, args.input),
    }),
    deleteRole: async (_: unknown, args: { id: string }, ctx: UserContext) => ({
      role: await ctx.roles.delete(ctx.identity, args.id),
    }),
  },
};
