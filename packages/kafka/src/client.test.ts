import { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createKafka, kafkaLogLevelFor, kafkaOptionsFromEnv, pinoLogCreator } from './client.js';

function captureLogger(level = 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('kafkajs logs into pino', () => {
  it('maps levels and keeps kafkajs fields', () => {
    const { logger, lines } = captureLogger();
    const log = pinoLogCreator(logger)(logLevel.DEBUG);
    log({
      namespace: 'Consumer',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: {
        timestamp: '2026-01-01T00:00:00.000Z',
        logger: 'kafkajs',
        message: 'Crash',
        groupId: 'g1',
      },
    });
    log({
      namespace: 'Producer',
      level: logLevel.DEBUG,
      label: 'DEBUG',
      log: { timestamp: 't', message: 'sent' },
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'Crash',
      component: 'kafkajs',
      namespace: 'Consumer',
      groupId: 'g1',
    });
    expect(lines[0]).not.toHaveProperty('logger');
    expect(lines[0]).not.toHaveProperty('timestamp');
    expect(lines[1]).toMatchObject({ level: 20, msg: 'sent', namespace: 'Producer' });
  });

  it('asks kafkajs only for what pino will print', () => {
    expect(kafkaLogLevelFor('debug')).toBe(logLevel.DEBUG);
    expect(kafkaLogLevelFor('info')).toBe(logLevel.INFO);
    expect(kafkaLogLevelFor('warn')).toBe(logLevel.WARN);
    expect(kafkaLogLevelFor('fatal')).toBe(logLevel.ERROR);
    expect(kafkaLogLevelFor('silent')).toBe(logLevel.NOTHING);
  });

  it('creates a client with TLS and SASL options', () => {
    const { logger } = captureLogger();
    const kafka = createKafka({
      brokers: ['b1:9093'],
      clientId: 'svc',
      ssl: { rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
      logger,
    });
    expect(typeof kafka.producer).toBe('function');
  });
});

describe('kafkaOptionsFromEnv', () => {
  const { logger } = captureLogger();
  const base = { KAFKA_BROKERS: ['k1:9093', 'k2:9093'], KAFKA_SSL: true };

  it('takes brokers, TLS and the client id (the service name unless set)', () => {
    expect(kafkaOptionsFromEnv(base, { clientId: 'badge-worker', logger })).toEqual({
      brokers: ['k1:9093', 'k2:9093'],
      clientId: 'badge-worker',
      ssl: true,
      logger,
    });
    expect(
      kafkaOptionsFromEnv({ ...base, KAFKA_CLIENT_ID: 'custom' }, { clientId: 'x', logger })
        .clientId,
    ).toBe('custom');
  });

  it('adds SASL only when mechanism, username and password are all set', () => {
    const sasl = {
      KAFKA_SASL_MECHANISM: 'scram-sha-512' as const,
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'pw',
    };
    expect(kafkaOptionsFromEnv({ ...base, ...sasl }, { clientId: 'x', logger }).sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'svc',
      password: 'pw',
    });
    expect(
      kafkaOptionsFromEnv(
        { ...base, ...sasl, KAFKA_SASL_PASSWORD: undefined },
        { clientId: 'x', logger },
      ).sasl,
    ).toBeUndefined();
  });
});
