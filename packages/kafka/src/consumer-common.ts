// What the per-message consumer (consumer.ts) and the batch consumer (batch-consumer.ts) share:
// their metrics (same names and labels, so dashboards and alerts cover both), the per-partition
// lag gauge, and the message handed to handlers.
import type { Batch, KafkaMessage } from 'kafkajs';
import type { Gauge, Registry } from 'prom-client';
import type { ConsumedMessage } from './consumer.js';
import { counter, gauge } from './metrics.js';
import { extractTraceContext, headersToRecord } from './tracing.js';

export function consumerMetrics(registry: Registry) {
  return {
    consumed: counter(registry, {
      name: 'kafka_messages_consumed_total',
      help: 'Messages consumed, by final outcome: ok (first attempt), retried (succeeded after retries), dlq',
      labelNames: ['topic', 'group', 'status'],
    }),
    retries: counter(registry, {
      name: 'kafka_message_retries_total',
      help: 'Handler attempts that failed and were retried',
      labelNames: ['topic', 'group'],
    }),
    lag: gauge(registry, {
      name: 'kafka_consumer_lag',
      help: 'High watermark minus the next offset to process, per partition',
      labelNames: ['topic', 'partition', 'group'],
    }),
    dlq: counter(registry, {
      name: 'kafka_dlq_messages_total',
      help: 'Messages written to the DLQ',
      labelNames: ['topic', 'group', 'error_class'],
    }),
    waiting: gauge(registry, {
      name: 'kafka_consumer_dependency_waits',
      help: 'Messages being retried without limit because the handler reports a dependency unavailable (e.g. the database is down): they wait in Kafka, not in the DLQ; at most one per partition or lane',
      labelNames: ['group'],
    }),
    dlqErrors: counter(registry, {
      name: 'kafka_dlq_write_errors_total',
      help: 'Failed DLQ writes (the message was not committed and will be redelivered)',
      labelNames: ['topic', 'group'],
    }),
  };
}

/**
 * One retry loop's share of kafka_consumer_dependency_waits: `set(true)` while its message waits
 * for an unavailable dependency, `set(false)` when it goes on (or ends, in a finally).
 */
export function dependencyWait(waiting: Gauge<'group'>, groupId: string) {
  let on = false;
  return {
    set(now: boolean): void {
      if (now === on) return;
      on = now;
      waiting.inc({ group: groupId }, now ? 1 : -1);
    },
  };
}

/** kafka_consumer_lag of one group's partitions; series of partitions it lost are removed. */
export function createLagTracker(lag: Gauge<'topic' | 'partition' | 'group'>, groupId: string) {
  const series = new Set<string>();
  const remove = (key: string) => {
    const [topic = '', partition = ''] = key.split('\0');
    lag.remove({ topic, partition, group: groupId });
    series.delete(key);
  };
  return {
    /** High watermark minus `next`, the next offset this member will process. */
    set(batch: Batch, next: bigint): void {
      const hw = BigInt(batch.highWatermark);
      lag.set(
        { topic: batch.topic, partition: String(batch.partition), group: groupId },
        hw > next ? Number(hw - next) : 0,
      );
      series.add(`${batch.topic}\0${batch.partition}`);
    },
    /** After a group join: keep only the partitions of the new assignment (others go stale). */
    retain(assignment: Record<string, number[]>): void {
      const assigned = new Set(
        Object.entries(assignment).flatMap(([topic, partitions]) =>
          partitions.map((p) => `${topic}\0${p}`),
        ),
      );
      for (const key of [...series]) if (!assigned.has(key)) remove(key);
    },
    clear(): void {
      for (const key of [...series]) remove(key);
    },
  };
}

/** The message as handlers see it: decoded key and headers, the trace context it carries. */
export function toConsumedMessage(
  batch: Batch,
  message: KafkaMessage,
  attempt: number,
): ConsumedMessage {
  const headers = headersToRecord(message.headers);
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value ?? Buffer.alloc(0),
    headers,
    timestamp: message.timestamp,
    attempt,
    traceContext: extractTraceContext(headers),
  };
}
