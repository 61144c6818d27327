import { z } from 'zod';

/**
 * Environment parsing shared by every deployable. Each deployable has exactly one
 * `environment.ts` that passes `process.env` to `parseEnv` with a schema composed from the
 * fragments below; nothing else reads `process.env`.
 */
export class EnvError extends Error {
  override readonly name = 'EnvError';
}

export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
export const zBool = (fallback: boolean) => bool.optional().transform((v) => v ?? fallback);
export const zPort = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export const ZNodeEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
});

export const ZLogEnv = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: zBool(false),
});

export const ZMetricsEnv = z.object({
  /** Port of the ops server (/metrics, /health, /ready). 0 picks a free port. */
  METRICS_PORT: zPort(9464),
});

export const ZTelemetryEnv = z.object({
  /** OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces. Unset: no export. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_TRACES_SAMPLER_RATIO: z.coerce.number().min(0).max(1).default(1),
});

export const ZDatabaseEnv = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Require TLS to PostgreSQL (also possible with ?sslmode=require in the URL). */
  DATABASE_SSL: zBool(false),
});

export const ZRedisEnv = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
});

export const ZKafkaEnv = z.object({
  KAFKA_BROKERS: csv.pipe(z.array(z.string().min(1)).min(1, 'at least one broker')),
  KAFKA_CLIENT_ID: z.string().optional(),
  KAFKA_SSL: zBool(false),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /**
   * Rows per outbox relay round (claim → publish → mark published) of a worker. Large enough that
   * the relay keeps up while its worker's event loop is busy with big consumer batches.
   */
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1_000),
});

export const ZIdentityEnv = z.object({
  /**
   * HMAC secrets for the gateway → subgraph identity token, comma-separated, newest first. The
   * gateway signs with the first; subgraphs accept any (rotation: add the new one in front,
   * deploy, then drop the old one).
   */
  INTERNAL_IDENTITY_SECRETS: csv.pipe(
    z.array(z.string().min(32, 'each identity secret needs at least 32 characters')).min(1),
  ),
});

export type TKafkaEnv = z.infer<typeof ZKafkaEnv>;

/** What every process reads: NODE_ENV, logging, the ops port, telemetry. */
export const ZServiceEnv = ZNodeEnv.extend(ZLogEnv.shape)
  .extend(ZMetricsEnv.shape)
  .extend(ZTelemetryEnv.shape);

/**
 * A subgraph package (server and worker entry points share it): database, Redis, Kafka, the
 * gateway identity secrets, and its GraphQL port.
 */
export const subgraphEnvSchema = (defaultPort: number) =>
  ZServiceEnv.extend(ZDatabaseEnv.shape)
    .extend(ZRedisEnv.shape)
    .extend(ZKafkaEnv.shape)
    .extend(ZIdentityEnv.shape)
    .extend({ PORT: zPort(defaultPort), GRAPHQL_INTROSPECTION: zBool(true) });
export type TSubgraphEnv = z.infer<ReturnType<typeof subgraphEnvSchema>>;
