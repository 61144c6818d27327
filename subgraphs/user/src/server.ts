import { createRuntime, runMain } from '@badge/service-kit';
import { runSubgraphServer } from '@badge/service-kit/graphql';
import { createCoalescingBuffer } from './coalescing-buffer.js';
import { createContextFactory, createUserServices } from './context.js';
import { resolvePiiCrypto } from './crypto/keys.js';
import { connectDatabase, createRepositories } from './db.js';
import { loadEnvironment } from './environment.js';
import { userMetrics } from './metrics.js';
import { modules } from './modules/index.js';

const SERVICE = 'user-subgraph';

runMain(SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVICE, env);
  const db = connectDatabase(env, runtime);
  const repositories = createRepositories(db.prisma);
  const logger = runtime.logger;

  // Last-used / last-sign-in times: never on the request path, at most once a minute per id,
  // written in batches every few seconds and flushed on shutdown.
  const apiKeyUsage = createCoalescingBuffer({
    name: 'api-key-last-used',
    flushIntervalMs: 5_000,
    minIntervalMs: 60_000,
    write: (entries) => repositories.apiKeys.touchLastUsed(entries),
    logger,
  });
  const adminLogins = createCoalescingBuffer({
    name: 'admin-last-login',
    flushIntervalMs: 5_000,
    minIntervalMs: 60_000,
    write: (entries) => repositories.admins.touchLogins(entries),
    logger,
  });
  apiKeyUsage.start();
  adminLogins.start();
  runtime.shutdown.on('drain', 'usage-buffers', async () => {
    await Promise.all([apiKeyUsage.stop(), adminLogins.stop()]);
  });

  const services = createUserServices(repositories, {
    bootstrapSubjects: env.ADMIN_BOOTSTRAP_SUBJECTS,
    crypto: resolvePiiCrypto(env, logger),
    phoneDefaultCountryCode: env.PHONE_DEFAULT_COUNTRY_CODE,
    metrics: userMetrics(runtime.metrics.registry),
    touchAdminLogin: (subject) => adminLogins.touch(subject),
    touchApiKey: (id) => apiKeyUsage.touch(id),
  });
  await runSubgraphServer({
    runtime,
    env,
    modules,
    createContext: createContextFactory(services, { touchApiKey: (id) => apiKeyUsage.touch(id) }),
  });
});
