import type { ReadinessCheck } from './health.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, registerPoolMetrics, type ServiceMetrics } from './metrics.js';
import { createOpsServer } from './ops-server.js';
import { createShutdown, type Shutdown } from './shutdown.js';
import { startTracing } from './tracing.js';

/** The env fragments every process has (ZLogEnv + ZMetricsEnv + ZTelemetryEnv + ZNodeEnv). */
export interface RuntimeEnv {
  NODE_ENV: 'development' | 'test' | 'production';
  LOG_LEVEL: string;
  LOG_PRETTY: boolean;
  METRICS_PORT: number;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_TRACES_SAMPLER_RATIO: number;
}

export interface Runtime {
  service: string;
  logger: Logger;
  metrics: ServiceMetrics;
  shutdown: Shutdown;
  /** Adds readiness checks (shown on /ready of the ops port and of the main server). */
  addChecks(...checks: ReadinessCheck[]): void;
  checks(): readonly ReadinessCheck[];
  /** Marks /ready as draining on every probe endpoint of this process. */
  onDraining(fn: () => void): void;
  /** Starts the ops server; call once the process is wired. */
  start(): Promise<{ metricsPort: number }>;
}

/**
 * The common skeleton of every process (server or worker): tracing first, then logger, metrics,
 * the ops server (/metrics, /health, /ready on METRICS_PORT) and graceful shutdown on
 * SIGTERM/SIGINT. Deployables add their own parts and hooks in their `server.ts`/`worker.ts`.
 */
export function createRuntime(service: string, env: RuntimeEnv): Runtime {
  const tracing = startTracing({
    service,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
    samplerRatio: env.OTEL_TRACES_SAMPLER_RATIO,
  });
  const logger = createLogger({ name: service, level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  const metrics = createMetrics({ service });
  const shutdown = createShutdown({ logger });
  const checks: ReadinessCheck[] = [];
  const draining: (() => void)[] = [];
  const ops = createOpsServer({
    service,
    port: env.METRICS_PORT,
    registry: metrics.registry,
    checks: () => checks,
    logger,
  });
  draining.push(() => ops.probes.markDraining());
  shutdown.on('intake', 'mark-draining', () => draining.forEach((fn) => fn()));
  shutdown.on('close', 'ops-server', () => ops.stop());
  shutdown.on('close', 'tracing', () => tracing.shutdown());
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection'));

  return {
    service,
    logger,
    metrics,
    shutdown,
    addChecks: (...c) => checks.push(...c),
    checks: () => checks,
    onDraining: (fn) => draining.push(fn),
    async start() {
      const { port } = await ops.start();
      shutdown.trapSignals();
      return { metricsPort: port };
    },
  };
}

/** Runs `main`, logging a startup failure clearly and exiting non-zero instead of hanging. */
export function runMain(service: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const log = createLogger({ name: service });
    log.fatal({ err }, `${service} failed to start`);
    process.exit(1);
  });
}

/** The database part of a process, structurally (`@badge/db`'s createDatabase returns one). */
export interface AttachableDatabase {
  check: ReadinessCheck;
  pool: () => { max: number; total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** Pool options from the DATABASE_* variables, named after the process (pg_stat_activity). */
export const databaseOptions = (
  env: {
    DATABASE_URL: string;
    DATABASE_POOL_MAX: number;
    DATABASE_CONNECT_TIMEOUT_MS: number;
    DATABASE_STATEMENT_TIMEOUT_MS: number;
  },
  applicationName: string,
  /** where an idle pooled connection's error is reported (the pool replaces the connection) */
  logger?: Logger,
) => ({
  url: env.DATABASE_URL,
  poolMax: env.DATABASE_POOL_MAX,
  connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
  statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  applicationName,
  ...(logger && {
    onPoolError: (err: Error) =>
      logger.warn({ err: err.message }, 'idle database connection failed; the pool replaces it'),
  }),
});

/** Readiness (critical), pool metrics and close-on-shutdown for a process's database. */
export function attachDatabase<D extends AttachableDatabase>(runtime: Runtime, db: D): D {
  runtime.addChecks(db.check);
  registerPoolMetrics(runtime.metrics.registry, db.pool);
  runtime.shutdown.on('close', 'database', () => db.close());
  return db;
}
