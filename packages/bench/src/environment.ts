/** Benchmark knobs from the environment (defaults fit a 2-core machine and a few minutes). */
export function benchSettings() {
  const num = (name: string, fallback: number) => {
    const raw = process.env[name];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
    return value;
  };
  return {
    durationS: num('BENCH_DURATION_S', 10),
    warmupS: num('BENCH_WARMUP_S', 3),
    connections: num('BENCH_CONNECTIONS', 32),
  };
}

/** The environment child processes inherit (PATH, NODE_OPTIONS …) plus their own settings. */
export const childEnv = (own: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  ...own,
});
