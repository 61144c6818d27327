import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { counter, gauge } from './metrics.js';

describe('metric helpers', () => {
  it('reuse a metric already registered, so components can share a registry', async () => {
    const registry = new Registry();
    const a = counter(registry, { name: 'x_total', help: 'x', labelNames: ['topic'] });
    const b = counter(registry, { name: 'x_total', help: 'x', labelNames: ['topic'] });
    expect(b).toBe(a);
    a.inc({ topic: 't' });
    b.inc({ topic: 't' });
    expect(await registry.metrics()).toContain('x_total{topic="t"} 2');
    expect(() => gauge(registry, { name: 'x_total', help: 'x' })).toThrow(/another type/);
  });
});
