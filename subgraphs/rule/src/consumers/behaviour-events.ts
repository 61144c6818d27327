import type { MessageHandler } from '@badge/kafka';
import type { Runtime } from '@badge/service-kit';
import { createEventHandler } from '@badge/service-kit/worker';
import type { InboxRepository } from './inbox.repository.js';

export const CONSUMER = 'rule-worker.behaviour-events';

/**
 * Engagement and transaction events → aggregates, rule evaluation, grant commands.
 * Foundation stage: events are decoded, validated (invalid → DLQ) and recorded exactly once in
 * the rule inbox; the domain effect is added to the `effect` below by the rule-domain issue.
 */
export function createBehaviourEventsHandler(deps: {
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
