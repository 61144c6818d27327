import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel as KafkaLogLevel } from 'kafkajs';
import type { KafkaConfig, LogEntry, RetryOptions, logCreator } from 'kafkajs';
import type { Logger } from 'pino';

export type KafkaSaslOptions =
  | { mechanism: 'plain'; username: string; password: string }
  | { mechanism: 'scram-sha-256'; username: string; password: string }
  | { mechanism: 'scram-sha-512'; username: string; password: string };

export interface CreateKafkaOptions {
  brokers: string[];
  clientId: string;
  /** `true` for TLS with the system CAs, or node TLS options (ca, cert, key, servername…). */
  ssl?: boolean | ConnectionOptions;
  sasl?: KafkaSaslOptions;
  logger: Logger;
  connectionTimeout?: number;
  requestTimeout?: number;
  retry?: RetryOptions;
}

/** The `KAFKA_*` settings of a worker's environment, structurally (the service kit's TKafkaEnv). */
export interface KafkaClientEnv {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID?: string | undefined;
  KAFKA_SSL: boolean;
  KAFKA_SASL_MECHANISM?: KafkaSaslOptions['mechanism'] | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/** createKafka options from the `KAFKA_*` environment (SASL only when all three are set). */
export function kafkaOptionsFromEnv(
  env: KafkaClientEnv,
  defaults: { clientId: string; logger: Logger },
): CreateKafkaOptions {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } = env;
  const password = env.KAFKA_SASL_PASSWORD;
  return {
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? defaults.clientId,
    ssl: env.KAFKA_SSL,
    ...(mechanism && username && password ? { sasl: { mechanism, username, password } } : {}),
    logger: defaults.logger,
  };
}

/** pino level → the most verbose kafkajs level that pino would still print. */
export function kafkaLogLevelFor(level: string): KafkaLogLevel {
  switch (level) {
    case 'trace':
    case 'debug':
      return KafkaLogLevel.DEBUG;
    case 'info':
      return KafkaLogLevel.INFO;
    case 'warn':
      return KafkaLogLevel.WARN;
    case 'error':
    case 'fatal':
      return KafkaLogLevel.ERROR;
    case 'silent':
      return KafkaLogLevel.NOTHING;
    default:
      return KafkaLogLevel.INFO;
  }
}

/**
 * kafkajs `logCreator` that writes every kafkajs log entry to a child of `logger`
 * (`{ component: 'kafkajs', namespace }`), keeping kafkajs' structured fields as pino fields.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const base = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      // kafkajs' own timestamp and logger name duplicate what pino adds.
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const obj = { namespace, ...fields };
      switch (level) {
        case KafkaLogLevel.ERROR:
          base.error(obj, message);
          break;
        case KafkaLogLevel.WARN:
          base.warn(obj, message);
          break;
        case KafkaLogLevel.INFO:
          base.info(obj, message);
          break;
        case KafkaLogLevel.DEBUG:
          base.debug(obj, message);
          break;
        default:
          break;
      }
    };
}

/**
 * A kafkajs client whose logs go to pino. TLS via `ssl`, SASL PLAIN / SCRAM-SHA-256/512 via
 * `sasl` (use SASL only together with TLS outside a trusted network).
 */
export function createKafka(options: CreateKafkaOptions): Kafka {
  const config: KafkaConfig = {
    brokers: options.brokers,
    clientId: options.clientId,
    logLevel: kafkaLogLevelFor(options.logger.level),
    logCreator: pinoLogCreator(options.logger),
  };
  if (options.ssl !== undefined) config.ssl = options.ssl;
  if (options.sasl !== undefined) config.sasl = options.sasl;
  if (options.connectionTimeout !== undefined) config.connectionTimeout = options.connectionTimeout;
  if (options.requestTimeout !== undefined) config.requestTimeout = options.requestTimeout;
  if (options.retry !== undefined) config.retry = options.retry;
  return new Kafka(config);
}
