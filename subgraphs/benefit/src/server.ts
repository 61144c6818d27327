import { createRuntime, runMain } from '@badge/service-kit';
import { runSubgraphServer } from '@badge/service-kit/graphql';
import { SERVER_SERVICE } from './shared/audit.js';
import { createContextFactory } from './context.js';
import { connectDatabase, createRepositories } from './db.js';
import { loadEnvironment } from './environment.js';
import { modules } from './modules/index.js';
import { createPointsProvider } from './points/index.js';
import { createServices } from './services.js';

runMain(SERVER_SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVER_SERVICE, env);
  const db = connectDatabase(env, runtime);
  const services = createServices({
    repositories: createRepositories(db.prisma),
    settings: env,
    points: createPointsProvider(env, runtime.logger),
    registry: runtime.metrics.registry,
    logger: runtime.logger,
    producer: SERVER_SERVICE,
  });
  await runSubgraphServer({ runtime, env, modules, createContext: createContextFactory(services) });
});
