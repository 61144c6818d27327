import { TOPICS } from '@badge/proto';
import { registerStockGauges, type Runtime } from '@badge/service-kit';
import { runWorker, type Worker } from '@badge/service-kit/worker';
import { createBadgeEventsHandler, CONSUMER } from './consumers/badge-events.js';
import {
  connectDatabase,
  createRepositories,
  isDatabaseUnavailable,
  type Repositories,
} from './db.js';
import type { TBenefitEnv } from './environment.js';
import { startGrantRetryLoop, type RetryLoop } from './jobs/grant-retry-loop.js';
import { createPointsProvider, type PointsProvider } from './points/index.js';
import { createServices, type Services } from './services.js';
import { WORKER_SERVICE } from './shared/audit.js';

export interface BenefitWorker {
  worker: Worker;
  services: Services;
  repositories: Repositories;
  retryLoop: RetryLoop;
}

/**
 * The benefit worker: consumes `badge.badge.events` (auto-benefits, clawback, redemption saga),
 * relays the benefit outbox to Kafka, runs the grant retry loop, and exposes the stock gauges.
 * `worker.ts` runs it; integration tests run the same wiring against the mock broker.
 */
export async function startBenefitWorker(options: {
  runtime: Runtime;
  env: TBenefitEnv;
  /** Default: from the environment (HTTP when POINTS_PROVIDER_URL is set). */
  points?: PointsProvider;
}): Promise<BenefitWorker> {
  const { runtime, env } = options;
  const db = connectDatabase(env, runtime);
  const repositories = createRepositories(db.prisma);
  let notify: () => void = () => {};
  const services = createServices({
    repositories,
    settings: env,
    points: options.points ?? createPointsProvider(env, runtime.logger),
    registry: runtime.metrics.registry,
    logger: runtime.logger,
    producer: WORKER_SERVICE,
    notifyOutbox: () => notify(),
  });
  registerStockGauges(
    runtime.metrics.registry,
    'benefit',
    () => repositories.benefits.stockLevels(500),
    (err) => runtime.logger.warn({ err }, 'benefit stock gauges: database unavailable'),
  );
  const worker = await runWorker({
    runtime,
    env,
    outboxSchema: 'benefit',
    isUnavailable: isDatabaseUnavailable,
    consumers: ({ relay }) => {
      notify = () => relay.notify();
      return [
        {
          groupId: CONSUMER,
          topics: [TOPICS.BADGE_EVENTS],
          handler: createBadgeEventsHandler({
            logger: runtime.logger,
            registry: runtime.metrics.registry,
            inbox: repositories.inbox,
            services,
          }),
        },
      ];
    },
  });
  const retryLoop = startGrantRetryLoop({
    services,
    intervalMs: env.BENEFIT_GRANT_RETRY_INTERVAL_MS,
    logger: runtime.logger,
  });
  runtime.shutdown.on('intake', 'grant-retry-loop', () => retryLoop.stop());
  return { worker, services, repositories, retryLoop };
}
