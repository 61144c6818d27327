import { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createKafka, kafkaLogLevelFor, pinoLogCreator } from './client.js';

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
