// How the pipeline benchmark observes "grant committed". Pluggable: the default reads the grant
// commands the rule worker's outbox relay publishes (committed first, then published); `outbox`
// polls the rule outbox table itself. Once the badge worker lands, a probe on badge.badge.events
// (BadgeGranted, whose command_id names the GrantBadgeCommand) measures event → badge granted
// with the same interface.
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import { decodeEvent, GrantBadgeCommandSchema, TOPICS } from '@badge/proto';
import { outboxGrantsSince } from './bench.repository.js';

export interface GrantObservation {
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

/** Grant commands as published on badge.grant.commands (after commit, by the outbox relay). */
export function commandTopicProbe(kafka: Kafka): GrantProbe {
  const seen = new Map<string, GrantObservation>();
  const consumer = kafka.consumer({
    groupId: `bench-probe-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 20,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
  });
  return {
    name: 'command-topic',
    seen,
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics: [TOPICS.GRANT_COMMANDS], fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          const now = Date.now();
          for (const m of batch.messages) {
            if (m.headers?.['x-event-type']?.toString() !== 'badge.grant.command.v1' || !m.value)
              continue;
            record(seen, m.value, now);
          }
        },
      });
    },
    stop: () => consumer.disconnect(),
  };
}

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
