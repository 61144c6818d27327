import {
  createBatchConsumer,
  createKafka,
  kafkaOptionsFromEnv,
  type KafkaConsumer,
} from '@badge/kafka';
import { registerStockGauges, type Runtime } from '@badge/service-kit';
import { runWorker, type Worker } from '@badge/service-kit/worker';
import { TOPICS } from '@badge/proto';
import { createGrantCommandsHandler, CONSUMER } from './consumers/grant-commands.js';
import { createInboxRepository } from './consumers/inbox.repository.js';
import { createRepositories, type DbClient } from './db.js';
import type { TBadgeEnv } from './environment.js';
import { createBatchProcessor } from './modules/batch/batch.processor.js';
import { createServices } from './services.js';
import { isDatabaseUnavailable, isTransientDatabaseError } from './shared/db-errors.repository.js';
import { WORKER_SERVICE } from './shared/audit.js';

/**
 * The grant-commands consumer's batching (constants, not environment variables: the Helm chart
 * documents every variable the code reads, see the README).
 */
export interface GrantCommandsConsumerSettings {
  /** Largest chunk of one partition per transaction (several partitions' chunks may share one). */
  batchMax: number;
  /** Transactions in flight (partition number modulo lanes; commands are keyed by user id). */
  lanes: number;
  /** kafkajs `partitionsConsumedConcurrently` (decode in parallel). */
  partitionsConcurrency: number;
  /** Attempts of a single command before it goes to the DLQ as exhausted; first backoff. */
  maxAttempts: number;
  backoffMs: number;
  /** Fetch wait (the librdkafka mock holds every fetch this long). */
  fetchMaxWaitMs: number;
}

export const GRANT_COMMANDS_CONSUMER: GrantCommandsConsumerSettings = {
  batchMax: 500,
  lanes: 3,
  partitionsConcurrency: 3,
  maxAttempts: 5,
  backoffMs: 200,
  fetchMaxWaitMs: 25,
};

/** A background loop: runs `tick` every `intervalMs` until stopped (0 = never). */
function createLoop(
  name: string,
  intervalMs: number,
  tick: () => Promise<unknown>,
  runtime: Runtime,
) {
  const log = runtime.logger.child({ loop: name });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      running = tick()
        .then(() => undefined)
        .catch((err: unknown) => log.error({ err }, `${name} failed`))
        .finally(schedule);
    }, intervalMs);
  };
  return {
    start: schedule,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The badge worker: the grant-commands consumer (exactly-once grants and revokes), the outbox
 * relay of the badge schema, the batch task processor and the periodic expiry sweep. Stops in
 * order on shutdown (intake: consumer and loops; drain: relay; close: producer, database).
 */
export async function startBadgeWorker(options: {
  runtime: Runtime;
  env: TBadgeEnv;
  prisma: DbClient;
  /** Overrides of {@link GRANT_COMMANDS_CONSUMER} (tests). */
  consumer?: Partial<GrantCommandsConsumerSettings>;
}): Promise<Worker & { services: ReturnType<typeof createServices> }> {
  const { runtime, env, prisma } = options;
  const settings = { ...GRANT_COMMANDS_CONSUMER, ...options.consumer };
  const repositories = createRepositories(prisma);
  const services = createServices(repositories, {
    logger: runtime.logger,
    registry: runtime.metrics.registry,
    service: WORKER_SERVICE,
  });
  registerStockGauges(
    runtime.metrics.registry,
    'badge',
    () => repositories.grant.stockLevels(500),
    (err) => runtime.logger.warn({ err }, 'stock gauge could not read the database'),
  );
  // runWorker owns the producer (DLQ writes) and the relay of the badge outbox; the grant
  // commands are consumed by the batch consumer below (one transaction per batch, not per command).
  const worker = await runWorker({ runtime, env, outboxSchema: 'badge', consumers: () => [] });
  const notify = () => worker.relay.notify();
  const commands: KafkaConsumer = createBatchConsumer({
    kafka: createKafka(
      kafkaOptionsFromEnv(env, { clientId: runtime.service, logger: runtime.logger }),
    ),
    groupId: CONSUMER,
    topics: [TOPICS.GRANT_COMMANDS],
    producer: worker.producer,
    logger: runtime.logger.child({ consumer: CONSUMER }),
    registry: runtime.metrics.registry,
    handler: createGrantCommandsHandler({
      logger: runtime.logger,
      registry: runtime.metrics.registry,
      inbox: createInboxRepository(prisma),
      grantBatches: services.grantBatches,
      notifyOutbox: notify,
    }),
    maxChunk: settings.batchMax,
    lanes: settings.lanes,
    isTransient: isTransientDatabaseError,
    isUnavailable: isDatabaseUnavailable,
    maxAttempts: settings.maxAttempts,
    backoff: { initialMs: settings.backoffMs, maxMs: 10_000 },
    fromBeginning: true,
    partitionsConsumedConcurrently: settings.partitionsConcurrency,
    maxWaitTimeInMs: settings.fetchMaxWaitMs,
    sessionTimeout: env.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatInterval: env.KAFKA_HEARTBEAT_INTERVAL_MS,
    rebalanceTimeout: env.KAFKA_SESSION_TIMEOUT_MS,
    onCrash: (err) => {
      runtime.logger.fatal(
        { err, consumer: CONSUMER },
        'consumer crashed; exiting so the orchestrator restarts the worker',
      );
      void runtime.shutdown.run('consumer crashed').then(() => process.exit(1));
    },
  });
  runtime.addChecks({
    name: 'grant-commands-consumer',
    critical: true,
    check: async () => {
      if (!commands.readiness()) throw new Error(`consumer not joined: ${commands.state()}`);
    },
  });
  runtime.shutdown.on('intake', 'grant-commands-consumer', () => commands.stop());
  await commands.start();

  const batches = createBatchProcessor({
    repository: repositories.batch,
    grants: services.grants,
    metrics: services.metrics,
    logger: runtime.logger,
    chunkSize: env.BADGE_BATCH_CHUNK_SIZE,
    onOutbox: () => notify(),
  });
  const batchLoop = createLoop(
    'batch-tasks',
    env.BADGE_BATCH_POLL_INTERVAL_MS,
    () => batches.drain(),
    runtime,
  );
  const expiryLoop = createLoop(
    'expiry-sweep',
    env.BADGE_EXPIRY_SWEEP_INTERVAL_MS,
    async () => {
      const result = await services.grants.expireDue({ batchSize: env.BADGE_EXPIRY_BATCH_SIZE });
      if (result.expired > 0) {
        runtime.logger.info(result, 'expired badges');
        notify();
      }
    },
    runtime,
  );
  runtime.shutdown.on('intake', 'batch-tasks', () => batchLoop.stop());
  runtime.shutdown.on('intake', 'expiry-sweep', () => expiryLoop.stop());
  batchLoop.start();
  expiryLoop.start();
  return { ...worker, consumers: [...worker.consumers, commands], services };
}
