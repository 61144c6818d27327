import type { BadgeContext } from '../../context.js';
import type { BatchTaskDto } from './batch.service.js';

export const batchResolvers = {
  Query: {
    batchTask: (_: unknown, args: { id: unknown }, ctx: BadgeContext) => ctx.batches.get(args.id),
    batchTasks: (
      _: unknown,
      args: { filter?: Record<string, unknown> | null; first?: unknown; after?: unknown },
      ctx: BadgeContext,
    ) => ctx.batches.list({ ...args.filter, first: args.first, after: args.after }),
  },
  Mutation: {
    createBatchTask: async (_: unknown, args: { input: unknown }, ctx: BadgeContext) => ({
      task: await ctx.batches.create(ctx.identity, args.input),
    }),
    retryBatchTask: async (_: unknown, args: { id: unknown }, ctx: BadgeContext) => ({
      task: await ctx.batches.retry(ctx.identity, args.id),
    }),
    cancelBatchTask: async (_: unknown, args: { id: unknown }, ctx: BadgeContext) => ({
      task: await ctx.batches.cancel(ctx.identity, args.id),
    }),
  },
  BatchTask: {
    badge: (task: BatchTaskDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.badge.load(task.badgeId),
    failures: (task: BatchTaskDto, args: Record<string, unknown>, ctx: BadgeContext) =>
      ctx.batches.failures(task.id, args),
    failureReportCsv: (task: BatchTaskDto, _: unknown, ctx: BadgeContext) =>
      ctx.batches.failureReportCsv(task.id),
  },
};
