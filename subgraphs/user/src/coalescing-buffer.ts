import type { Logger } from '@badge/service-kit';

/**
 * Fire-and-forget "last used" timestamps: `touch(id)` never waits and never fails; ids are
 * coalesced (at most one write per id every `minIntervalMs`) and written in one batch every
 * `flushIntervalMs`. A failed write is logged and retried with the next flush. `stop()` flushes
 * what is pending (graceful shutdown).
 */
export function createCoalescingBuffer(options: {
  name: string;
  flushIntervalMs: number;
  minIntervalMs: number;
  write: (entries: ReadonlyMap<string, Date>) => Promise<void>;
  logger: Logger;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  let pending = new Map<string, Date>();
  const accepted = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  const flush = async (): Promise<void> => {
    if (flushing) return flushing;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    flushing = options
      .write(batch)
      .catch((err: unknown) => {
        options.logger.warn(
          { err, buffer: options.name, size: batch.size },
          'buffered write failed; will retry',
        );
        for (const [id, at] of batch) if (!pending.has(id)) pending.set(id, at);
      })
      .finally(() => {
        flushing = undefined;
        const cutoff = now() - options.minIntervalMs;
        for (const [id, at] of accepted) if (at < cutoff) accepted.delete(id);
      });
    return flushing;
  };

  return {
    touch(id: string): void {
      const t = now();
      const last = accepted.get(id);
      if (last !== undefined && t - last < options.minIntervalMs) return;
      accepted.set(id, t);
      pending.set(id, new Date(t));
    },
    flush,
    start(): void {
      timer ??= setInterval(() => void flush(), options.flushIntervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flushing;
      await flush();
    },
    pendingCount: () => pending.size,
  };
}
export type CoalescingBuffer = ReturnType<typeof createCoalescingBuffer>;
