/**
 * Metric names used by PromQL expressions (alert rules, dashboard panels), found with the
 * Prometheus project's own PromQL grammar (@prometheus-io/lezer-promql, the parser of the
 * Prometheus UI), and the metric names a /metrics page exports.
 */
import { parser } from '@prometheus-io/lezer-promql';

export class PromQLSyntaxError extends Error {
  override readonly name = 'PromQLSyntaxError';
}

/** Grafana's template variables replaced by values PromQL accepts. */
export function substituteGrafanaVariables(expr: string): string {
  const durations: Record<string, string> = {
    __rate_interval: '5m',
    __interval: '1m',
    __range: '1h',
  };
  return expr.replace(/\$\{?(\w+)(?::\w+)?\}?/g, (_, name: string) => durations[name] ?? 'x');
}

/** Metric names selected by a PromQL expression (`name{…}` or `{__name__="name"}`). */
export function metricNames(expr: string): string[] {
  const tree = parser.parse(expr);
  const names = new Set<string>();
  let error: number | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === undefined) error = node.from;
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      if (identifier) {
        names.add(expr.slice(identifier.from, identifier.to));
        return;
      }
      const matchers = expr.slice(node.from, node.to);
      const m = /__name__\s*=\s*"([^"]+)"/.exec(matchers);
      if (m) names.add(m[1]!);
    },
  });
  if (error !== undefined) {
    throw new PromQLSyntaxError(`PromQL syntax error at ${error}: ${expr}`);
  }
  return [...names];
}

/**
 * Series names a Prometheus text exposition offers: every sample's name plus, from the `# TYPE`
 * lines, the series of histograms (_bucket, _sum, _count) and summaries (_sum, _count), which
 * prom-client only prints once observed.
 */
export function exportedSeriesNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      const [, name, kind] = type as unknown as [string, string, string];
      if (kind === 'histogram') {
        for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
      } else if (kind === 'summary') {
        for (const s of ['', '_sum', '_count']) names.add(name + s);
      } else {
        names.add(name);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample) names.add(sample[1]!);
  }
  return names;
}
