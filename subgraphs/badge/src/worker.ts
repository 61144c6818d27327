import { createRuntime, runMain } from '@badge/service-kit';
import { runWorker } from '@badge/service-kit/worker';
import { TOPICS } from '@badge/proto';
import { createGrantCommandsHandler, CONSUMER } from './consumers/grant-commands.js';
import { createInboxRepository } from './consumers/inbox.repository.js';
import { connectDatabase } from './db.js';
import { loadEnvironment } from './environment.js';

const SERVICE = 'badge-worker';

runMain(SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVICE, env);
  const db = connectDatabase(env, runtime);
  const inbox = createInboxRepository(db.prisma);
  await runWorker({
    runtime,
    env,
    outboxSchema: 'badge',
    consumers: () => [
      {
        groupId: CONSUMER,
        topics: [TOPICS.GRANT_COMMANDS],
        handler: createGrantCommandsHandler({ runtime, inbox }),
      },
    ],
  });
});
