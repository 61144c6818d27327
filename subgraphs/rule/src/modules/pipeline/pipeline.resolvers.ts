import type { RuleContext } from '../../context.js';

export const pipelineResolvers = {
  Query: {
    pipelineStatus: (_: unknown, __: unknown, ctx: RuleContext) => ctx.pipeline().status(),
  },
  Mutation: {
    replayDeadLetters: (_: unknown, args: { limit?: unknown }, ctx: RuleContext) =>
      ctx.pipeline().replayDeadLetters(ctx.identity, args.limit),
    sendTestEvent: (_: unknown, args: { input: unknown }, ctx: RuleContext) =>
      ctx.pipeline().sendTestEvent(ctx.identity, args.input),
  },
};
