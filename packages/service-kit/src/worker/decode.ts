import { PoisonMessageError, type ConsumedMessage } from '@badge/kafka';
import {
  decodeByType,
  EVENT_REGISTRY,
  HEADERS,
  isInvalidEventError,
  type DecodedEvent,
  type EventType,
} from '@badge/proto';

/** The event type a topic carries when it carries exactly one (input topics from producers). */
const SINGLE_TYPE_BY_TOPIC = new Map<string, EventType>();
{
  const byTopic = new Map<string, EventType[]>();
  for (const [type, entry] of Object.entries(EVENT_REGISTRY) as [EventType, { topic: string }][]) {
    byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), type]);
  }
  for (const [topic, types] of byTopic)
    if (types.length === 1) SINGLE_TYPE_BY_TOPIC.set(topic, types[0]!);
}

/**
 * Decodes and validates a consumed message by its `x-event-type` header (or the topic's only
 * type). A malformed or invalid message is a PoisonMessageError: the consumer sends it to the
 * DLQ with the validation error and moves on.
 */
export function decodeMessage(message: ConsumedMessage): DecodedEvent {
  const eventType = message.headers[HEADERS.EVENT_TYPE] ?? SINGLE_TYPE_BY_TOPIC.get(message.topic);
  try {
    return decodeByType(eventType, message.value, message.headers[HEADERS.CONTENT_TYPE]);
  } catch (err) {
    if (isInvalidEventError(err))
      throw new PoisonMessageError(`invalid event on ${message.topic}: ${err.message}`, {
        cause: err,
      });
    throw err;
  }
}
