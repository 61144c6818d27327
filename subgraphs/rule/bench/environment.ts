// The benchmarks' only reader of process.env.
import { z } from 'zod';

const ZBenchEnv = z.object({
  /** micro-benchmark: seconds per variant */
  BENCH_SECONDS: z.coerce.number().positive().default(3),
  /** pipeline: events produced in the throughput phase (about 5 % are re-sent duplicates) */
  BENCH_EVENTS: z.coerce.number().int().positive().default(50_000),
  BENCH_USERS: z.coerce.number().int().positive().default(5_000),
  /** pipeline: offered rate and duration of the latency phase */
  BENCH_RATE: z.coerce.number().int().positive().default(1_000),
  BENCH_LATENCY_SECONDS: z.coerce.number().positive().default(20),
  /**
   * latency phase: the producer sends what is due every BENCH_LINGER_MS (like a producer's
   * linger.ms). The librdkafka mock returns one record batch per partition per fetch, so one
   * message per produce call would cap consumption far below real Kafka.
   */
  BENCH_LINGER_MS: z.coerce.number().int().min(1).default(50),
  /**
   * how a committed grant is observed: badge-granted (default: BadgeGranted on badge.badge.events,
   * published by the badge worker after the grant committed), command-topic (the rule's grant
   * command as published) or outbox (the rule outbox table, polled)
   */
  BENCH_PROBE: z.enum(['badge-granted', 'command-topic', 'outbox']).default('badge-granted'),
  /** server on which the scratch database is created (and dropped) */
  BENCH_DATABASE_ADMIN_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/postgres'),
  BENCH_KEEP_DB: z.enum(['0', '1']).default('0'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** extra RULE_* / DATABASE_* settings passed to the worker, e.g. "RULE_BATCH_MAX=1000" */
  BENCH_WORKER_ENV: z.string().default(''),
  /** extra BADGE_* / DATABASE_* settings passed to the badge worker, e.g. "DATABASE_POOL_MAX=20" */
  BENCH_BADGE_WORKER_ENV: z.string().default(''),
  LOG_LEVEL: z.string().default('warn'),
  /** write a V8 CPU profile of the rule worker into this directory */
  BENCH_WORKER_PROFILE: z.string().optional(),
  /** write a V8 CPU profile of the badge worker into this directory */
  BENCH_BADGE_WORKER_PROFILE: z.string().optional(),
});
export type BenchEnv = z.infer<typeof ZBenchEnv>;

export const benchEnv = (): BenchEnv => ZBenchEnv.parse(process.env);
export const benchSeconds = (): number => benchEnv().BENCH_SECONDS;
/** The parent's environment for a child process (PATH, HOME, …). */
export const inheritedEnv = (): NodeJS.ProcessEnv => ({ ...process.env });
