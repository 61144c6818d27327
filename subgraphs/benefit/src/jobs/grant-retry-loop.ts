import type { Logger } from '@badge/service-kit';
import type { Services } from '../services.js';

export interface RetryLoop {
  /** Runs one round now (tests, and the loop itself). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`: retries FAILED (retryable) and stale PENDING grants, then expires granted
 * benefits past their expiry. Rounds never overlap; `stop()` waits for the running one.
 */
export function startGrantRetryLoop(options: {
  services: Pick<Services, 'autoGrants'>;
  intervalMs: number;
  logger: Logger;
}): RetryLoop {
  const log = options.logger.child({ component: 'grant-retry-loop' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const tick = async () => {
    try {
      await options.services.autoGrants.retryRound();
      await options.services.autoGrants.expireRound();
    } catch (err) {
      log.error({ err }, 'grant retry round failed');
    }
  };
  const schedule = () => {
    if (stopped || options.intervalMs <= 0) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule();
      });
    }, options.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    tick: async () => {
      while (running) await running;
      running = tick();
      await running.finally(() => (running = undefined));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      while (running) await running;
    },
  };
}
