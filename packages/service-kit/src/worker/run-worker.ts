import pg from 'pg';
import {
  createConsumer,
  createKafka,
  createOutboxRelay,
  createPgOutboxStore,
  createProducer,
  type KafkaConsumer,
  type KafkaProducer,
  type MessageHandler,
  type OutboxRelay,
} from '@badge/kafka';
import type { TKafkaEnv } from '../env.js';
import type { Runtime } from '../runtime.js';

export interface ConsumerSpec {
  /** Consumer group id, e.g. `badge-worker.grant-commands` (also the inbox consumer name). */
  groupId: string;
  topics: string[];
  handler: MessageHandler;
  fromBeginning?: boolean;
}

export interface WorkerOptions {
  runtime: Runtime;
  env: TKafkaEnv & { DATABASE_URL: string };
  /** This domain's schema: its outbox_event rows are relayed to Kafka by this worker. */
  outboxSchema: 'badge' | 'rule' | 'benefit' | 'user';
  consumers: (deps: { producer: KafkaProducer; relay: OutboxRelay }) => ConsumerSpec[];
  /**
   * Handler errors that mean a dependency is down, not that the message is bad (typically
   * `isDatabaseUnavailable` of @badge/db): retried without limit instead of ending in the DLQ.
   */
  isUnavailable?: (err: unknown) => boolean;
}

export interface Worker {
  producer: KafkaProducer;
  relay: OutboxRelay;
  consumers: KafkaConsumer[];
}

/** The SASL options of `createKafka` from KAFKA_SASL_* (undefined when not all three are set). */
export const kafkaSasl = (env: TKafkaEnv) =>
  env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD
    ? {
        mechanism: env.KAFKA_SASL_MECHANISM,
        username: env.KAFKA_SASL_USERNAME,
        password: env.KAFKA_SASL_PASSWORD,
      }
    : undefined;

/**
 * The worker entry of a subgraph: Kafka consumers with manual commits, retries and DLQ, plus the
 * outbox relay of the domain's schema. Readiness requires the producer, the relay and every
 * consumer; SIGTERM stops intake (consumers finish their in-flight message and commit), drains
 * the relay, then disconnects.
 */
export async function runWorker(options: WorkerOptions): Promise<Worker> {
  const { runtime, env } = options;
  const { logger, metrics } = runtime;
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? runtime.service,
    ssl: env.KAFKA_SSL,
    ...(kafkaSasl(env) ? { sasl: kafkaSasl(env)! } : {}),
    logger,
  });
  const producer = createProducer({ kafka, logger, registry: metrics.registry });
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: 2,
    application_name: `${runtime.service}-outbox`,
    connectionTimeoutMillis: 5_000,
  });
  pool.on('error', (err) => logger.warn({ err: err.message }, 'outbox pool connection error'));
  const relay = createOutboxRelay({
    store: createPgOutboxStore({ pool, schema: options.outboxSchema }),
    producer,
    logger,
    registry: metrics.registry,
    batchSize: env.OUTBOX_BATCH_SIZE,
    pollIntervalMs: 500,
  });
  const consumers = options.consumers({ producer, relay }).map((spec) =>
    createConsumer({
      kafka,
      groupId: spec.groupId,
      topics: spec.topics,
      handler: spec.handler,
      producer,
      logger: logger.child({ consumer: spec.groupId }),
      registry: metrics.registry,
      fromBeginning: spec.fromBeginning ?? true,
      ...(options.isUnavailable ? { isUnavailable: options.isUnavailable } : {}),
      onCrash: (err) => {
        logger.fatal(
          { err, consumer: spec.groupId },
          'consumer crashed; exiting so the orchestrator restarts the worker',
        );
        void runtime.shutdown.run('consumer crashed').then(() => process.exit(1));
      },
    }),
  );

  runtime.addChecks({
    name: 'kafka',
    critical: true,
    check: async () => {
      const notReady = consumers.filter((c) => !c.readiness()).map((c, i) => c.state() + `#${i}`);
      if (!producer.readiness()) throw new Error('producer not connected');
      if (notReady.length) throw new Error(`consumers not joined: ${notReady.join(', ')}`);
    },
  });
  runtime.addChecks({
    name: 'outbox',
    critical: false,
    check: async () => {
      if (!relay.readiness())
        throw new Error('outbox relay cannot reach the database or the broker');
    },
  });
  runtime.shutdown.on('intake', 'consumers', async () => {
    await Promise.all(consumers.map((c) => c.stop()));
  });
  runtime.shutdown.on('drain', 'outbox-relay', () => relay.stop());
  runtime.shutdown.on('close', 'producer', () => producer.stop());
  runtime.shutdown.on('close', 'outbox-pool', () => pool.end());

  await producer.start();
  await relay.start();
  await Promise.all(consumers.map((c) => c.start()));
  await runtime.start();
  logger.info({ consumers: consumers.length, outbox: options.outboxSchema }, 'worker running');
  return { producer, relay, consumers };
}
