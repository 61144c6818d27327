import { createRuntime, runMain } from '@badge/service-kit';
import { startBadgeWorker } from './badge-worker.js';
import { connectDatabase } from './db.js';
import { loadEnvironment } from './environment.js';

const SERVICE = 'badge-worker';

runMain(SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVICE, env);
  const db = connectDatabase(env, runtime);
  await startBadgeWorker({ runtime, env, prisma: db.prisma });
});
