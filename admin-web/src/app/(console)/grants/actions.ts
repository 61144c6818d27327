'use server';

import { z } from 'zod';
import {
  ConsoleBatchTaskFailureReportDocument,
  ConsoleCancelBatchTaskDocument,
  ConsoleCreateBatchTaskDocument,
  ConsoleRetryBatchTaskDocument,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zId } from '../../../server/input';

/** 5 MB, the badge service's own limit for a batch file. */
const MAX_CSV_CHARS = 5 * 1024 * 1024;

export async function createBatchTask(raw: unknown): Promise<ActionResult<{ id: string }>> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({
        type: z.enum(['GRANT', 'REVOKE']),
        badgeId: zId,
        reason: z.string().trim().min(1).max(500),
        quantity: z.number().int().min(1).max(1000).optional(),
        csv: z.string().min(1).max(MAX_CSV_CHARS),
        fileName: z.string().trim().max(255).optional(),
        allowDuplicateFile: z.boolean().optional(),
      }),
      raw,
    );
    const result = await gatewayRequest(ConsoleCreateBatchTaskDocument, { input });
    return { id: result.createBatchTask.task.id };
  });
}

export async function cancelBatchTask(id: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    await gatewayRequest(ConsoleCancelBatchTaskDocument, { id: parseActionInput(zId, id) });
    return null;
  });
}

export async function retryBatchTask(id: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    await gatewayRequest(ConsoleRetryBatchTaskDocument, { id: parseActionInput(zId, id) });
    return null;
  });
}

export async function batchFailureReport(id: unknown): Promise<ActionResult<string>> {
  return toActionResult(async () => {
    const { batchTask } = await gatewayRequest(ConsoleBatchTaskFailureReportDocument, {
      id: parseActionInput(zId, id),
    });
    return batchTask?.failureReportCsv ?? '';
  });
}
