import { createRuntime, runMain } from '@badge/service-kit';
import { runWorker } from '@badge/service-kit/worker';
import { TOPICS } from '@badge/proto';
import { createNotificationEventsHandler, CONSUMER } from './consumers/notification-events.js';
import {
  createOperationEventsHandler,
  OPERATION_LOG_CONSUMER,
} from './consumers/operation-events.js';
import { resolvePiiCrypto } from './crypto/keys.js';
import { connectDatabase, createRepositories, isDatabaseUnavailable } from './db.js';
import { loadEnvironment } from './environment.js';
import { userMetrics } from './metrics.js';
import { createDeliveryLoop } from './modules/notification/delivery-loop.js';
import { createNotifier } from './modules/notification/notifier.js';
import { createChannelAdapters } from './notification-channels.js';

const SERVICE = 'user-worker';

runMain(SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVICE, env);
  const { logger } = runtime;
  const db = connectDatabase(env, runtime);
  const repositories = createRepositories(db.prisma);
  const metrics = userMetrics(runtime.metrics.registry);
  const crypto = resolvePiiCrypto(env, logger);
  const channels = createChannelAdapters(env, logger);

  const delivery = createDeliveryLoop({
    repository: repositories.notifications,
    channels,
    crypto,
    logger,
    metrics,
    options: {
      maxAttempts: env.NOTIFICATION_MAX_ATTEMPTS,
      retryBaseMs: env.NOTIFICATION_RETRY_BASE_MS,
      retryMaxMs: env.NOTIFICATION_RETRY_MAX_MS,
      leaseMs: env.NOTIFICATION_HTTP_TIMEOUT_MS * 2 + 30_000,
      batchSize: env.NOTIFICATION_DELIVERY_BATCH,
      pollIntervalMs: env.NOTIFICATION_DELIVERY_POLL_MS,
    },
  });
  const notifier = createNotifier({
    repository: repositories.notifications,
    defaultChannels: env.NOTIFICATION_DEFAULT_CHANNELS,
    availableChannels: new Set(['IN_APP', ...channels.keys()]),
  });
  runtime.addChecks({
    name: 'notification-delivery',
    critical: false,
    check: async () => {
      if (!delivery.readiness()) throw new Error('the last delivery round failed');
    },
  });
  // Stop sending before the database closes; a send in flight finishes (or its lease expires).
  runtime.shutdown.on('intake', 'notification-delivery', () => delivery.stop());

  await runWorker({
    runtime,
    env,
    outboxSchema: 'user',
    isUnavailable: isDatabaseUnavailable,
    consumers: () => [
      {
        groupId: CONSUMER,
        topics: [TOPICS.BADGE_EVENTS, TOPICS.BENEFIT_EVENTS, TOPICS.NOTIFICATIONS],
        handler: createNotificationEventsHandler({
          logger,
          registry: runtime.metrics.registry,
          inbox: repositories.inbox,
          notifier,
          metrics,
          onCreated: () => delivery.wake(),
        }),
      },
      {
        groupId: OPERATION_LOG_CONSUMER,
        topics: [TOPICS.AUDIT_EVENTS],
        handler: createOperationEventsHandler({
          logger,
          registry: runtime.metrics.registry,
          inbox: repositories.inbox,
          operationLog: repositories.operationLog,
          metrics,
        }),
      },
    ],
  });
  delivery.start();
});
