import type { UserContext } from '../../context.js';
import type { TApiKeysArgs, TCreateApiKeyInput, TUpdateApiKeyInput } from './api-key.service.js';

type IdArgs = { id: string };

export const apiKeyResolvers = {
  Query: {
    apiKeys: (_: unknown, args: TApiKeysArgs, ctx: UserContext) => ctx.apiKeys.list(args),
    apiKey: (_: unknown, args: IdArgs, ctx: UserContext) => ctx.apiKeys.get(args.id),
    apiKeyAccess: (_: unknown, args: { keyHash: string }, ctx: UserContext) =>
      ctx.apiKeys.access(args.keyHash),
  },
  Mutation: {
    createApiKey: (_: unknown, args: { input: TCreateApiKeyInput }, ctx: UserContext) =>
      ctx.apiKeys.create(ctx.identity, args.input),
    regenerateApiKey: (_: unknown, args: IdArgs, ctx: UserContext) =>
      ctx.apiKeys.regenerate(ctx.identity, args.id),
    updateApiKey: async (_: unknown, args: { input: TUpdateApiKeyInput }, ctx: UserContext) => ({
      apiKey: await ctx.apiKeys.update(ctx.identity, args.input),
    }),
    setApiKeyEnabled: async (
      _: unknown,
      args: { id: string; isEnabled: boolean },
      ctx: UserContext,
    ) => ({ apiKey: await ctx.apiKeys.setEnabled(ctx.identity, args.id, args.isEnabled) }),
    expireApiKey: async (_: unknown, args: IdArgs, ctx: UserContext) => ({
      apiKey: await ctx.apiKeys.expire(ctx.identity, args.id),
    }),
    deleteApiKey: async (_: unknown, args: IdArgs, ctx: UserContext) => ({
      apiKey: await ctx.apiKeys.delete(ctx.identity, args.id),
    }),
  },
};
