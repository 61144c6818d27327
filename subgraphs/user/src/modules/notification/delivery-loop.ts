import type { Logger } from '@badge/service-kit';
import type { PiiCrypto } from '../../crypto/keys.js';
import type { UserMetrics } from '../../metrics.js';
import { EMAIL_AAD, PHONE_AAD } from '../user/user.service.js';
import type { NotificationChannelAdapter, OutgoingMessage } from './channels.js';
import type {
  ChannelName,
  DeliveryOutcome,
  DueDelivery,
  NotificationRepository,
} from './notification.repository.js';
import { pickLocale } from './templates.js';

export interface DeliveryLoopOptions {
  /** Attempts before a delivery is FAILED for good. */
  maxAttempts: number;
  /** Backoff after attempt n: min(maxMs, baseMs · 2^(n-1)) ± 20 %. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claimed delivery is reserved (must exceed the slowest send). */
  leaseMs: number;
  batchSize: number;
  pollIntervalMs: number;
}

export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(exp * (0.8 + 0.4 * random())));
}

const texts = (value: unknown): Record<string, string> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === 'string',
        ),
      )
    : {};

/**
 * Sends PENDING deliveries through their channel adapters: claims a batch (SKIP LOCKED, with a
 * lease), sends them concurrently, and records each outcome — SENT, PENDING again with
 * exponential backoff (retryable failure), or FAILED with the last error once the attempts are
 * used up or the failure is permanent. `runOnce()` is one round (tests, shutdown drain).
 */
export function createDeliveryLoop(deps: {
  repository: NotificationRepository;
  channels: ReadonlyMap<ChannelName, NotificationChannelAdapter>;
  crypto: PiiCrypto;
  logger: Logger;
  metrics: UserMetrics;
  options: DeliveryLoopOptions;
}) {
  const { options } = deps;
  const log = deps.logger.child({ component: 'notification-delivery' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;
  let healthy = true;

  const recipient = (d: DueDelivery): string | undefined => {
    const u = d.user;
    if (d.channel === 'SMS' && u.phoneCiphertext && u.phoneKeyId)
      return deps.crypto.cipher.decrypt(u.phoneCiphertext, u.phoneKeyId, PHONE_AAD);
    if (d.channel === 'EMAIL' && u.emailCiphertext && u.emailKeyId)
      return deps.crypto.cipher.decrypt(u.emailCiphertext, u.emailKeyId, EMAIL_AAD);
    return undefined;
  };

  const toMessage = (d: DueDelivery): OutgoingMessage => {
    const locale = pickLocale(d.user.locale);
    const titles = texts(d.notification.title);
    const bodies = texts(d.notification.body);
    const to = recipient(d);
    return {
      deliveryId: d.id,
      notificationId: d.notification.id,
      type: d.notification.type,
      userId: d.user.externalId,
      locale,
      title: titles[locale] ?? Object.values(titles)[0] ?? '',
      body: bodies[locale] ?? Object.values(bodies)[0] ?? '',
      titles,
      bodies,
      data: d.notification.data,
      createdAt: d.notification.createdAt.toISOString(),
      attempt: d.attempt,
      ...(to ? { to } : {}),
    };
  };

  const deliverOne = async (d: DueDelivery): Promise<void> => {
    let outcome: DeliveryOutcome;
    const adapter = deps.channels.get(d.channel);
    try {
      const message = toMessage(d);
      const result = !adapter
        ? { ok: false as const, retryable: false, error: `no adapter for channel ${d.channel}` }
        : (d.channel === 'SMS' || d.channel === 'EMAIL') && !message.to
          ? { ok: false as const, retryable: false, error: 'no recipient address' }
          : await adapter.deliver(message);
      if (result.ok)
        outcome = { status: 'SENT', providerMessageId: result.providerMessageId ?? null };
      else if (result.retryable && d.attempt < options.maxAttempts)
        outcome = {
          status: 'PENDING',
          lastError: result.error,
          nextAttemptAt: new Date(
            Date.now() + backoffMs(d.attempt, options.retryBaseMs, options.retryMaxMs),
          ),
        };
      else
        outcome = {
          status: 'FAILED',
          lastError: result.retryable
            ? `${result.error} (gave up after ${d.attempt} attempts)`
            : result.error,
        };
    } catch (err) {
      // A bug or an undecryptable recipient: retry like a transient failure, then give up.
      const error = err instanceof Error ? err.message : String(err);
      log.error({ err, deliveryId: d.id, channel: d.channel }, 'delivery attempt crashed');
      outcome =
        d.attempt < options.maxAttempts
          ? {
              status: 'PENDING',
              lastError: error,
              nextAttemptAt: new Date(
                Date.now() + backoffMs(d.attempt, options.retryBaseMs, options.retryMaxMs),
              ),
            }
          : { status: 'FAILED', lastError: error };
    }
    const recorded = await deps.repository.complete(d.id, d.attempt, outcome);
    if (!recorded) return; // another claim (after a lease expiry) owns this delivery now
    const status = outcome.status === 'PENDING' ? 'retry' : outcome.status.toLowerCase();
    deps.metrics.notificationDeliveries.inc({ channel: d.channel, status });
    const fields = {
      deliveryId: d.id,
      channel: d.channel,
      attempt: d.attempt,
      provider: adapter?.provider,
    };
    if (outcome.status === 'FAILED')
      log.warn({ ...fields, error: outcome.lastError }, 'notification delivery FAILED');
    else if (outcome.status === 'PENDING')
      log.info({ ...fields, error: outcome.lastError }, 'notification delivery will be retried');
    else log.debug(fields, 'notification delivered');
  };

  /** One round: returns how many deliveries were attempted. */
  const runOnce = async (): Promise<number> => {
    running ??= (async () => {
      try {
        const due = await deps.repository.claimDue(options.batchSize, options.leaseMs);
        await Promise.all(due.map(deliverOne));
        healthy = true;
        return due.length;
      } catch (err) {
        healthy = false;
        log.error({ err }, 'delivery round failed');
        return 0;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().then((n) => schedule(n >= options.batchSize ? 0 : options.pollIntervalMs));
    }, delayMs);
  };

  return {
    runOnce,
    /** Deliver now (e.g. right after a consumer created notifications). */
    wake(): void {
      if (stopped || running) return;
      if (timer) clearTimeout(timer);
      schedule(0);
    },
    start(): void {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    readiness: () => healthy,
  };
}
export type DeliveryLoop = ReturnType<typeof createDeliveryLoop>;
