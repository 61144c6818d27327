import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import type { Context, TextMapGetter, Tracer } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

export const TRACER_NAME = '@badge/kafka';

export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Kafka headers (Buffer | string | array) → a plain string record. Values are decoded as UTF-8;
 * when a key repeats (kafkajs groups repeated keys into an array) the first value wins.
 */
export function headersToRecord(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    out[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return out;
}

const recordGetter: TextMapGetter<Record<string, string>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key] ?? carrier[key.toLowerCase()],
};

/** The trace context carried by message headers (`traceparent`/`tracestate` with W3C propagation). */
export function extractTraceContext(
  headers: Record<string, string>,
  base: Context = ROOT_CONTEXT,
): Context {
  return propagation.extract(base, headers, recordGetter);
}

/**
 * Headers for an outgoing message or an outbox row: the current trace context injected through the
 * globally registered propagator (W3C `traceparent` when the service's tracing is set up), with
 * the explicit `headers` taking precedence over injected ones.
 */
export function injectTraceHeaders(
  headers: Record<string, string> = {},
  ctx: Context = context.active(),
): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return { ...carrier, ...headers };
}
