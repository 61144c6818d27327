import { ROOT_CONTEXT, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTraceContext, headersToRecord, injectTraceHeaders } from './tracing.js';

describe('headersToRecord', () => {
  it('decodes Buffers, keeps strings, takes the first of repeated values and skips undefined', () => {
    expect(
      headersToRecord({
        a: Buffer.from('bytes'),
        b: 'text',
        c: [Buffer.from('first'), 'second'],
        d: undefined,
      }),
    ).toEqual({ a: 'bytes', b: 'text', c: 'first' });
    expect(headersToRecord(undefined)).toEqual({});
  });
});

describe('W3C trace context through headers', () => {
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  const spanContext = {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
  };

  it('injects traceparent, with explicit headers taking precedence', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, spanContext);
    expect(injectTraceHeaders({ 'event-id': 'e1' }, ctx)).toEqual({
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'event-id': 'e1',
    });
    expect(injectTraceHeaders({ traceparent: 'kept' }, ctx).traceparent).toBe('kept');
    expect(injectTraceHeaders({}, ROOT_CONTEXT)).toEqual({});
  });

  it('extracts the remote span context', () => {
    const ctx = extractTraceContext({
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    expect(trace.getSpanContext(ctx)).toMatchObject({ ...spanContext, isRemote: true });
    expect(trace.getSpanContext(extractTraceContext({ traceparent: 'garbage' }))).toBeUndefined();
  });
});
