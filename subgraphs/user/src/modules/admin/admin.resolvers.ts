import type { UserContext } from '../../context.js';
import type { TAdminAccessInput } from './admin.service.js';

export const adminResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: UserContext) => ctx.admins.me(ctx.identity),
    adminAccess: (_: unknown, args: TAdminAccessInput, ctx: UserContext) => ctx.admins.access(args),
  },
};
