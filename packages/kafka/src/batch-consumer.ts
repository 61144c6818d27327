// A pipelined batch consumer with the delivery contract of createConsumer (consumer.ts), used by
// the rule worker (behaviour events) and the badge worker (grant commands).
//
// Why not createConsumer: one transaction and one offset commit per message caps a worker at a
// few hundred events/s. Here:
// - fetching and processing overlap: a fetched batch is decoded, queued and marked as fetched
//   (kafkajs' in-memory position), and the next fetch starts while the queue is processed;
// - the queue is processed in order by one loop per lane that hands the chunks of all partitions
//   waiting at that moment to `process` together (one transaction for many partitions: group
//   commit);
// - offsets are committed to Kafka only after that transaction committed (and after the DLQ
//   writes of the chunk's poison messages): at-least-once, effects exactly once through the inbox.
//
// Failures:
// - poison messages (`prepare` throws PoisonMessageError: undecodable, invalid) go to the DLQ at
//   once with the contract's headers; the partition keeps flowing;
// - a failing group is retried chunk by chunk with backoff; a chunk that keeps failing is retried
//   message by message, so one bad message is isolated and goes to the DLQ as `exhausted` after
//   `maxAttempts` while the others are processed;
// - a DLQ write or offset commit that fails for good crashes the consumer (onCrash): nothing
//   after the failure is committed, the restarted consumer redelivers it;
// - a rebalance drops what was queued for the old assignment (uncommitted: the partitions' new
//   owners redeliver it; the inbox makes that a no-op where it was processed).
//
// stop(): stop taking new batches, process and commit what is queued (a wait for an unavailable
// dependency ends at once and leaves its messages uncommitted, for the group's next member), leave
// the group.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Batch, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import {
  DEFAULT_DLQ_TOPIC,
  DLQ_HEADERS,
  DlqWriteError,
  isPoisonError,
  type ConsumedMessage,
  type ConsumerState,
  type KafkaConsumer,
} from './consumer.js';
import {
  consumerMetrics,
  createLagTracker,
  dependencyWait,
  toConsumedMessage,
} from './consumer-common.js';
import { histogram } from './metrics.js';
import type { MessagePublisher } from './producer.js';
import { tracer } from './tracing.js';
import { backoffDelay } from './util.js';

export interface PreparedMessage<T> {
  message: ConsumedMessage;
  item: T;
}

export interface BatchHandler<T> {
  /** Decode and validate one message; throw a PoisonMessageError for one that can never work. */
  prepare(message: ConsumedMessage): T;
  /**
   * Process prepared messages (of one or more partitions, each partition's in order) with one
   * durable effect, e.g. one transaction. Throw to have them retried; it must be idempotent.
   */
  process(items: PreparedMessage<T>[], context: { receivedAt: number }): Promise<void>;
}

export interface BatchConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  handler: BatchHandler<T>;
  /** DLQ writes */
  producer: MessagePublisher;
  dlqTopic?: string;
  logger: Logger;
  /** kafka_messages_consumed_total, kafka_consumer_lag, kafka_dlq_* and the batch histograms */
  registry: Registry;
  /** Largest chunk of one partition. Default 500. */
  maxChunk?: number;
  /** Largest group of chunks handed to `process` at once. Default 2 × maxChunk. */
  maxGroup?: number;
  /** Messages fetched but not yet committed before fetching pauses. Default 10 × maxChunk. */
  maxQueued?: number;
  /**
   * Parallel processing lanes (partition number modulo lanes; see below). Default 1. Only use
   * more when every subscribed topic is keyed by user id with the same partition count.
   */
  lanes?: number;
  /** Attempts of a chunk before it is split into single messages. Default 3. */
  chunkAttempts?: number;
  /**
   * Whether an error of `process` may go away by itself (lock conflict, serialization failure,
   * database briefly unreachable). A group or chunk failing with an error that is NOT transient is
   * split into single messages at once (no chunk-level retries): one bad message must not hold
   * up the others. Single messages always get `maxAttempts`. Default: every error is transient.
   */
  isTransient?: (err: unknown) => boolean;
  /**
   * Whether an error of `process` says that a dependency is unavailable (the database unreachable,
   * restarting or out of connections) rather than anything about the messages. Such failures count
   * towards neither `chunkAttempts` nor `maxAttempts`: the same messages are retried with backoff
   * until they succeed or the consumer stops, fetching stops once `maxQueued` is reached, and the
   * rest waits in Kafka — an outage does not empty the topics into the DLQ. Default: no error does.
   */
  isUnavailable?: (err: unknown) => boolean;
  /** Attempts of a single message before it goes to the DLQ as `exhausted`. Default 5. */
  maxAttempts?: number;
  backoff?: { initialMs: number; maxMs: number };
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  maxWaitTimeInMs?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  rebalanceTimeout?: number;
  onCrash?: (err: Error) => void;
}

const MAX_ERROR_HEADER = 1000;

const errorText = (err: unknown) =>
  `${err instanceof Error ? err.name : typeof err}: ${err instanceof Error ? err.message : String(err)}`;

function isRebalanceError(err: unknown): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return (
    type === 'REBALANCE_IN_PROGRESS' ||
    type === 'ILLEGAL_GENERATION' ||
    type === 'UNKNOWN_MEMBER_ID' ||
    type === 'NOT_COORDINATOR_FOR_GROUP' ||
    type === 'FENCED_INSTANCE_ID'
  );
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

type Outcome = 'ok' | 'retried' | 'dlq';

/** A fetched chunk of one partition, waiting to be processed and committed. */
interface Job<T> {
  generation: number;
  payload: EachBatchPayload;
  batch: Batch;
  prepared: (PreparedMessage<T> & { raw: KafkaMessage })[];
  /** poison messages already in the DLQ */
  poisoned: number;
  lastOffset: string;
  receivedAt: number;
}

class StoppedError extends Error {}

/** The consumer metrics of consumer.ts (same names and labels) plus the batch histograms. */
function batchConsumerMetrics(registry: Registry) {
  return {
    ...consumerMetrics(registry),
    batchSeconds: histogram(registry, {
      name: 'kafka_batch_processing_seconds',
      help: 'Duration of one batch handler call (one transaction for a group of messages), by outcome',
      labelNames: ['group', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    batchSize: histogram(registry, {
      name: 'kafka_batch_messages',
      help: 'Messages per batch handler call',
      labelNames: ['group'],
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
    }),
  };
}

export function createBatchConsumer<T>(options: BatchConsumerOptions<T>): KafkaConsumer {
  const {
    kafka,
    groupId,
    topics,
    handler,
    producer,
    dlqTopic = DEFAULT_DLQ_TOPIC,
    maxChunk = 500,
    chunkAttempts = 3,
    maxAttempts = 5,
    backoff = { initialMs: 200, maxMs: 10_000 },
    isTransient = () => true,
    isUnavailable = () => false,
  } = options;
  const metrics = batchConsumerMetrics(options.registry);
  const maxGroup = options.maxGroup ?? 2 * maxChunk;
  const maxQueued = options.maxQueued ?? 10 * maxChunk;
  const heartbeatInterval = options.heartbeatInterval ?? 3000;
  const logger = options.logger.child({ component: 'batch-consumer', groupId });
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
    heartbeatInterval,
    allowAutoTopicCreation: false,
    ...(options.sessionTimeout !== undefined ? { sessionTimeout: options.sessionTimeout } : {}),
    ...(options.rebalanceTimeout !== undefined
      ? { rebalanceTimeout: options.rebalanceTimeout }
      : {}),
  });

  let state: ConsumerState = 'idle';
  let connected = false;
  let generation = 0;
  const stopController = new AbortController();
  const lagTracker = createLagTracker(metrics.lag, groupId);
  // Processing lanes: partition number modulo `lanes`. The platform keys every topic by user id
  // with the same partitioner and partition count, so a user's engagement and transaction events
  // share a partition number, hence a lane: lanes never touch the same user's aggregates, each
  // lane keeps its partitions in order, and up to `lanes` transactions run at once.
  const lanes = Math.max(1, options.lanes ?? 1);
  const queues: Job<T>[][] = Array.from({ length: lanes }, () => []);
  const wakers: ((() => void) | null)[] = Array.from({ length: lanes }, () => null);
  let queued = 0; // messages in the queues
  let wakeFetchers: (() => void)[] = [];
  let processorDone: Promise<void> = Promise.resolve();
  let fatal: Error | null = null;
  /** set by stop(): fetched batches are no longer taken (their offsets stay uncommitted) */
  let intakeClosed = false;
  /** aborted by stop(): a wait for an unavailable dependency ends (its messages stay uncommitted) */
  const stopping = new AbortController();

  const crash = (err: Error) => {
    if (fatal) return;
    fatal = err;
    state = 'crashed';
    // nothing after the failure may be committed: every lane stops
    stopController.abort();
    for (const wake of wakers) wake?.();
    for (const wake of wakeFetchers.splice(0)) wake();
    logger.fatal({ err }, 'batch consumer failed; nothing after the failure is committed');
    options.onCrash?.(err);
  };

  consumer.on(consumer.events.CONNECT, () => {
    connected = true;
  });
  consumer.on(consumer.events.DISCONNECT, () => {
    connected = false;
  });
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    if (state === 'stopping' || state === 'stopped') return;
    generation++; // what was queued under the previous assignment is redelivered, not committed
    state = 'joined';
    lagTracker.retain(e.payload.memberAssignment);
    logger.info({ memberAssignment: e.payload.memberAssignment }, 'joined consumer group');
  });
  consumer.on(consumer.events.REBALANCING, () => {
    generation++;
    if (state === 'joined') state = 'rebalancing';
  });
  consumer.on(consumer.events.CRASH, (e) => {
    const { error, restart } = e.payload;
    if (state === 'stopping' || state === 'stopped') return;
    if (restart) {
      state = 'starting';
      logger.error({ err: error }, 'kafka consumer crashed; kafkajs restarts it');
    } else {
      crash(error);
    }
  });

  const writeDlq = async (
    message: ConsumedMessage,
    raw: KafkaMessage,
    errorClass: 'poison' | 'exhausted',
    err: unknown,
    attempts: number,
  ) => {
    const headers: IHeaders = {
      ...raw.headers,
      [DLQ_HEADERS.originalTopic]: message.topic,
      [DLQ_HEADERS.originalPartition]: String(message.partition),
      [DLQ_HEADERS.originalOffset]: message.offset,
      [DLQ_HEADERS.originalKey]: raw.key ?? '',
      [DLQ_HEADERS.consumerGroup]: groupId,
      [DLQ_HEADERS.errorClass]: errorClass,
      [DLQ_HEADERS.errorMessage]: errorText(err).slice(0, MAX_ERROR_HEADER),
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    };
    try {
      await producer.send(dlqTopic, [{ key: raw.key, value: raw.value, headers }]);
    } catch (dlqErr) {
      metrics.dlqErrors.inc({ topic: message.topic, group: groupId });
      throw new DlqWriteError(
        `DLQ write to ${dlqTopic} failed for ${message.topic}[${message.partition}]@${message.offset}: ${errorText(dlqErr)}`,
        { cause: dlqErr },
      );
    }
    metrics.dlq.inc({ topic: message.topic, group: groupId, error_class: errorClass });
  };

  /** One `process` call, timed (kafka_batch_processing_seconds, kafka_batch_messages). */
  const runProcess = async (items: PreparedMessage<T>[], receivedAt: number): Promise<void> => {
    const end = metrics.batchSeconds.startTimer({ group: groupId });
    metrics.batchSize.observe({ group: groupId }, items.length);
    try {
      await handler.process(items, { receivedAt });
      end({ outcome: 'ok' });
    } catch (err) {
      end({ outcome: 'failed' });
      throw err;
    }
  };

  /** `process` with retries and backoff; StoppedError when stopping during a backoff. */
  const attempt = async (
    items: PreparedMessage<T>[],
    attempts: number,
    receivedAt: number,
  ): Promise<{ ok: true; tries: number } | { ok: false; err: unknown; tries: number }> => {
    let failures = 0; // tries that count towards `attempts` (not "dependency unavailable")
    const wait = dependencyWait(metrics.waiting, groupId);
    try {
      for (let tries = 1; ; tries++) {
        try {
          await runProcess(items, receivedAt);
          return { ok: true, tries };
        } catch (err) {
          if (isPoisonError(err)) return { ok: false, err, tries };
          const unavailable = isUnavailable(err);
          wait.set(unavailable);
          if (!unavailable) {
            // several messages and an error that will not go away: split them at once
            if (items.length > 1 && !isTransient(err)) return { ok: false, err, tries };
            if (++failures >= attempts) return { ok: false, err, tries };
          }
          const first = items[0]?.message;
          if (first) metrics.retries.inc({ topic: first.topic, group: groupId });
          const delay = backoffDelay(tries, backoff.initialMs, backoff.maxMs);
          logger.warn(
            { err, tries, attempts, unavailable, messages: items.length, retryInMs: delay },
            unavailable ? 'a dependency is unavailable; retrying' : 'batch failed; retrying',
          );
          // stop() drains what can be processed; a wait for a dependency that is down cannot
          // drain, so it ends at once and leaves its messages to the group's next member
          await sleep(delay, unavailable ? stopping.signal : stopController.signal);
          if (stopController.signal.aborted || (unavailable && stopping.signal.aborted))
            throw new StoppedError('stopping');
        }
      }
    } finally {
      wait.set(false);
    }
  };

  /** A job whose group failed: on its own, then message by message; outcomes per offset. */
  const processAlone = async (job: Job<T>, groupTries: number): Promise<Map<string, Outcome>> => {
    const outcomes = new Map<string, Outcome>();
    const single = job.prepared.length === 1;
    const whole = await attempt(job.prepared, single ? maxAttempts : chunkAttempts, job.receivedAt);
    if (whole.ok) {
      for (const p of job.prepared) outcomes.set(p.raw.offset, 'retried');
      return outcomes;
    }
    if (!single)
      logger.error(
        { err: whole.err, messages: job.prepared.length },
        'batch keeps failing: processing its messages one by one',
      );
    for (const p of job.prepared) {
      const one = single ? whole : await attempt([p], maxAttempts, job.receivedAt);
      if (one.ok) {
        outcomes.set(p.raw.offset, 'retried');
        continue;
      }
      logger.error(
        {
          err: one.err,
          topic: job.batch.topic,
          partition: job.batch.partition,
          offset: p.raw.offset,
        },
        'message failed on every attempt: sending to DLQ',
      );
      await writeDlq(
        p.message,
        p.raw,
        isPoisonError(one.err) ? 'poison' : 'exhausted',
        one.err,
        groupTries + (single ? 0 : whole.tries) + one.tries,
      );
      outcomes.set(p.raw.offset, 'dlq');
    }
    return outcomes;
  };

  const commit = async (jobs: Job<T>[]): Promise<void> => {
    // the last offset of every partition in the group, committed in one request
    const byPartition = new Map<string, { topic: string; partition: number; offset: string }>();
    for (const job of jobs)
      byPartition.set(`${job.batch.topic}\0${job.batch.partition}`, {
        topic: job.batch.topic,
        partition: job.batch.partition,
        offset: (BigInt(job.lastOffset) + 1n).toString(),
      });
    const topicsToCommit = new Map<string, { partition: number; offset: string }[]>();
    for (const p of byPartition.values())
      topicsToCommit.set(p.topic, [
        ...(topicsToCommit.get(p.topic) ?? []),
        { partition: p.partition, offset: p.offset },
      ]);
    const offsets = {
      topics: [...topicsToCommit].map(([topic, partitions]) => ({ topic, partitions })),
    };
    for (let tries = 1; ; tries++) {
      try {
        // commitOffsetsIfNecessary(offsets) commits exactly these offsets, also while stopping
        await jobs.at(-1)!.payload.commitOffsetsIfNecessary(offsets);
        return;
      } catch (err) {
        if (isRebalanceError(err)) {
          // the partitions moved: their new owner redelivers from the last committed offset
          logger.info(
            { err },
            'offset commit refused by a rebalance; the messages are redelivered',
          );
          return;
        }
        if (tries >= 3) throw err;
        await new Promise((r) => setTimeout(r, 100 * tries));
      }
    }
  };

  const takeGroup = (queue: Job<T>[]): Job<T>[] => {
    const group = [queue.shift()!];
    let size = group[0]!.prepared.length;
    while (queue.length > 0 && size + queue[0]!.prepared.length <= maxGroup) {
      const next = queue.shift()!;
      size += next.prepared.length;
      group.push(next);
    }
    return group;
  };

  const release = (jobs: Job<T>[]) => {
    for (const job of jobs) queued -= job.prepared.length + job.poisoned;
    const waiting = wakeFetchers;
    wakeFetchers = [];
    for (const wake of waiting) wake();
  };

  /** A lane's processing loop: groups in order → one transaction → commit → next. */
  const processLoop = async (lane: number): Promise<void> => {
    const queue = queues[lane]!;
    for (;;) {
      if (fatal) return;
      if (queue.length === 0) {
        if (stopController.signal.aborted) return;
        await new Promise<void>((resolve) => (wakers[lane] = resolve));
        wakers[lane] = null;
        continue;
      }
      const current = generation;
      const group = takeGroup(queue).filter((job) => {
        if (job.generation === current) return true;
        release([job]); // fetched under an earlier assignment: redelivered, not ours to commit
        return false;
      });
      if (group.length === 0) continue;
      const outcomes = new Map<Job<T>, Map<string, Outcome>>();
      const items = group.flatMap((j) => j.prepared);
      try {
        if (items.length > 0) {
          try {
            await runProcess(items, Math.min(...group.map((j) => j.receivedAt)));
            for (const job of group)
              outcomes.set(job, new Map(job.prepared.map((p) => [p.raw.offset, 'ok' as const])));
          } catch (err) {
            const first = items[0]!.message;
            metrics.retries.inc({ topic: first.topic, group: groupId });
            logger.warn(
              { err, messages: items.length, isTransient: isTransient(err) },
              'batch failed; retrying chunk by chunk',
            );
            for (const job of group) outcomes.set(job, await processAlone(job, 1));
          }
        }
        await commit(group);
      } catch (err) {
        if (err instanceof StoppedError) {
          release([...group, ...queue.splice(0)]);
          return;
        }
        release(group);
        throw err;
      }
      for (const job of group) {
        for (const outcome of outcomes.get(job)?.values() ?? [])
          metrics.consumed.inc({ topic: job.batch.topic, group: groupId, status: outcome });
        if (job.poisoned)
          metrics.consumed.inc(
            { topic: job.batch.topic, group: groupId, status: 'dlq' },
            job.poisoned,
          );
        lagTracker.set(job.batch, BigInt(job.lastOffset) + 1n);
      }
      release(group);
    }
  };

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    if (fatal) throw fatal;
    const first = batch.messages[0];
    if (first) lagTracker.set(batch, BigInt(first.offset));
    for (let i = 0; i < batch.messages.length; i += maxChunk) {
      if (!payload.isRunning() || payload.isStale() || intakeClosed) return;
      const raws = batch.messages.slice(i, i + maxChunk);
      const receivedAt = Date.now();
      const prepared: Job<T>['prepared'] = [];
      let poisoned = 0;
      for (const raw of raws) {
        const message = toConsumedMessage(batch, raw, 1);
        try {
          prepared.push({ message, item: handler.prepare(message), raw });
        } catch (err) {
          if (!isPoisonError(err)) throw err;
          logger.warn(
            { err, topic: batch.topic, partition: batch.partition, offset: raw.offset },
            'poison message: sending to DLQ',
          );
          await writeDlq(message, raw, 'poison', err, 1);
          poisoned++;
        }
      }
      const lastOffset = raws.at(-1)!.offset;
      const lane = batch.partition % lanes;
      queues[lane]!.push({
        generation,
        payload,
        batch,
        prepared,
        poisoned,
        lastOffset,
        receivedAt,
      });
      queued += raws.length;
      // fetched: the next fetch continues after it (committed once processed)
      payload.resolveOffset(lastOffset);
      wakers[lane]?.();
      // backpressure: stop fetching while too much is waiting (heartbeating meanwhile)
      while (queued > maxQueued && !intakeClosed && !fatal) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(100, Math.floor(heartbeatInterval / 2)));
          wakeFetchers.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        try {
          await payload.heartbeat();
        } catch (err) {
          if (isRebalanceError(err)) return;
          throw err;
        }
      }
      await payload.heartbeat();
    }
  };

  return {
    raw: consumer,
    async start() {
      state = 'starting';
      processorDone = Promise.all(
        queues.map((_, lane) =>
          processLoop(lane).catch((err: unknown) =>
            crash(err instanceof Error ? err : new Error(String(err))),
          ),
        ),
      ).then(() => undefined);
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch,
      });
      logger.info({ topics, dlqTopic, maxChunk }, 'batch consumer started');
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopping';
      intakeClosed = true;
      stopping.abort();
      for (const wake of wakeFetchers.splice(0)) wake();
      // Drain: what is queued is processed and committed; then leave the group.
      const drained = new Promise<void>((resolve) => {
        const check = () => (queued <= 0 ? resolve() : undefined);
        const timer = setInterval(check, 20);
        void processorDone.finally(() => {
          clearInterval(timer);
          resolve();
        });
        check();
      });
      if (!fatal) await Promise.race([drained, processorDone]);
      stopController.abort();
      for (const wake of wakers) wake?.();
      for (const wake of wakeFetchers.splice(0)) wake();
      await processorDone;
      await consumer.disconnect();
      state = 'stopped';
      lagTracker.clear();
      logger.info('batch consumer stopped');
    },
    readiness: () => !fatal && connected && (state === 'joined' || state === 'rebalancing'),
    state: () => state,
  };
}

/**
 * Runs `fn` (sync or async) inside a CONSUMER span continuing the trace of `message` — what
 * createConsumer does around each handler call, for batch handlers that work message by message
 * inside a batch (events they emit then carry the message's trace).
 */
export function inMessageSpan<R>(message: ConsumedMessage, groupId: string, fn: () => R): R {
  return tracer().startActiveSpan(
    `${message.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': Number(message.offset),
        'messaging.consumer.group.name': groupId,
        ...(message.key !== null ? { 'messaging.kafka.message.key': message.key } : {}),
      },
    },
    message.traceContext,
    (span) => {
      const fail = (err: unknown) => {
        span.recordException(err instanceof Error ? err : new Error(String(err)));
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(err) });
        span.end();
        return err;
      };
      const succeed = () => {
        span.setStatus({ code: SpanStatusCode.OK });
        span.end();
      };
      let result: R;
      try {
        result = fn();
      } catch (err) {
        throw fail(err);
      }
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            succeed();
            return value;
          },
          (err: unknown) => {
            throw fail(err);
          },
        ) as R;
      }
      succeed();
      return result;
    },
  );
}
