// Hot reload of the worker's rule index: every `intervalMs` a cheap signature query (md5 over the
// published (rule, version) pairs) is compared with the index's; when a rule was published,
// re-published or disabled, the published versions are loaded and the index is swapped
// atomically. Batches in flight finish with the index they started with. No restart needed.
import type { Logger } from '@badge/service-kit';
import type { EngineOptions } from '../engine/compile.js';
import { buildRuleIndex, emptyRuleIndex, type RuleIndex } from '../engine/rule-index.js';
import type { RuleMetrics } from './metrics.js';
import type { RuleIndexRepository } from './rule-index.repository.js';

export interface RuleIndexHolder {
  current(): RuleIndex;
  /** Reloads when the published set changed (or always with force); true when swapped. */
  refresh(force?: boolean): Promise<boolean>;
  start(): Promise<void>;
  stop(): void;
}

export function createRuleIndexHolder(deps: {
  repository: RuleIndexRepository;
  logger: Logger;
  metrics: RuleMetrics;
  intervalMs: number;
  engine: EngineOptions;
}): RuleIndexHolder {
  const log = deps.logger.child({ component: 'rule-index' });
  let index = emptyRuleIndex();
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<boolean> | undefined;

  const reload = async (force: boolean): Promise<boolean> => {
    if (!force && (await deps.repository.signature()) === index.signature) return false;
    const { definitions, signature } = await deps.repository.loadPublished();
    if (!force && signature === index.signature) return false;
    const { index: next, failures } = buildRuleIndex(definitions, signature, index, deps.engine);
    for (const f of failures) {
      deps.metrics.compileErrors.inc();
      log.error(f, 'published rule version does not compile: skipped');
    }
    index = next;
    deps.metrics.indexRules.set(next.rules.length);
    deps.metrics.indexReloads.inc({ outcome: 'reloaded' });
    log.info({ rules: next.rules.length, signature }, 'rule index reloaded');
    return true;
  };

  const refresh = (force = false): Promise<boolean> => {
    inFlight ??= reload(force).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    current: () => index,
    refresh,
    async start() {
      await refresh(true);
      timer = setInterval(() => {
        refresh().catch((err: unknown) => {
          deps.metrics.indexReloads.inc({ outcome: 'failed' });
          log.warn({ err }, 'rule index reload failed; keeping the current index');
        });
      }, deps.intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
