import { createRuntime, runMain } from '@badge/service-kit';
import { loadEnvironment } from './environment.js';
import { WORKER_SERVICE } from './shared/audit.js';
import { startBenefitWorker } from './worker-app.js';

runMain(WORKER_SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(WORKER_SERVICE, env);
  await startBenefitWorker({ runtime, env });
});
