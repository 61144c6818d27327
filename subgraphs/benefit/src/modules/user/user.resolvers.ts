import type { BenefitContext } from '../../context.js';

type Args = Record<string, unknown>;

export const userResolvers = {
  Query: {
    benefitUser: (_: unknown, args: { userId: string }) => ({ id: args.userId }),
  },
  User: {
    // Any id is a user to this subgraph: the user domain owns who exists.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    benefitGrants: (user: { id: string }, args: Args, ctx: BenefitContext) =>
      ctx.grants.listForUser(user.id, args),
    redemptions: (user: { id: string }, args: Args, ctx: BenefitContext) =>
      ctx.redemptions.listForUser(user.id, args),
  },
};
