import { Counter, Gauge, Histogram } from 'prom-client';
import type {
  CounterConfiguration,
  GaugeConfiguration,
  HistogramConfiguration,
  Registry,
} from 'prom-client';

// Several components (two consumers, a relay per schema) may share one registry; prom-client
// throws when a metric name is registered twice, so each helper returns the existing metric when
// it is already there. The label names must then match: they are fixed per metric in this package.

export function counter<T extends string>(
  registry: Registry,
  config: Omit<CounterConfiguration<T>, 'registers'>,
): Counter<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing) {
    if (!(existing instanceof Counter))
      throw new Error(`metric ${config.name} exists with another type`);
    return existing;
  }
  return new Counter<T>({ ...config, registers: [registry] });
}

export function gauge<T extends string>(
  registry: Registry,
  config: Omit<GaugeConfiguration<T>, 'registers'>,
): Gauge<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing) {
    if (!(existing instanceof Gauge))
      throw new Error(`metric ${config.name} exists with another type`);
    return existing;
  }
  return new Gauge<T>({ ...config, registers: [registry] });
}

export function histogram<T extends string>(
  registry: Registry,
  config: Omit<HistogramConfiguration<T>, 'registers'>,
): Histogram<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing) {
    if (!(existing instanceof Histogram))
      throw new Error(`metric ${config.name} exists with another type`);
    return existing;
  }
  return new Histogram<T>({ ...config, registers: [registry] });
}
