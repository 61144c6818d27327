/**
 * The expiry sweep as a one-shot job (the Helm CronJob):
 *   pnpm --filter @badge/subgraph-badge job:expire
 * One pass over due grants (batches of BADGE_EXPIRY_BATCH_SIZE, FOR UPDATE SKIP LOCKED, so it may
 * run next to the workers' own sweeps), BadgeExpired through the outbox (the worker's relay
 * publishes them), a summary log line, exit 0 (1 on failure).
 */
import { createLogger, Registry } from '@badge/service-kit';
import { createRepositories, openDatabase } from '../db.js';
import { loadExpiryJobEnvironment } from '../environment.js';
import { createServices } from '../services.js';

const SERVICE = 'badge-expiry-job';

async function main(): Promise<number> {
  const env = loadExpiryJobEnvironment();
  const logger = createLogger({ name: SERVICE, level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  const db = openDatabase(env, SERVICE);
  try {
    const services = createServices(createRepositories(db.prisma), {
      logger,
      registry: new Registry(),
      service: SERVICE,
    });
    const started = Date.now();
    const result = await services.grants.expireDue({ batchSize: env.BADGE_EXPIRY_BATCH_SIZE });
    logger.info({ ...result, durationMs: Date.now() - started }, 'expiry sweep done');
    return 0;
  } catch (err) {
    logger.fatal({ err }, 'expiry sweep failed');
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
