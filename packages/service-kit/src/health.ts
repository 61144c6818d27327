/**
 * Liveness and readiness. `/health` answers as long as the event loop runs. `/ready` runs the
 * dependency checks: a failing *critical* check (PostgreSQL, Kafka for a worker) makes the process
 * not ready (503); a failing non-critical one (Redis) reports `degraded` but stays ready (200), as
 * the degradation table of the runbook says.
 */
export type CheckStatus = 'ok' | 'fail';
export type OverallStatus = 'ok' | 'degraded' | 'fail';

export interface ReadinessCheck {
  name: string;
  critical: boolean;
  check: () => Promise<void>;
  /** Per-check timeout; a check that does not answer in time fails. Default 2 s. */
  timeoutMs?: number;
}

export interface ReadinessReport {
  status: OverallStatus;
  checks: Record<string, { status: CheckStatus; critical: boolean; error?: string; ms: number }>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} check timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      const started = performance.now();
      try {
        await withTimeout(c.check(), c.timeoutMs ?? 2_000, c.name);
        return [
          c.name,
          { status: 'ok' as const, critical: c.critical, ms: performance.now() - started },
        ] as const;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return [
          c.name,
          { status: 'fail' as const, critical: c.critical, error, ms: performance.now() - started },
        ] as const;
      }
    }),
  );
  const failed = results.filter(([, r]) => r.status === 'fail');
  const status: OverallStatus = failed.some(([, r]) => r.critical)
    ? 'fail'
    : failed.length > 0
      ? 'degraded'
      : 'ok';
  return {
    status,
    checks: Object.fromEntries(results.map(([n, r]) => [n, { ...r, ms: Math.round(r.ms) }])),
  };
}

export const httpStatusFor = (status: OverallStatus): number => (status === 'fail' ? 503 : 200);
