import { createRuntime, runMain } from '@badge/service-kit';
import { runWorker } from '@badge/service-kit/worker';
import { TOPICS } from '@badge/proto';
import { createNotificationEventsHandler, CONSUMER } from './consumers/notification-events.js';
import { createInboxRepository } from './consumers/inbox.repository.js';
import { connectDatabase } from './db.js';
import { loadEnvironment } from './environment.js';

const SERVICE = 'user-worker';

runMain(SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVICE, env);
  const db = connectDatabase(env, runtime);
  const inbox = createInboxRepository(db.prisma);
  await runWorker({
    runtime,
    env,
    outboxSchema: 'user',
    consumers: () => [
      {
        groupId: CONSUMER,
        topics: [TOPICS.BADGE_EVENTS, TOPICS.BENEFIT_EVENTS],
        handler: createNotificationEventsHandler({ runtime, inbox }),
      },
    ],
  });
});
