// DLQ replay: re-drives messages from the DLQ to the topic they came from (after the bug or the
// outage that sent them there is fixed). Generic over topics and consumers.
//
// - Reads the DLQ from the replay group's committed offsets up to the end offsets captured at the
//   start (messages arriving meanwhile wait for the next run), so each DLQ message is replayed at
//   most once per replay group (`groupId`); `dryRun` only lists and commits nothing.
// - Filters on the DLQ headers: original topic, consumer group, error class, failure time, key.
// - Produces the original key and value to `x-original-topic` (or `targetTopic`) with the
//   original headers (the DLQ's own `x-original-*`/`x-error-*` headers are removed) plus
//   `x-dlq-replayed-from` (`<dlq topic>/<partition>/<offset>`) and `x-dlq-replayed-at`.
// - Consumers dedupe by event id (inbox), so replaying a message that was in fact processed is a
//   no-op.
// - A message that matches but cannot be re-driven (no `x-original-topic` and no `targetTopic`)
//   counts as failed and is passed; a failed produce stops the run before that message (it stays
//   in the DLQ for the next run). Either way, and on a timeout, the result says what was done
//   (`failed`, `error`) instead of throwing, so a caller (the CLI, the console's mutation) can
//   report the partial progress that was committed.
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { DEFAULT_DLQ_TOPIC, DLQ_HEADERS } from './consumer.js';
import { readGroupBacklog } from './group-backlog.js';
import type { MessagePublisher } from './producer.js';
import { headersToRecord } from './tracing.js';
import { errorMessage } from './util.js';

/**
 * The replay group of the CLI when `--group` is not given, and of the console's replay: the DLQ
 * backlog shown in the console is counted from its committed offsets.
 */
export const DEFAULT_DLQ_REPLAY_GROUP = 'dlq-replay';

export const DLQ_REPLAY_HEADERS = {
  replayedFrom: 'x-dlq-replayed-from',
  replayedAt: 'x-dlq-replayed-at',
} as const;

export interface DlqReplayFilter {
  /** only messages that failed on this topic (`x-original-topic`) */
  originalTopic?: string;
  /** only messages of this consumer group (`x-consumer-group`) */
  consumerGroup?: string;
  /** only `poison` or only `exhausted` */
  errorClass?: 'poison' | 'exhausted';
  /** failed at or after / before (`x-failed-at`) */
  since?: Date;
  until?: Date;
  /** only this message key (user id) */
  key?: string;
}

export interface DlqReplayOptions {
  kafka: Kafka;
  producer: MessagePublisher;
  logger: Logger;
  /** Progress is committed for this group: a message is replayed once per group. */
  groupId: string;
  dlqTopic?: string;
  filter?: DlqReplayFilter;
  /** Produce here instead of each message's `x-original-topic`. */
  targetTopic?: string;
  /** List what would be replayed; produce and commit nothing. */
  dryRun?: boolean;
  /** Stop after replaying this many messages. */
  limit?: number;
  /** Give up waiting for the end of the DLQ after this long (default 60 s). */
  timeoutMs?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
}

export interface DlqReplayItem {
  partition: number;
  offset: string;
  key: string | null;
  originalTopic: string;
  errorClass: string;
  errorMessage: string;
  replayed: boolean;
}

export interface DlqReplayResult {
  scanned: number;
  replayed: number;
  /** did not match the filter (passed, not replayed) */
  skipped: number;
  /** matched but could not be re-driven: no original topic (passed), or the produce failed (kept) */
  failed: number;
  items: DlqReplayItem[];
  /** Why the run stopped early (a failed produce, the timeout); the counts above still hold. */
  error?: string;
}

const DLQ_ONLY = new Set<string>(Object.values(DLQ_HEADERS));

function matches(h: Record<string, string>, key: string | null, f: DlqReplayFilter): boolean {
  if (f.originalTopic && h[DLQ_HEADERS.originalTopic] !== f.originalTopic) return false;
  if (f.consumerGroup && h[DLQ_HEADERS.consumerGroup] !== f.consumerGroup) return false;
  if (f.errorClass && h[DLQ_HEADERS.errorClass] !== f.errorClass) return false;
  if (f.key !== undefined && key !== f.key) return false;
  const failedAt = Date.parse(h[DLQ_HEADERS.failedAt] ?? '');
  if (f.since && !(failedAt >= f.since.getTime())) return false;
  if (f.until && !(failedAt < f.until.getTime())) return false;
  return true;
}

/** Original headers of a DLQ message (raw values kept), without the DLQ's own headers. */
function replayHeaders(message: KafkaMessage, from: string): IHeaders {
  const out: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!DLQ_ONLY.has(name) && value !== undefined) out[name] = value;
  }
  out[DLQ_REPLAY_HEADERS.replayedFrom] = from;
  out[DLQ_REPLAY_HEADERS.replayedAt] = new Date().toISOString();
  return out;
}

export async function replayDlq(options: DlqReplayOptions): Promise<DlqReplayResult> {
  const dlqTopic = options.dlqTopic ?? DEFAULT_DLQ_TOPIC;
  const filter = options.filter ?? {};
  const log = options.logger.child({ component: 'dlq-replay', groupId: options.groupId, dlqTopic });
  const result: DlqReplayResult = { scanned: 0, replayed: 0, skipped: 0, failed: 0, items: [] };

  // Where to stop (end offsets now) and where we are (the group's committed offsets).
  const admin = options.kafka.admin();
  await admin.connect();
  let end: Map<number, bigint>;
  let pending: number[];
  try {
    const [backlog] = await readGroupBacklog(admin, options.groupId, [dlqTopic]);
    const partitions = backlog?.partitions ?? [];
    end = new Map(partitions.map((p) => [p.partition, p.high]));
    pending = partitions.filter((p) => p.backlog > 0n).map((p) => p.partition);
  } finally {
    await admin.disconnect();
  }
  if (pending.length === 0) {
    log.info('nothing to replay');
    return result;
  }

  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
    ...(options.sessionTimeout !== undefined ? { sessionTimeout: options.sessionTimeout } : {}),
    ...(options.heartbeatInterval !== undefined
      ? { heartbeatInterval: options.heartbeatInterval }
      : {}),
  });
  const remaining = new Set(pending);
  let finish!: () => void;
  let fail!: (err: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  let limitReached = false;
  let stopped = false;

  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        try {
          const high = end.get(batch.partition) ?? 0n;
          for (const message of batch.messages) {
            if (!payload.isRunning() || limitReached || stopped) break;
            const offset = BigInt(message.offset);
            if (offset >= high) {
              remaining.delete(batch.partition);
              break;
            }
            result.scanned++;
            const headers = headersToRecord(message.headers);
            const key = message.key === null ? null : message.key.toString('utf8');
            const target = options.targetTopic ?? headers[DLQ_HEADERS.originalTopic];
            const wanted = matches(headers, key, filter) && Boolean(target);
            const item: DlqReplayItem = {
              partition: batch.partition,
              offset: message.offset,
              key,
              originalTopic: headers[DLQ_HEADERS.originalTopic] ?? '',
              errorClass: headers[DLQ_HEADERS.errorClass] ?? '',
              errorMessage: headers[DLQ_HEADERS.errorMessage] ?? '',
              replayed: false,
            };
            const unroutable = !target && matches(headers, key, filter);
            if (wanted && !options.dryRun) {
              try {
                await options.producer.send(target!, [
                  {
                    key: message.key,
                    value: message.value,
                    headers: replayHeaders(
                      message,
                      `${dlqTopic}/${batch.partition}/${message.offset}`,
                    ),
                  },
                ]);
              } catch (err) {
                // Not committed: the message stays in the DLQ for the next run.
                result.failed++;
                result.items.push(item);
                result.error = `could not produce to ${target}: ${errorMessage(err)}`;
                log.warn({ err, partition: batch.partition, offset: message.offset }, result.error);
                stopped = true;
                break;
              }
              item.replayed = true;
              result.replayed++;
            } else if (unroutable) {
              result.failed++;
              log.warn(
                { partition: batch.partition, offset: message.offset },
                'DLQ message without an original topic: passed, not replayed',
              );
            } else {
              result.skipped++;
            }
            result.items.push(item);
            if (!options.dryRun) {
              await payload.commitOffsetsIfNecessary({
                topics: [
                  {
                    topic: batch.topic,
                    partitions: [{ partition: batch.partition, offset: String(offset + 1n) }],
                  },
                ],
              });
            }
            payload.resolveOffset(message.offset);
            if (offset + 1n >= high) remaining.delete(batch.partition);
            if (options.limit !== undefined && result.replayed >= options.limit)
              limitReached = true;
            await payload.heartbeat();
          }
          if (remaining.size === 0 || limitReached || stopped) finish();
        } catch (err) {
          fail(err);
          throw err;
        }
      },
    });
    const timeout = setTimeout(() => {
      result.error = `DLQ replay did not reach the end of ${dlqTopic} in time`;
      stopped = true;
      finish();
    }, options.timeoutMs ?? 60_000);
    try {
      await finished;
    } finally {
      clearTimeout(timeout);
    }
  } finally {
    await consumer.disconnect();
  }
  log.info(
    {
      scanned: result.scanned,
      replayed: result.replayed,
      skipped: result.skipped,
      failed: result.failed,
      ...(result.error ? { error: result.error } : {}),
    },
    options.dryRun ? 'DLQ replay dry run done' : 'DLQ replay done',
  );
  return result;
}
