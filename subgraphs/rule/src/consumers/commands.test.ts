import { describe, expect, it } from 'vitest';
import {
  decodeEvent,
  GrantBadgeCommandSchema,
  MAX_ID_LENGTH,
  RevokeBadgeCommandSchema,
} from '@badge/proto';
import { compileRule } from '../engine/compile.js';
import type { RuleEvent } from '../engine/event.js';
import { effectsToOutbox, grantCommandId, revokeCommandId } from './commands.js';

const RULE = '3f2a9c1e-0000-4000-8000-000000000001';

describe('grant and revoke commands', () => {
  it('have deterministic ids that fit the contract, whatever the user id', () => {
    expect(grantCommandId(RULE, 'u-10086', 3)).toBe(`rule:${RULE}:u-10086:g3`);
    expect(revokeCommandId(RULE, 'u-10086', 3)).toBe(`rule:${RULE}:u-10086:r3`);
    const long = 'u'.repeat(128);
    const id = grantCommandId(RULE, long, 12);
    expect(id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
    expect(id).toBe(grantCommandId(RULE, long, 12));
    expect(id).not.toBe(grantCommandId(RULE, `${'u'.repeat(127)}v`, 12));
  });

  it('are valid contract messages that carry the rule version and the trace', () => {
    const rule = compileRule({
      ruleId: RULE,
      version: 4,
      badgeId: 'b8a7c6d5-0000-4000-8000-00000000b001',
      eventTypes: ['purchase'],
      templateCode: 'first_event',
      params: {},
      celCondition: null,
      activeFrom: null,
      activeUntil: null,
      perUserGrantLimit: null,
      grantQuantity: 2,
      timezone: null,
    });
    const event = {
      id: 'e-1',
      userId: 'u-1',
      type: 'purchase',
      correlationId: '',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: '',
    } as RuleEvent;
    const [grant, revoke] = effectsToOutbox(
      [
        { kind: 'grant', rule, userId: 'u-1', n: 1, quantity: 2, event },
        { kind: 'revoke', rule, userId: 'u-1', n: 1, quantity: 2, event, grantEventId: 'e-0' },
      ],
      new Date('2025-03-01T00:00:00Z'),
    );
    expect(grant!.key).toBe('u-1');
    expect(grant!.headers.traceparent).toBe(event.traceparent);
    const g = decodeEvent(GrantBadgeCommandSchema, grant!.payload);
    expect([g.commandId, g.ruleVersion, g.quantity, g.sourceRef, g.actor]).toEqual([
      `rule:${RULE}:u-1:g1`,
      4,
      2,
      'e-1',
      'rule-worker',
    ]);
    const r = decodeEvent(RevokeBadgeCommandSchema, revoke!.payload);
    expect([r.commandId, r.metadata?.causationId]).toEqual([`rule:${RULE}:u-1:r1`, g.commandId]);
  });
});
