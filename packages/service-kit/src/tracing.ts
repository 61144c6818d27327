import {
  context,
  propagation,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import {
  W3CTraceContextPropagator,
  W3CBaggagePropagator,
  CompositePropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  ParentBasedSampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TracingConfig {
  service: string;
  /** OTLP/HTTP endpoint; when unset, spans are created and propagated (W3C) but not exported. */
  otlpEndpoint?: string | undefined;
  samplerRatio?: number;
  /** For tests: export spans here (immediately, unbatched) instead of OTLP. */
  exporter?: SpanExporter;
}

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK: W3C trace-context + baggage propagation, parent-based ratio
 * sampling, OTLP export when configured. Propagation is explicit rather than by monkey-patching
 * node:http (which is unreliable under ESM): the gateway injects `traceparent` into subgraph
 * requests, subgraph servers and Kafka consumers extract it (`injectTraceHeaders` /
 * `extractTraceContext` below), so one trace runs gateway → subgraph → Kafka → worker.
 */
export function startTracing(config: TracingConfig): Tracing {
  const exporter =
    config.exporter ??
    (config.otlpEndpoint ? new OTLPTraceExporter({ url: config.otlpEndpoint }) : undefined);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.service }),
    sampler: new ParentBasedSampler({
      root: new TraceIdRatioBasedSampler(config.samplerRatio ?? 1),
    }),
    spanProcessors: config.exporter
      ? [new SimpleSpanProcessor(config.exporter)]
      : exporter
        ? [new BatchSpanProcessor(exporter)]
        : [],
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

const headerSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
const headerGetter: TextMapGetter<Record<string, string | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** Adds `traceparent`/`tracestate` of the active (or given) context to a header record. */
export function injectTraceHeaders(
  headers: Record<string, string> = {},
  ctx: Context = context.active(),
): Record<string, string> {
  propagation.inject(ctx, headers, headerSetter);
  return headers;
}

/** The context a message or request was sent from, to parent the spans that handle it. */
export function extractTraceContext(headers: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), headers, headerGetter);
}

export const tracer = (name: string) => trace.getTracer(name);
