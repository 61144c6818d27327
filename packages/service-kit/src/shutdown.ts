import type { Logger } from './logger.js';

/**
 * Graceful shutdown in three phases (seed 001 §7): first stop intake (mark not-ready, stop
 * accepting requests / fetching messages), then drain (finish in-flight work, commit offsets,
 * flush the outbox), then close (disconnect Kafka, Redis, the database pool, telemetry).
 * Hooks of one phase run concurrently; phases run in order. A hard timeout bounds the whole.
 */
export type ShutdownPhase = 'intake' | 'drain' | 'close';
const PHASES: readonly ShutdownPhase[] = ['intake', 'drain', 'close'];

export interface Shutdown {
  on(phase: ShutdownPhase, name: string, hook: () => Promise<void> | void): void;
  /** Runs all hooks once; later calls return the same promise. Resolves to the exit code. */
  run(reason: string): Promise<number>;
  /** Installs SIGTERM/SIGINT handlers that run the hooks and exit the process. */
  trapSignals(): void;
  readonly isShuttingDown: boolean;
}

export function createShutdown(options: {
  logger: Logger;
  timeoutMs?: number;
  exit?: (code: number) => void;
}): Shutdown {
  const hooks = new Map<ShutdownPhase, { name: string; hook: () => Promise<void> | void }[]>(
    PHASES.map((p) => [p, []]),
  );
  const timeoutMs = options.timeoutMs ?? 25_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<number> | undefined;

  const runAll = async (reason: string): Promise<number> => {
    const log = options.logger.child({ component: 'shutdown' });
    log.info({ reason }, 'shutting down');
    let failed = false;
    for (const phase of PHASES) {
      await Promise.all(
        hooks.get(phase)!.map(async ({ name, hook }) => {
          try {
            await hook();
            log.debug({ phase, hook: name }, 'shutdown hook done');
          } catch (err) {
            failed = true;
            log.error({ err, phase, hook: name }, 'shutdown hook failed');
          }
        }),
      );
    }
    log.info({ failed }, 'shutdown complete');
    return failed ? 1 : 0;
  };

  const api: Shutdown = {
    on(phase, name, hook) {
      hooks.get(phase)!.push({ name, hook });
    },
    run(reason) {
      running ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<number>((resolve) => {
          timer = setTimeout(() => {
            options.logger.error({ timeoutMs }, 'shutdown timed out; forcing exit');
            resolve(1);
          }, timeoutMs);
          timer.unref();
        });
        const code = await Promise.race([runAll(reason), timeout]);
        clearTimeout(timer);
        return code;
      })();
      return running;
    },
    trapSignals() {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          void api.run(signal).then(exit);
        });
      }
    },
    get isShuttingDown() {
      return running !== undefined;
    },
  };
  return api;
}
