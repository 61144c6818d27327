import { createRuntime, runMain } from '@badge/service-kit';
import { runSubgraphServer } from '@badge/service-kit/graphql';
import { createContextFactory } from './context.js';
import { connectDatabase, createRepositories } from './db.js';
import { loadEnvironment } from './environment.js';
import { modules } from './modules/index.js';
import { createServices } from './services.js';
import { SERVER_SERVICE } from './shared/audit.js';

runMain(SERVER_SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVER_SERVICE, env);
  const db = connectDatabase(env, runtime);
  const services = createServices(createRepositories(db.prisma), {
    logger: runtime.logger,
    registry: runtime.metrics.registry,
    service: SERVER_SERVICE,
  });
  await runSubgraphServer({
    runtime,
    env,
    modules,
    createContext: createContextFactory(services),
    // createBatchTask carries the CSV (up to 5 MB) in the request body.
    maxBodyBytes: 6 * 1024 * 1024,
  });
});
