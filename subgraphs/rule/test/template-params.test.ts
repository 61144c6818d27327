import { describe, expect, it } from 'vitest';
import { RULE_TEMPLATES } from '@badge/db';
import { templateConfig, validateParams, type ParamDefinition } from '../src/engine/params.js';

const defs = (code: string) =>
  RULE_TEMPLATES.find((t) => t.code === code)!.parameterSchema.params as ParamDefinition[];

describe('template parameters', () => {
  it('validates against the seed’s parameter schemas and fills defaults', () => {
    const { params, issues } = validateParams(defs('single_event_threshold'), {
      threshold: '99.90',
    });
    expect(issues).toEqual([]);
    expect(params).toEqual({ field: 'amount', operator: 'gte', threshold: '99.90' });
  });

  it('reports every problem with its parameter', () => {
    const { issues } = validateParams(defs('count_in_window'), {
      count: '1.5',
      window: 'PT30S',
      extra: 'x',
    });
    expect(issues.map((i) => i.param).sort()).toEqual(['count', 'extra', 'window']);
    expect(issues.find((i) => i.param === 'window')?.message).toContain('60 seconds');
    const days = validateParams(defs('consecutive_days'), { days: '1' });
    expect(days.issues[0]?.message).toContain('at least 2');
    const op = validateParams(defs('single_event_threshold'), { threshold: '1', operator: 'ge' });
    expect(op.issues[0]?.param).toBe('operator');
    const neg = validateParams(defs('sum_in_window'), { threshold: '-1', window: 'P1D' });
    expect(neg.issues[0]?.param).toBe('threshold');
  });

  it('builds the evaluable configuration of every seeded template', () => {
    expect(templateConfig('first_event', {})).toEqual({ code: 'first_event' });
    expect(templateConfig('count_in_window', { count: 3, window: 'P7D' })).toEqual({
      code: 'count_in_window',
      count: 3,
      windowMs: 7 * 86_400_000,
    });
    expect(templateConfig('distinct_days_in_period', { days: 3, period: 'PT36H' })).toMatchObject({
      periodDays: 2,
    });
    expect(() => templateConfig('nope', {})).toThrow(/not supported/);
    expect(() =>
      templateConfig('sum_in_window', { field: 'a-b', threshold: '1', window: 'P1D' }),
    ).toThrow();
    for (const t of RULE_TEMPLATES)
      expect(() => validateParams(t.parameterSchema.params as ParamDefinition[], {})).not.toThrow();
  });
});
