import { createHmac } from 'node:crypto';
import type { Logger } from '@badge/service-kit';
import type { ChannelName } from './notification.repository.js';

/** One notification on its way out through one channel. */
export interface OutgoingMessage {
  deliveryId: string;
  notificationId: string;
  /** e.g. badge.granted */
  type: string;
  /** The user's external id. */
  userId: string;
  locale: string;
  title: string;
  body: string;
  /** Every locale, for receivers that render themselves. */
  titles: Record<string, string>;
  bodies: Record<string, string>;
  data: unknown;
  createdAt: string;
  attempt: number;
  /** Decrypted just before sending, only for the channel that needs it (SMS: phone, EMAIL: e-mail). */
  to?: string;
}

export type DeliveryResult =
  | { ok: true; providerMessageId?: string | undefined }
  | { ok: false; retryable: boolean; error: string };

/** Every way a notification leaves the platform goes through this interface. */
export interface NotificationChannelAdapter {
  readonly channel: ChannelName;
  /** e.g. `webhook`, `http`, `log` — shown in logs. */
  readonly provider: string;
  deliver(message: OutgoingMessage): Promise<DeliveryResult>;
}

/** Signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<DeliveryResult & { response?: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const reason =
      err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
        ? `timed out after ${timeoutMs} ms`
        : `request failed: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`;
    return { ok: false, retryable: true, error: reason };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) {
    let response: unknown;
    try {
      response = text ? JSON.parse(text) : undefined;
    } catch {
      response = undefined;
    }
    return { ok: true, response };
  }
  return {
    ok: false,
    retryable: res.status >= 500 || RETRYABLE_STATUS.has(res.status),
    error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
  };
}

/**
 * The brand's webhook: every notification as signed JSON. Receivers verify
 * `x-badge-signature` (HMAC-SHA256 over `<timestamp>.<raw body>`) and dedupe on
 * `x-badge-delivery-id` (delivery is at least once). 2xx = delivered; 5xx, 408, 425, 429,
 * timeouts and network errors are retried; other 4xx fail at once.
 */
export function createWebhookChannel(options: {
  url: string;
  secret: string;
  timeoutMs: number;
  now?: () => number;
}): NotificationChannelAdapter {
  const now = options.now ?? Date.now;
  return {
    channel: 'WEBHOOK',
    provider: 'webhook',
    async deliver(m) {
      const { to: _omit, ...payload } = m;
      const body = JSON.stringify(payload);
      const timestamp = Math.floor(now() / 1000);
      const result = await post(
        options.url,
        body,
        {
          'user-agent': 'badge-platform-webhook/1',
          'x-badge-delivery-id': m.deliveryId,
          'x-badge-notification-type': m.type,
          'x-badge-timestamp': String(timestamp),
          'x-badge-signature': signWebhook(options.secret, timestamp, body),
        },
        options.timeoutMs,
      );
      return result.ok ? { ok: true, providerMessageId: m.deliveryId } : result;
    },
  };
}

/**
 * An e-mail, SMS or push provider behind a JSON HTTP endpoint (`{ to, subject, text, locale,
 * reference }` with a bearer token); the provider's `id` in the response is kept as
 * providerMessageId. Same retry semantics as the webhook.
 */
export function createHttpProviderChannel(options: {
  channel: ChannelName;
  url: string;
  token?: string | undefined;
  timeoutMs: number;
}): NotificationChannelAdapter {
  return {
    channel: options.channel,
    provider: 'http',
    async deliver(m) {
      if (!m.to && options.channel !== 'PUSH')
        return { ok: false, retryable: false, error: 'no recipient address' };
      const result = await post(
        options.url,
        JSON.stringify({
          to: m.to ?? m.userId,
          subject: m.title,
          text: m.body,
          locale: m.locale,
          reference: m.deliveryId,
          data: m.data,
        }),
        options.token ? { authorization: `Bearer ${options.token}` } : {},
        options.timeoutMs,
      );
      if (!result.ok) return result;
      const id = (result.response as { id?: unknown } | undefined)?.id;
      return { ok: true, providerMessageId: typeof id === 'string' ? id : m.deliveryId };
    },
  };
}

/**
 * Where no provider is configured (development, or a channel the brand does not use): the
 * message is logged (recipient masked) and counted as sent.
 */
export function createLoggingChannel(
  channel: ChannelName,
  logger: Logger,
): NotificationChannelAdapter {
  const log = logger.child({ component: 'notification-channel', channel });
  return {
    channel,
    provider: 'log',
    async deliver(m) {
      log.info(
        {
          deliveryId: m.deliveryId,
          type: m.type,
          userId: m.userId,
          locale: m.locale,
          hasRecipient: Boolean(m.to),
          title: m.title,
        },
        'notification delivered to the log (no provider configured)',
      );
      return { ok: true, providerMessageId: `log:${m.deliveryId}` };
    },
  };
}
