import { registerStockGauges, type Runtime } from '@badge/service-kit';
import { runWorker, type Worker } from '@badge/service-kit/worker';
import { TOPICS } from '@badge/proto';
import { createGrantCommandsHandler, CONSUMER } from './consumers/grant-commands.js';
import { createInboxRepository } from './consumers/inbox.repository.js';
import { createRepositories, type DbClient } from './db.js';
import type { TBadgeEnv } from './environment.js';
import { createBatchProcessor } from './modules/batch/batch.processor.js';
import { createServices } from './services.js';
import { WORKER_SERVICE } from './shared/audit.js';

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
}): Promise<Worker & { services: ReturnType<typeof createServices> }> {
  const { runtime, env, prisma } = options;
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
  let notify = () => {};
  const worker = await runWorker({
    runtime,
    env,
    outboxSchema: 'badge',
    consumers: ({ relay }) => {
      notify = () => relay.notify();
      return [
        {
          groupId: CONSUMER,
          topics: [TOPICS.GRANT_COMMANDS],
          handler: createGrantCommandsHandler({
            logger: runtime.logger,
            registry: runtime.metrics.registry,
            inbox: createInboxRepository(prisma),
            grants: services.grants,
            notifyOutbox: () => notify(),
          }),
        },
      ];
    },
  });

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
  return { ...worker, services };
}
