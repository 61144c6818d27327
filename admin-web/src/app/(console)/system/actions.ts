'use server';

import { ConsoleReplayDeadLettersDocument } from '../../../graphql/generated/graphql';
import { toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';

export async function replayDeadLetters(): Promise<
  ActionResult<{ replayed: number; failed: number }>
> {
  return toActionResult(
    async () =>
      (await gatewayRequest(ConsoleReplayDeadLettersDocument, { limit: 100 })).replayDeadLetters,
  );
}
