import { Counter, type Registry } from 'prom-client';
import type { ConsumedMessage, MessageHandler } from '@badge/kafka';
import { messageIdOf, type DecodedEvent } from '@badge/proto';
import type { Logger } from '../logger.js';
import { decodeMessage } from './decode.js';

export interface InboxEntry {
  consumer: string;
  messageId: string;
  topic: string;
  partition: number;
  offset: string;
}

const counters = new WeakMap<Registry, Counter<'consumer' | 'event_type' | 'outcome'>>();
const eventsCounter = (registry: Registry) => {
  let c = counters.get(registry);
  if (!c) {
    c = new Counter({
      name: 'events_processed_total',
      help: 'Events handled by domain consumers, by outcome (processed, duplicate)',
      labelNames: ['consumer', 'event_type', 'outcome'] as const,
      registers: [registry],
    });
    counters.set(registry, c);
  }
  return c;
};

/**
 * A consumer's message handler: decode + validate (invalid → DLQ as poison), then `process` the
 * event exactly once — `process` writes the inbox row and the effect in one transaction and
 * returns false for a redelivery it already handled.
 */
export function createEventHandler(options: {
  consumer: string;
  logger: Logger;
  registry: Registry;
  process: (event: DecodedEvent, entry: InboxEntry, message: ConsumedMessage) => Promise<boolean>;
}): MessageHandler {
  const counter = eventsCounter(options.registry);
  return async (message) => {
    const event = decodeMessage(message);
    const entry: InboxEntry = {
      consumer: options.consumer,
      messageId: messageIdOf(event.message),
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
    };
    const processed = await options.process(event, entry, message);
    counter.inc({
      consumer: options.consumer,
      event_type: event.type,
      outcome: processed ? 'processed' : 'duplicate',
    });
    options.logger.debug(
      { eventType: event.type, messageId: entry.messageId, processed },
      'event handled',
    );
  };
}
