import { TOPICS } from '@badge/proto';

export interface ConsumerGroupTopics {
  groupId: string;
  topics: readonly string[];
}

/**
 * The platform's consumer groups and the topics each consumes (docs/runbook.md "Consumer lag").
 * The workers own these ids (each worker's `CONSUMER` constant); subgraphs do not import each
 * other, so they are listed here, and pipeline.int.test.ts checks them against the workers' code.
 */
export const CONSUMER_GROUPS: readonly ConsumerGroupTopics[] = [
  {
    groupId: 'rule-worker.behaviour-events',
    topics: [TOPICS.ENGAGEMENT_EVENTS, TOPICS.TRANSACTION_EVENTS],
  },
  { groupId: 'badge-worker.grant-commands', topics: [TOPICS.GRANT_COMMANDS] },
  { groupId: 'benefit-worker.badge-events', topics: [TOPICS.BADGE_EVENTS] },
  {
    groupId: 'user-worker.notification-events',
    topics: [TOPICS.BADGE_EVENTS, TOPICS.BENEFIT_EVENTS, TOPICS.NOTIFICATIONS],
  },
  { groupId: 'user-worker.operation-log', topics: [TOPICS.AUDIT_EVENTS] },
];
