import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  CONTENT_TYPES,
  createEvent,
  encodeEvent,
  EngagementEventSchema,
  HEADERS,
  OperationRecordedSchema,
  timestampFromDate,
  toAttributes,
  toOutboxRecord,
  TOPICS,
  TransactionEventSchema,
  TransactionType,
  type AttributePlain,
} from '@badge/proto';
import {
  AppError,
  operationRecorded,
  parseInput,
  type Identity,
  type Logger,
} from '@badge/service-kit';
import { CONSUMER_GROUPS, type ConsumerGroupTopics } from './consumer-groups.js';
import type { PipelineAdminRepository } from './pipeline.repository.js';

const SERVICE = 'rule-subgraph';
/** The largest value of a GraphQL Int; a larger backlog is shown as this. */
const MAX_INT = 2_147_483_647;

export interface GroupTopicBacklog {
  groupId: string;
  topic: string;
  /** messages the group has not consumed yet */
  backlog: number;
}

export interface DeadLetterReplay {
  replayed: number;
  failed: number;
  /** why the run stopped early (partial progress above is committed) */
  error?: string;
}

/**
 * What the pipeline service needs from Kafka (the adapter is pipeline.kafka.ts; unit tests fake
 * it). Both methods may reject when Kafka cannot be reached.
 */
export interface PipelineKafka {
  /** One backlog per group and topic, from the broker's offsets (no consumer joins). */
  backlogs(groups: readonly ConsumerGroupTopics[]): Promise<GroupTopicBacklog[]>;
  /** The DLQ replay (`@badge/kafka` replayDlq) with `groupId`, up to `limit` messages. */
  replayDeadLetters(options: { groupId: string; limit: number }): Promise<DeadLetterReplay>;
  /** Produces one message; resolves once the broker acknowledged it. */
  produce(
    topic: string,
    message: { key: string; value: Uint8Array; headers: Record<string, string> },
  ): Promise<void>;
}

export interface PipelineStatusDto {
  deadLetters: number;
  consumerLag: { groupId: string; topic: string; lag: number }[];
  kafkaReachable: boolean;
  checkedAt: string;
}

export interface ReplayDeadLettersDto {
  replayed: number;
  failed: number;
}

export const ZReplayLimit = z
  .number()
  .int()
  .min(1, 'must be at least 1')
  .max(1000, 'must be at most 1000');

const ZAttributes = z
  .string()
  .max(4000)
  .transform((text, ctx): Record<string, AttributePlain> => {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return value as Record<string, AttributePlain>;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
    return z.NEVER;
  });

export const ZTestEventInput = z
  .object({
    userId: z.string().trim().min(1).max(128),
    type: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower snake_case, starting with a letter')
      .refine(
        (t) => t !== 'refund',
        'refunds need the purchase they refund: send them from the app',
      ),
    amount: z.number().int().min(1).max(1_000_000_000).nullish(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY')
      .nullish(),
    attributes: ZAttributes.nullish(),
    occurredAt: z.iso.datetime({ offset: true }).nullish(),
  })
  .refine((e) => e.type !== 'purchase' || e.amount, {
    path: ['amount'],
    message: 'a purchase needs an amount',
  });

export interface TestEventDto {
  eventId: string;
  topic: string;
}

class DeadlineError extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer from Kafka in ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The event pipeline for the console: dead letters and consumer lag (read-only, bounded in time,
 * Kafka down is an answer and not an error), and the dead-letter replay (one at a time per
 * process, audited in the operation log).
 */
export function createPipelineService(deps: {
  kafka: PipelineKafka;
  repository: PipelineAdminRepository;
  logger: Logger;
  /** The replay tool's group: dead letters are counted from, and replayed with, its offsets. */
  replayGroupId: string;
  /** pipelineStatus answers within this (ms) whatever Kafka does. */
  statusTimeoutMs: number;
  groups?: readonly ConsumerGroupTopics[];
  now?: () => Date;
}) {
  const log = deps.logger.child({ component: 'pipeline' });
  const groups = deps.groups ?? CONSUMER_GROUPS;
  const now = deps.now ?? (() => new Date());
  const clamp = (n: number) => Math.min(Math.max(0, Math.trunc(n)), MAX_INT);
  let replaying = false;

  return {
    async status(): Promise<PipelineStatusDto> {
      const checkedAt = now().toISOString();
      const dlq = { groupId: deps.replayGroupId, topics: [TOPICS.DLQ] };
      try {
        const backlogs = await withDeadline(
          deps.kafka.backlogs([dlq, ...groups]),
          deps.statusTimeoutMs,
        );
        const isDlq = (b: GroupTopicBacklog) => b.groupId === dlq.groupId && b.topic === TOPICS.DLQ;
        return {
          deadLetters: clamp(backlogs.filter(isDlq).reduce((n, b) => n + b.backlog, 0)),
          consumerLag: backlogs
            .filter((b) => !isDlq(b))
            .map((b) => ({ groupId: b.groupId, topic: b.topic, lag: clamp(b.backlog) })),
          kafkaReachable: true,
          checkedAt,
        };
      } catch (err) {
        log.warn({ err }, 'pipeline status: Kafka could not be reached');
        return { deadLetters: 0, consumerLag: [], kafkaReachable: false, checkedAt };
      }
    },

    async replayDeadLetters(identity: Identity, limit: unknown): Promise<ReplayDeadLettersDto> {
      const max = parseInput(ZReplayLimit, limit, 'limit');
      if (replaying) throw new AppError('CONFLICT', 'a dead-letter replay is already running');
      replaying = true;
      let result: DeadLetterReplay;
      try {
        result = await deps.kafka.replayDeadLetters({ groupId: deps.replayGroupId, limit: max });
      } catch (err) {
        log.warn({ err }, 'dead-letter replay: Kafka could not be reached');
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          'Kafka could not be reached',
          {},
          { cause: err },
        );
      } finally {
        replaying = false;
      }
      const outcome = {
        limit: max,
        replayed: result.replayed,
        failed: result.failed,
        ...(result.error ? { error: result.error } : {}),
      };
      log.info(outcome, 'dead letters replayed from the console');
      // After the fact: the replay is not a database change, so there is no transaction to share.
      await deps.repository.recordOperation(
        toOutboxRecord(
          OperationRecordedSchema,
          operationRecorded(identity, {
            service: SERVICE,
            module: 'system',
            action: 'pipeline.replay',
            targetType: 'KafkaTopic',
            targetId: TOPICS.DLQ,
            after: outcome,
          }),
        ),
      );
      return { replayed: result.replayed, failed: result.failed };
    },

    /**
     * A sample event to Kafka, as the brand's app would send it (protobuf, keyed by user), so an
     * admin can watch a published rule work end to end. Audited like every console write.
     */
    async sendTestEvent(identity: Identity, raw: unknown): Promise<TestEventDto> {
      const input = parseInput(ZTestEventInput, raw, 'input');
      const eventId = `test-${randomUUID()}`;
      const occurredAt = timestampFromDate(input.occurredAt ? new Date(input.occurredAt) : now());
      const common = { eventId, userId: input.userId, occurredAt, source: 'console-test' };
      const message =
        input.type === 'purchase'
          ? {
              topic: TOPICS.TRANSACTION_EVENTS,
              value: encodeEvent(
                TransactionEventSchema,
                createEvent(TransactionEventSchema, {
                  ...common,
                  type: TransactionType.PURCHASE,
                  orderId: `order-${eventId}`,
                  amount: BigInt(input.amount ?? 0),
                  currency: input.currency ?? 'CNY',
                }),
              ),
            }
          : {
              topic: TOPICS.ENGAGEMENT_EVENTS,
              value: encodeEvent(
                EngagementEventSchema,
                createEvent(EngagementEventSchema, {
                  ...common,
                  type: input.type,
                  attributes: toAttributes(input.attributes ?? {}),
                }),
              ),
            };
      try {
        await deps.kafka.produce(message.topic, {
          key: input.userId,
          value: message.value,
          headers: { [HEADERS.CONTENT_TYPE]: CONTENT_TYPES.PROTOBUF, [HEADERS.EVENT_ID]: eventId },
        });
      } catch (err) {
        throw new AppError(
          'DEPENDENCY_UNAVAILABLE',
          'Kafka could not be reached',
          {},
          { cause: err },
        );
      }
      await deps.repository.recordOperation(
        toOutboxRecord(
          OperationRecordedSchema,
          operationRecorded(identity, {
            service: SERVICE,
            module: 'rule',
            action: 'rule.test_event',
            targetType: 'User',
            targetId: input.userId,
            after: { eventId, topic: message.topic, type: input.type },
          }),
        ),
      );
      return { eventId, topic: message.topic };
    },
  };
}
export type PipelineService = ReturnType<typeof createPipelineService>;
