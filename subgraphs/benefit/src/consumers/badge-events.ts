import type { MessageHandler } from '@badge/kafka';
import type { Runtime } from '@badge/service-kit';
import { createEventHandler } from '@badge/service-kit/worker';
import type { InboxRepository } from './inbox.repository.js';

export const CONSUMER = 'benefit-worker.badge-events';

/**
 * Badge granted/revoked events → auto-benefits and clawback.
 * Foundation stage: events are decoded, validated (invalid → DLQ) and recorded exactly once in
 * the benefit inbox; the domain effect is added to the `effect` below by the benefit-domain issue.
 */
export function createBadgeEventsHandler(deps: {
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
