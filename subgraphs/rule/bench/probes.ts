// How the pipeline benchmark observes "grant committed". Pluggable, one interface:
// - badge-granted (default): BadgeGranted on badge.badge.events — the badge worker committed the
//   user_badge row and its outbox row in one transaction, its relay published the event after
//   the commit; command_id names the rule's GrantBadgeCommand, source_ref the triggering event.
//   This is event produced → badge grant committed (and announced), end to end.
// - command-topic: the rule's grant commands as its outbox relay publishes them (rule side only).
// - outbox: polls the rule outbox table itself (rule side only).
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import {
  BadgeGrantedSchema,
  BadgeSource,
  decodeEvent,
  GrantBadgeCommandSchema,
  HEADERS,
  TOPICS,
} from '@badge/proto';
import { outboxGrantsSince } from './bench.repository.js';

export interface GrantObservation {
  /** the GrantBadgeCommand's id (= the badge grant's idempotency key) */
  commandId: string;
  /** the triggering event id */
  sourceRef: string;
  ruleId: string;
  userId: string;
  /** when the probe first saw it (epoch ms, this process's clock) */
  seenAt: number;
}

export interface GrantProbe {
  readonly name: string;
  /** First observation of each command id. */
  readonly seen: Map<string, GrantObservation>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function record(seen: Map<string, GrantObservation>, payload: Uint8Array, seenAt: number): void {
  const cmd = decodeEvent(GrantBadgeCommandSchema, payload, 'application/x-protobuf');
  if (seen.has(cmd.commandId)) return;
  seen.set(cmd.commandId, {
    commandId: cmd.commandId,
    sourceRef: cmd.sourceRef,
    ruleId: cmd.ruleId,
    userId: cmd.userId,
    seenAt,
  });
}

/** A BadgeGranted of a rule's command (other sources — manual, batch, cascade — are ignored). */
function recordGranted(
  seen: Map<string, GrantObservation>,
  payload: Uint8Array,
  seenAt: number,
): void {
  const granted = decodeEvent(BadgeGrantedSchema, payload, 'application/x-protobuf');
  if (granted.source !== BadgeSource.RULE || !granted.commandId || seen.has(granted.commandId))
    return;
  seen.set(granted.commandId, {
    commandId: granted.commandId,
    sourceRef: granted.sourceRef,
    ruleId: granted.ruleId,
    userId: granted.userId,
    seenAt,
  });
}

/** A probe reading `topic` from the beginning; `onMessage` for messages of `eventType`. */
function topicProbe(
  kafka: Kafka,
  name: string,
  topic: string,
  eventType: string,
  onMessage: (seen: Map<string, GrantObservation>, payload: Uint8Array, seenAt: number) => void,
): GrantProbe {
  const seen = new Map<string, GrantObservation>();
  const consumer = kafka.consumer({
    groupId: `bench-probe-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 20,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
  });
  return {
    name,
    seen,
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          const now = Date.now();
          for (const m of batch.messages) {
            if (m.headers?.[HEADERS.EVENT_TYPE]?.toString() !== eventType || !m.value) continue;
            onMessage(seen, m.value, now);
          }
        },
      });
    },
    stop: () => consumer.disconnect(),
  };
}

/**
 * Badge grants committed by the badge worker: `badge.granted.v1` on badge.badge.events (published
 * by the badge worker's outbox relay after the grant's transaction committed), keyed by the
 * command id they carry.
 */
export const badgeGrantedProbe = (kafka: Kafka): GrantProbe =>
  topicProbe(kafka, 'badge-granted', TOPICS.BADGE_EVENTS, 'badge.granted.v1', recordGranted);

/** Grant commands as published on badge.grant.commands (after commit, by the outbox relay). */
export const commandTopicProbe = (kafka: Kafka): GrantProbe =>
  topicProbe(kafka, 'command-topic', TOPICS.GRANT_COMMANDS, 'badge.grant.command.v1', record);

/** Grant commands as committed in rule.outbox_event (polled every `intervalMs`). */
export function outboxProbe(pool: pg.Pool, intervalMs = 10): GrantProbe {
  const seen = new Map<string, GrantObservation>();
  const ids = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let watermark = new Date(0);
  let running = false;
  const poll = async () => {
    if (running) return;
    running = true;
    try {
      // created_at is the writing transaction's start: look 5 s back for late committers.
      const rows = await outboxGrantsSince(pool, new Date(watermark.getTime() - 5000));
      const now = Date.now();
      for (const r of rows) {
        if (ids.has(r.id)) continue;
        ids.add(r.id);
        record(seen, r.payload, now);
        if (r.createdAt > watermark) watermark = r.createdAt;
      }
    } finally {
      running = false;
    }
  };
  return {
    name: 'outbox',
    seen,
    async start() {
      await poll();
      timer = setInterval(() => void poll().catch(() => undefined), intervalMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}
