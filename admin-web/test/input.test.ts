import { describe, expect, it } from 'vitest';
import { operationLogFilter } from '../src/app/(console)/operation-log/filter';
import { parseActionInput, toActionResult, InputError } from '../src/server/action-result';
import { GatewayError } from '../src/server/gateway';
import { zCode } from '../src/server/input';
import { enumParam, pageArgs, param } from '../src/server/search-params';

describe('URL search parameters', () => {
  it('reads trimmed single values, known enum values and the page cursor', () => {
    const params = { q: '  bird ', status: ['PUBLISHED', 'DRAFT'], after: 'abc', sort: 'HACK' };
    expect(param(params, 'q')).toBe('bird');
    expect(param(params, 'missing')).toBeUndefined();
    expect(enumParam(params, 'status', ['DRAFT', 'PUBLISHED'] as const)).toBe('PUBLISHED');
    expect(enumParam(params, 'sort', ['DISPLAY_ORDER'] as const)).toBeUndefined();
    expect(pageArgs(params)).toEqual({ first: 20, after: 'abc' });
  });

  it('keeps only valid operation-log filters', () => {
    expect(
      operationLogFilter({
        module: 'badge',
        actorType: 'ROBOT',
        from: 'yesterday',
        to: '2026-11-21T10:00:00.000Z',
      }),
    ).toEqual({ module: 'badge', to: '2026-11-21T10:00:00.000Z' });
  });
});

describe('server action input', () => {
  it('refuses bad input with field messages before anything reaches the gateway', async () => {
    const result = await toActionResult(async () => parseActionInput(zCode, 'Not A Code'));
    expect(result).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(() => parseActionInput(zCode, 'early_bird')).not.toThrow();
    expect(new InputError('x', { code: 'bad' }).fieldErrors).toEqual({ code: 'bad' });
  });

  it("keeps the gateway's error code, message and details", async () => {
    const result = await toActionResult(async () => {
      throw new GatewayError('BAD_USER_INPUT', 'invalid CEL condition', { line: 1, column: 27 });
    });
    expect(result).toEqual({
      ok: false,
      code: 'BAD_USER_INPUT',
      message: 'invalid CEL condition',
      details: { line: 1, column: 27 },
    });
  });
});
