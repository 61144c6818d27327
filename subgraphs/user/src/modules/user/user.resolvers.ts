import type { UserContext } from '../../context.js';
import type {
  TUpdateWallPreferenceInput,
  TUpsertUserInput,
  TUsersArgs,
  UserDto,
} from './user.service.js';

export const userResolvers = {
  Query: {
    user: (_: unknown, args: { id: string }, ctx: UserContext) => ctx.loaders.user.load(args.id),
    users: (_: unknown, args: TUsersArgs, ctx: UserContext) => ctx.users.search(args),
  },
  Mutation: {
    upsertUser: (_: unknown, args: { input: TUpsertUserInput }, ctx: UserContext) =>
      ctx.users.upsert(ctx.identity, args.input),
    updateWallPreference: async (
      _: unknown,
      args: { userId: string; input: TUpdateWallPreferenceInput },
      ctx: UserContext,
    ) => ({
      wallPreference: await ctx.users.updateWallPreference(ctx.identity, args.userId, args.input),
    }),
  },
  User: {
    __resolveReference: (ref: { id: string }, ctx: UserContext) => ctx.loaders.user.load(ref.id),
    wallPreference: (user: UserDto, _: unknown, ctx: UserContext) =>
      ctx.loaders.wallPreference.load(user.internalId),
  },
};
