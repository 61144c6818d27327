import type { MessageHandler } from '@badge/kafka';
import type { Runtime } from '@badge/service-kit';
import { createEventHandler } from '@badge/service-kit/worker';
import type { InboxRepository } from './inbox.repository.js';

export const CONSUMER = 'badge-worker.grant-commands';

/**
 * Grant and revoke commands (from rules, the console, batches, redemptions) → user badges.
 * Foundation stage: events are decoded, validated (invalid → DLQ) and recorded exactly once in
 * the badge inbox; the domain effect is added to the `effect` below by the badge-domain issue.
 */
export function createGrantCommandsHandler(deps: {
  runtime: Runtime;
  inbox: InboxRepository;
}): MessageHandler {
  return createEventHandler({
    consumer: CONSUMER,
    logger: deps.runtime.logger,
    registry: deps.runtime.metrics.registry,
    process: (_event, entry) => deps.inbox.processOnce(entry, async () => {}),
  });
}
