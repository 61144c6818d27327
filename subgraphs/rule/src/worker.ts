import { createRuntime, runMain } from '@badge/service-kit';
import { runWorker } from '@badge/service-kit/worker';
import { TOPICS } from '@badge/proto';
import { createBehaviourEventsHandler, CONSUMER } from './consumers/behaviour-events.js';
import { createInboxRepository } from './consumers/inbox.repository.js';
import { connectDatabase } from './db.js';
import { loadEnvironment } from './environment.js';

const SERVICE = 'rule-worker';

runMain(SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVICE, env);
  const db = connectDatabase(env, runtime);
  const inbox = createInboxRepository(db.prisma);
  await runWorker({
    runtime,
    env,
    outboxSchema: 'rule',
    consumers: () => [
      {
        groupId: CONSUMER,
        topics: [TOPICS.ENGAGEMENT_EVENTS, TOPICS.TRANSACTION_EVENTS],
        handler: createBehaviourEventsHandler({ runtime, inbox }),
      },
    ],
  });
});
