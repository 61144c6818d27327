/** Exponential backoff with full jitter on the upper half: `attempt` starts at 1. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  jitter = true,
): number {
  const exp = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  if (!jitter) return exp;
  // Keep at least half of the delay so retries never collapse to 0 ms.
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

/**
 * A sleep that ends early when `signal` aborts (resolves, never rejects: callers check the
 * signal afterwards).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
