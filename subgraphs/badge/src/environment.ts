import { z } from 'zod';
import {
  parseEnv,
  subgraphEnvSchema,
  ZDatabaseEnv,
  ZServiceEnv,
  type TSubgraphEnv,
} from '@badge/service-kit';

/** Settings of the badge domain's background work (worker and the expiry job). */
const ZBadgeJobsEnv = z.object({
  /** How often the worker runs the expiry sweep; 0 turns the in-worker sweep off (CronJob only). */
  BADGE_EXPIRY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** Grants expired per transaction by the sweep. */
  BADGE_EXPIRY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** How often the worker looks for PENDING batch tasks; 0 turns batch processing off. */
  BADGE_BATCH_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(2_000),
  /** CSV rows processed between two progress updates of a batch task. */
  BADGE_BATCH_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
});
export type TBadgeJobsEnv = z.infer<typeof ZBadgeJobsEnv>;

const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/**
 * Consumer group timings of the worker's grant-commands consumer (same names as the rule
 * worker's). The batch settings are constants of badge-worker.ts.
 */
const ZBadgeConsumerEnv = z.object({
  KAFKA_SESSION_TIMEOUT_MS: int(30_000, 6_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: int(3_000, 100),
});
export type TBadgeConsumerEnv = z.infer<typeof ZBadgeConsumerEnv>;

export type TBadgeEnv = TSubgraphEnv & TBadgeJobsEnv & TBadgeConsumerEnv;

type Source = Record<string, string | undefined>;

/** Server and worker (tests pass their own variables). */
export const loadEnvironment = (source: Source = process.env): TBadgeEnv =>
  parseEnv(
    subgraphEnvSchema(4001).extend(ZBadgeJobsEnv.shape).extend(ZBadgeConsumerEnv.shape),
    source,
  );

/** The expiry CronJob (`job:expire`): only the database and logging. */
const ZExpiryJobEnv = ZServiceEnv.extend(ZDatabaseEnv.shape).extend(ZBadgeJobsEnv.shape);
export type TExpiryJobEnv = z.infer<typeof ZExpiryJobEnv>;
export const loadExpiryJobEnvironment = (source: Source = process.env): TExpiryJobEnv =>
  parseEnv(ZExpiryJobEnv, source);
