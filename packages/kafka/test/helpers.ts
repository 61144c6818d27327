// Shared fixtures for the integration tests: a real librdkafka mock broker per test file, a pino
// logger, an OpenTelemetry setup that records spans in memory, and polling helpers.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import type { Context, ContextManager } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { pino } from 'pino';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { createKafka } from '../src/client.js';
import { startMockKafka } from '../src/mock-broker.js';
import type { MockKafka } from '../src/mock-broker.js';

export const uid = (): string => randomBytes(4).toString('hex');

export function testLogger(): Logger {
  // eslint-disable-next-line no-restricted-properties -- test fixture: LOG_LEVEL=debug to see kafkajs logs
  return pino({ level: process.env.LOG_LEVEL ?? 'silent' });
}

export interface TestBroker {
  mock: MockKafka;
  kafka: Kafka;
  logger: Logger;
  stop(): void;
}

export function startTestBroker(topics: Record<string, number> = {}): TestBroker {
  const mock = startMockKafka({ brokers: 1, topics: { 'badge.dlq': 1, ...topics } });
  const logger = testLogger();
  const kafka = createKafka({ brokers: mock.brokers, clientId: `test-${uid()}`, logger });
  return { mock, kafka, logger, stop: () => mock.stop() };
}

/** Consumer group timings that keep the mock's rebalance waits short. */
export const FAST_GROUP = {
  sessionTimeout: 6000,
  heartbeatInterval: 500,
  rebalanceTimeout: 6000,
} as const;

/** Minimal AsyncLocalStorage context manager (what @opentelemetry/context-async-hooks does). */
class AlsContextManager implements ContextManager {
  private readonly als = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.als.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.als.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as (...a: unknown[]) => unknown;
    return ((...a: unknown[]) => this.with(ctx, fn, undefined, ...a)) as T;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.als.disable();
    return this;
  }
}

/** Registers W3C propagation, async context and an in-memory span exporter globally. */
export function setupTracing(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AlsContextManager());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return exporter;
}

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface Collected {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/**
 * A plain kafkajs consumer (its own group, from the beginning) that collects everything on
 * `topics` — an independent reader to check what our components wrote.
 */
export async function startCollector(
  kafka: Kafka,
  topics: string[],
): Promise<{
  messages: Collected[];
  stop(): Promise<void>;
}> {
  const messages: Collected[] = [];
  const consumer = kafka.consumer({
    groupId: `collector-${uid()}`,
    maxWaitTimeInMs: 100,
    ...FAST_GROUP,
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      messages.push({ topic, partition, message });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

export const header = (m: KafkaMessage, name: string): string | undefined => {
  const v = m.headers?.[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
};

/** The value of one series of a metric in `registry` (0 when it has none yet). */
export const metricValue = async (
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> => {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const match = values.find((v) =>
    Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val),
  );
  return match?.value ?? 0;
};
