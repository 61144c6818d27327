import { inMessageSpan, type BatchHandler, type ConsumedMessage } from '@badge/kafka';
import { messageIdOf, type DecodedEvent } from '@badge/proto';
import { Counter, Histogram, type Logger, type Registry } from '@badge/service-kit';
import { decodeMessage, type InboxEntry } from '@badge/service-kit/worker';
import { AfterCommit } from '../shared/after-commit.js';
import {
  SequentialPathNeeded,
  type BadgeCommand,
  type BatchCommand,
  type BatchOutcome,
  type GrantBatchService,
} from '../modules/user-badge/grant-batch.service.js';
import type { InboxRepository } from './inbox.repository.js';

export const CONSUMER = 'badge-worker.grant-commands';

/** A committed batch: which commands were new, what was applied, how, and what runs after. */
interface Committed {
  fresh: ReadonlySet<string>;
  outcome: BatchOutcome;
  after: AfterCommit;
  transaction: 'sql' | 'prisma' | 'prisma_after_sql';
}

/** A decoded message of the commands topic; `command` is null for a type we do not handle. */
export interface PreparedCommand {
  eventType: DecodedEvent['type'];
  messageId: string;
  command: BadgeCommand | null;
}

function toCommand(event: DecodedEvent): BadgeCommand | null {
  switch (event.type) {
    case 'badge.grant.command.v1':
      return { type: 'grant', message: event.message };
    case 'badge.revoke.command.v1':
      return { type: 'revoke', message: event.message };
    case 'badge.consume.command.v1':
      return { type: 'consume', message: event.message };
    case 'badge.restore.command.v1':
      return { type: 'restore', message: event.message };
    default:
      return null;
  }
}

const LATENCY = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function getOrCreate<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

/** The consumer's metrics (created once per registry). */
function commandMetrics(registry: Registry) {
  return {
    // same name, labels and help as the service kit's createEventHandler
    eventsProcessed: getOrCreate(
      registry,
      'events_processed_total',
      () =>
        new Counter<'consumer' | 'event_type' | 'outcome'>({
          name: 'events_processed_total',
          help: 'Events handled by domain consumers, by outcome (processed, duplicate)',
          labelNames: ['consumer', 'event_type', 'outcome'],
          registers: [registry],
        }),
    ),
    applied: getOrCreate(
      registry,
      'badge_commands_applied_total',
      () =>
        new Counter<'path'>({
          name: 'badge_commands_applied_total',
          help: 'New commands applied, by path: set (set-based batch writes) or sequential (one by one through the grant service)',
          labelNames: ['path'],
          registers: [registry],
        }),
    ),
    batches: getOrCreate(
      registry,
      'badge_command_batches_total',
      () =>
        new Counter<'transaction'>({
          name: 'badge_command_batches_total',
          help: 'Committed batches of the grant-commands consumer, by transaction: sql (every command set-based, plain SQL), prisma (some command needs the grant service), prisma_after_sql (the plain SQL attempt found one and was rolled back first)',
          labelNames: ['transaction'],
          registers: [registry],
        }),
    ),
    processing: getOrCreate(
      registry,
      'badge_command_processing_seconds',
      () =>
        new Histogram<'event_type'>({
          name: 'badge_command_processing_seconds',
          help: 'Per command: from the worker picking up its batch to the batch transaction commit',
          labelNames: ['event_type'],
          buckets: LATENCY,
          registers: [registry],
        }),
    ),
    latency: getOrCreate(
      registry,
      'badge_command_latency_seconds',
      () =>
        new Histogram<'event_type'>({
          name: 'badge_command_latency_seconds',
          help: 'Per command: from its Kafka timestamp (producer/broker) to the commit of its effect',
          labelNames: ['event_type'],
          buckets: LATENCY,
          registers: [registry],
        }),
    ),
  };
}

/**
 * Grant and revoke commands (from rules, cascades, the console's batch) and the redemption saga's
 * consume/restore commands → user badges, exactly once, a batch at a time:
 * one transaction per batch holds the inbox rows (consumer, command id; a redelivered command is
 * left out), the effects of the new commands (the grant batch service: set-based where it can,
 * else one command at a time through the grant service, each in a savepoint) and their outbox
 * rows. A business refusal (sold out, cap reached, not published, …) is recorded — log,
 * `badge_grant_rejections_total{reason}`, cascade log — and committed with the inbox row: it is
 * neither retried nor sent to the DLQ. Any other error is thrown, so the consumer retries the
 * batch and, if it keeps failing, splits it so only the bad message goes to the DLQ. Invalid
 * messages are DLQ-ed as poison by `prepare`.
 */
export function createGrantCommandsHandler(deps: {
  logger: Logger;
  registry: Registry;
  inbox: InboxRepository;
  grantBatches: GrantBatchService;
  /** Wakes the outbox relay after a commit that wrote outbox rows. */
  notifyOutbox: () => void;
  /** Consumer group / inbox consumer name. */
  consumer?: string;
}): BatchHandler<PreparedCommand> {
  const consumer = deps.consumer ?? CONSUMER;
  const metrics = commandMetrics(deps.registry);
  const log = deps.logger.child({ component: 'grant-commands' });

  return {
    prepare(message: ConsumedMessage): PreparedCommand {
      const event = decodeMessage(message); // invalid → PoisonMessageError → DLQ
      return {
        eventType: event.type,
        messageId: messageIdOf(event.message),
        command: toCommand(event),
      };
    },

    async process(items, { receivedAt }) {
      // first delivery of each command id in the batch (a duplicate inside it is a no-op)
      const seen = new Set<string>();
      const unique = items.filter(
        ({ item }) => !seen.has(item.messageId) && seen.add(item.messageId),
      );
      const entries: InboxEntry[] = unique.map(({ item, message }) => ({
        consumer,
        messageId: item.messageId,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      }));
      const commands = new Map<string, BatchCommand>();
      for (const { item, message } of unique)
        if (item.command)
          commands.set(item.messageId, {
            command: item.command,
            inContext: (fn) => inMessageSpan(message, consumer, fn),
          });
      const freshOf = (fresh: ReadonlySet<string>) =>
        [...commands].filter(([id]) => fresh.has(id)).map(([, command]) => command);

      // Plain SQL when every command may take the set-based path (the common case); the Prisma
      // transaction (grant service) when one may not, or when the batch's reads show one does not.
      const allSetBased = async (): Promise<Committed | undefined> => {
        const after = new AfterCommit();
        try {
          return await deps.inbox.processBatchOnceSql(entries, async (sql, fresh) => ({
            fresh,
            outcome: await deps.grantBatches.applyAllSetBased(sql, freshOf(fresh), after),
            after,
            transaction: 'sql' as const,
          }));
        } catch (err) {
          if (err instanceof SequentialPathNeeded) return undefined; // rolled back: nothing written
          throw err;
        }
      };
      const throughGrantService = (transaction: Committed['transaction']): Promise<Committed> => {
        const after = new AfterCommit();
        return deps.inbox.processBatchOnce(entries, async (tx, fresh) => ({
          fresh,
          outcome: await deps.grantBatches.applyCommands(tx, freshOf(fresh), after),
          after,
          transaction,
        }));
      };
      const { fresh, outcome, after, transaction } = deps.grantBatches.mayAllBeSetBased([
        ...commands.values(),
      ])
        ? ((await allSetBased()) ?? (await throughGrantService('prisma_after_sql')))
        : await throughGrantService('prisma');
      for (const { item } of unique)
        if (!item.command && fresh.has(item.messageId))
          // another type on the commands topic: nothing to do, but its inbox row says it was seen
          log.warn(
            { eventType: item.eventType },
            'unexpected event type on the grant commands topic',
          );

      // committed: metrics, then wake the relay (the consumer commits the offsets after this)
      after.run();
      if (after.hasOutboxRows) deps.notifyOutbox();
      metrics.batches.inc({ transaction });
      if (outcome.fast) metrics.applied.inc({ path: 'set' }, outcome.fast);
      if (outcome.sequential) metrics.applied.inc({ path: 'sequential' }, outcome.sequential);
      const now = Date.now();
      const counted = new Set<string>();
      for (const { item, message } of items) {
        const processed = fresh.has(item.messageId) && !counted.has(item.messageId);
        if (processed) counted.add(item.messageId); // an in-batch duplicate counts as duplicate
        metrics.eventsProcessed.inc({
          consumer,
          event_type: item.eventType,
          outcome: processed ? 'processed' : 'duplicate',
        });
        metrics.processing.observe({ event_type: item.eventType }, (now - receivedAt) / 1000);
        const ts = Number(message.timestamp);
        if (Number.isFinite(ts) && ts > 0)
          metrics.latency.observe({ event_type: item.eventType }, Math.max(0, now - ts) / 1000);
      }
      log.debug(
        {
          messages: items.length,
          processed: counted.size,
          ...outcome,
          transaction,
          ms: now - receivedAt,
        },
        'batch committed',
      );
    },
  };
}
