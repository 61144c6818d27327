import { createRuntime, runMain } from '@badge/service-kit';
import { runSubgraphServer } from '@badge/service-kit/graphql';
import { createContextFactory } from './context.js';
import { connectDatabase, createRepositories } from './db.js';
import { loadEnvironment } from './environment.js';
import { modules } from './modules/index.js';

const SERVICE = 'rule-subgraph';

runMain(SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVICE, env);
  const db = connectDatabase(env, runtime);
  await runSubgraphServer({
    runtime,
    env,
    modules,
    createContext: createContextFactory(createRepositories(db.prisma)),
  });
});
