import type { UserContext } from '../../context.js';
import type { TExportArgs, TOperationLogsArgs, TVerifyArgs } from './operation-log.service.js';

export const operationLogResolvers = {
  Query: {
    operationLogs: (_: unknown, args: TOperationLogsArgs, ctx: UserContext) =>
      ctx.operationLog.list(args),
    verifyOperationLog: (_: unknown, args: TVerifyArgs, ctx: UserContext) =>
      ctx.operationLog.verify(args),
    operationLogCsv: (_: unknown, args: TExportArgs, ctx: UserContext) =>
      ctx.operationLog.exportCsv(args),
  },
};
