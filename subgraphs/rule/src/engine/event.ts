// The engine's view of an incoming event: engagement and transaction events normalised into one
// shape, the value a rule's `field` parameter reads, and the CEL activation.
import {
  fromAttributes,
  timestampDate,
  TransactionType,
  type AttributePlain,
  type DecodedEvent,
  type EngagementEvent,
  type TransactionEvent,
} from '@badge/proto';
import { isValidTimeZone } from './time.js';

/** Event type names of transactions (rules list them in `eventTypes`). */
export const PURCHASE = 'purchase';
export const REFUND = 'refund';

export interface RuleEventItem {
  sku: string;
  quantity: number;
  amount: number;
  category: string;
  attributes: Record<string, AttributePlain>;
}

export interface RuleEvent {
  id: string;
  userId: string;
  /** The engagement `type` (`check_in`, …) or `purchase` / `refund` for transactions. */
  type: string;
  kind: 'engagement' | 'transaction';
  /** Event time (producer clock), epoch ms. Windows and streaks are keyed by it. */
  occurredAt: number;
  /** Transactions: amount in minor units (12900 = 129.00 CNY); 0 for engagement events. */
  amount: number;
  currency: string;
  orderId: string;
  /** Refunds: the refunded purchase's event id (may be empty: then `orderId` finds it). */
  refundOf: string;
  source: string;
  attributes: Record<string, AttributePlain>;
  items: RuleEventItem[];
  /** The user's IANA time zone from the `timezone` attribute, when it is a valid one. */
  timezone: string | null;
  traceparent: string;
  tracestate: string;
  correlationId: string;
}

const toNumber = (v: bigint): number => Number(v);

function timezoneOf(attributes: Record<string, AttributePlain>): string | null {
  const tz = attributes.timezone;
  return typeof tz === 'string' && isValidTimeZone(tz) ? tz : null;
}

export function fromEngagementEvent(msg: EngagementEvent): RuleEvent {
  const attributes = fromAttributes(msg.attributes);
  return {
    id: msg.eventId,
    userId: msg.userId,
    type: msg.type,
    kind: 'engagement',
    occurredAt: msg.occurredAt ? timestampDate(msg.occurredAt).getTime() : 0,
    amount: 0,
    currency: '',
    orderId: '',
    refundOf: '',
    source: msg.source,
    attributes,
    items: [],
    timezone: timezoneOf(attributes),
    traceparent: msg.trace?.traceparent ?? '',
    tracestate: msg.trace?.tracestate ?? '',
    correlationId: msg.metadata?.correlationId ?? '',
  };
}

export function fromTransactionEvent(msg: TransactionEvent): RuleEvent {
  const attributes = fromAttributes(msg.attributes);
  return {
    id: msg.eventId,
    userId: msg.userId,
    type: msg.type === TransactionType.REFUND ? REFUND : PURCHASE,
    kind: 'transaction',
    occurredAt: msg.occurredAt ? timestampDate(msg.occurredAt).getTime() : 0,
    amount: toNumber(msg.amount),
    currency: msg.currency,
    orderId: msg.orderId,
    refundOf: msg.refundOfEventId,
    source: msg.source,
    attributes,
    items: msg.items.map((i) => ({
      sku: i.sku,
      quantity: i.quantity,
      amount: toNumber(i.amount),
      category: i.category,
      attributes: fromAttributes(i.attributes),
    })),
    timezone: timezoneOf(attributes),
    traceparent: msg.trace?.traceparent ?? '',
    tracestate: msg.trace?.tracestate ?? '',
    correlationId: msg.metadata?.correlationId ?? '',
  };
}

/** A decoded Kafka message as a rule event, or null for event types the rule worker ignores. */
export function fromDecodedEvent(decoded: DecodedEvent): RuleEvent | null {
  switch (decoded.type) {
    case 'engagement.event.v1':
      return fromEngagementEvent(decoded.message);
    case 'transaction.event.v1':
      return fromTransactionEvent(decoded.message);
    default:
      return null;
  }
}

/**
 * The numeric value a rule's `field` parameter reads: `amount` (minor units) or a numeric
 * attribute (int or double). Undefined when the event has no such number.
 */
export function fieldValue(event: RuleEvent, field: string): number | undefined {
  if (field === 'amount') return event.kind === 'transaction' ? event.amount : undefined;
  const v = event.attributes[field];
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return undefined;
}

const activations = new WeakMap<RuleEvent, Record<string, unknown>>();

/**
 * The CEL activation of an event (built once per event, shared by every rule): `event` (typed
 * fields, see cel.ts) and `attributes` (the event's attributes: string, int, double, bool,
 * timestamp, list).
 */
export function celActivation(event: RuleEvent): Record<string, unknown> {
  let activation = activations.get(event);
  if (!activation) {
    activation = {
      event: {
        id: event.id,
        user_id: event.userId,
        type: event.type,
        kind: event.kind,
        occurred_at: new Date(event.occurredAt),
        source: event.source,
        amount: BigInt(event.amount),
        currency: event.currency,
        order_id: event.orderId,
        refund_of_event_id: event.refundOf,
        items: event.items.map((i) => ({
          sku: i.sku,
          quantity: BigInt(i.quantity),
          amount: BigInt(i.amount),
          category: i.category,
          attributes: i.attributes,
        })),
      },
      attributes: event.attributes,
    };
    activations.set(event, activation);
  }
  return activation;
}
