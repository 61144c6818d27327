import type { MessageHandler } from '@badge/kafka';
import type { Runtime } from '@badge/service-kit';
import { createEventHandler } from '@badge/service-kit/worker';
import type { InboxRepository } from './inbox.repository.js';

export const CONSUMER = 'user-worker.notification-events';

/**
 * Badge and benefit events → user notifications (in-app, webhook, email/SMS).
 * Foundation stage: events are decoded, validated (invalid → DLQ) and recorded exactly once in
 * the user inbox; the domain effect is added to the `effect` below by the user-domain issue.
 */
export function createNotificationEventsHandler(deps: {
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
