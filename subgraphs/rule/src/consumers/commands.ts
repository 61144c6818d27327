// Grant and revoke commands for the badge worker, as outbox rows. Command ids are deterministic:
// the n-th grant of a rule to a user is always `rule:<ruleId>:<user>:g<n>` (its revocation
// `…:r<n>`), so whatever is replayed or redelivered, the badge worker sees at most one command per
// grant and applies it once.
import { createHash } from 'node:crypto';
import {
  BadgeSource,
  createEvent,
  GrantBadgeCommandSchema,
  MAX_ID_LENGTH,
  RevocationKind,
  RevokeBadgeCommandSchema,
  timestampFromDate,
  toOutboxRecord,
  type OutboxRecord,
} from '@badge/proto';
import type { Effect } from '../engine/process.js';

export const RULE_WORKER_ACTOR = 'rule-worker';

function userPart(ruleId: string, userId: string, suffix: string): string {
  const plain = `rule:${ruleId}:${userId}:${suffix}`;
  if (plain.length <= MAX_ID_LENGTH && userId.trim() === userId) return userId;
  return `h${createHash('sha256').update(userId).digest('hex').slice(0, 40)}`;
}

/** `rule:<ruleId>:<userId>:g<n>` (the user id hashed when the whole would exceed 128 chars). */
export function grantCommandId(ruleId: string, userId: string, n: number): string {
  const suffix = `g${n}`;
  return `rule:${ruleId}:${userPart(ruleId, userId, suffix)}:${suffix}`;
}

export function revokeCommandId(ruleId: string, userId: string, n: number): string {
  const suffix = `r${n}`;
  return `rule:${ruleId}:${userPart(ruleId, userId, suffix)}:${suffix}`;
}

/** The outbox rows of a batch's effects, in order. */
export function effectsToOutbox(effects: readonly Effect[], now: Date): OutboxRecord[] {
  return effects.map((effect) => {
    const { rule, event } = effect;
    const def = rule.def;
    const trace = event.traceparent
      ? { trace: { traceparent: event.traceparent, tracestate: event.tracestate } }
      : {};
    if (effect.kind === 'grant') {
      const commandId = grantCommandId(def.ruleId, effect.userId, effect.n);
      return toOutboxRecord(
        GrantBadgeCommandSchema,
        createEvent(GrantBadgeCommandSchema, {
          commandId,
          userId: effect.userId,
          badgeId: def.badgeId,
          quantity: effect.quantity,
          source: BadgeSource.RULE,
          sourceRef: event.id,
          ruleId: def.ruleId,
          ruleVersion: def.version,
          reason: `rule ${def.ruleId} v${def.version} (${def.templateCode}) matched ${event.type} ${event.id}; grant #${effect.n}`,
          actor: RULE_WORKER_ACTOR,
          issuedAt: timestampFromDate(now),
          ...trace,
          metadata: {
            producer: RULE_WORKER_ACTOR,
            correlationId: event.correlationId || event.id,
            causationId: event.id,
          },
        }),
      );
    }
    return toOutboxRecord(
      RevokeBadgeCommandSchema,
      createEvent(RevokeBadgeCommandSchema, {
        commandId: revokeCommandId(def.ruleId, effect.userId, effect.n),
        userId: effect.userId,
        badgeId: def.badgeId,
        quantity: effect.quantity,
        source: BadgeSource.RULE,
        sourceRef: event.id,
        ruleId: def.ruleId,
        ruleVersion: def.version,
        reason: `refund ${event.id}: the condition of grant #${effect.n} (event ${effect.grantEventId}) no longer holds`,
        actor: RULE_WORKER_ACTOR,
        issuedAt: timestampFromDate(now),
        kind: RevocationKind.REVOKED,
        ...trace,
        metadata: {
          producer: RULE_WORKER_ACTOR,
          correlationId: event.correlationId || event.id,
          causationId: grantCommandId(def.ruleId, effect.userId, effect.n),
        },
      }),
    );
  });
}
