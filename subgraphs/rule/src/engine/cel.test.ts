import { describe, expect, it } from 'vitest';
import { CelCompileError, compileCondition } from './cel.js';
import type { RuleEvent } from './event.js';

const event = (over: Partial<RuleEvent> = {}): RuleEvent => ({
  id: 'e1',
  userId: 'u1',
  type: 'purchase',
  kind: 'transaction',
  occurredAt: Date.parse('2025-03-01T01:30:00Z'),
  amount: 12900,
  currency: 'CNY',
  orderId: 'O-1',
  refundOf: '',
  source: 'pos',
  attributes: { store_id: 'SH-001', visits: 3n, rating: 4.5, tags: ['weekend'] },
  items: [{ sku: 'LATTE', quantity: 2, amount: 7800, category: 'coffee', attributes: {} }],
  timezone: null,
  traceparent: '',
  tracestate: '',
  correlationId: '',
  ...over,
});

describe('CEL conditions', () => {
  it('evaluates against the event and its typed attributes', () => {
    const cases: [string, boolean][] = [
      ['event.amount >= 10000 && event.currency == "CNY"', true],
      ['attributes.store_id.startsWith("SH")', true],
      ['attributes.visits > 2 && attributes.rating >= 4.5', true],
      ['"weekend" in attributes.tags', true],
      ['event.items.exists(i, i.category == "coffee" && i.quantity >= 2)', true],
      ['event.occurred_at.getHours("Asia/Shanghai") == 9', true],
      ['event.type == "refund"', false],
    ];
    for (const [source, expected] of cases)
      expect(compileCondition(source).evaluate(event()), source).toEqual({ matched: expected });
  });

  it('a missing attribute is “not met” with the reason, not a failure', () => {
    const r = compileCondition('attributes.channel == "app"').evaluate(event());
    expect(r.matched).toBe(false);
    expect(r.error).toContain('No such key: channel');
    expect(
      compileCondition('has(attributes.channel) && attributes.channel == "app"').evaluate(event()),
    ).toEqual({
      matched: false,
    });
  });

  it('refuses bad expressions at compile time with their position', () => {
    const fail = (source: string) => {
      try {
        compileCondition(source);
      } catch (err) {
        return err as CelCompileError;
      }
      throw new Error(`compiled: ${source}`);
    };
    const syntax = fail('event.amount >=\n  ');
    expect(syntax).toBeInstanceOf(CelCompileError);
    expect([syntax.line, syntax.summary]).toEqual([2, 'Unexpected token: EOF']);
    expect(fail('event.nope == 1').summary).toContain('nope');
    expect(fail('event.amount + "x" == "y"').summary).toContain('no such overload');
    expect(fail('event.amount').summary).toContain('must produce a bool');
    expect(fail('attributes.sku.matches("(a+)+")').summary).toContain('nests quantifiers');
    expect(fail('matches(attributes.sku, "(x*)*y")').summary).toContain('nests quantifiers');
    expect(fail('attributes.sku.matches(attributes.pattern)').summary).toContain('literal');
    expect(
      compileCondition('attributes.store_id.matches("^SH-[0-9]+$")').evaluate(event()),
    ).toEqual({ matched: true });
    expect(fail('x'.repeat(2001)).summary).toContain('longer than');
  });
});
