'use server';

import {
  ConsoleOperationLogCsvDocument,
  ConsoleVerifyOperationLogDocument,
  type ConsoleVerifyOperationLogQuery,
} from '../../../graphql/generated/graphql';
import { toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { operationLogFilter } from './filter';

export async function verifyOperationLog(): Promise<
  ActionResult<ConsoleVerifyOperationLogQuery['verifyOperationLog']>
> {
  return toActionResult(
    async () => (await gatewayRequest(ConsoleVerifyOperationLogDocument)).verifyOperationLog,
  );
}

/** The filtered log as CSV (at most 10,000 rows), for the browser to save. */
export async function exportOperationLog(filter: unknown): Promise<ActionResult<string>> {
  return toActionResult(
    async () =>
      (
        await gatewayRequest(ConsoleOperationLogCsvDocument, {
          filter: operationLogFilter(filter),
          limit: 10_000,
        })
      ).operationLogCsv,
  );
}
