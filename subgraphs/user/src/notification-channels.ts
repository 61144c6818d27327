import type { Logger } from '@badge/service-kit';
import type { UserEnv } from './environment.js';
import {
  createHttpProviderChannel,
  createLoggingChannel,
  createWebhookChannel,
  type NotificationChannelAdapter,
} from './modules/notification/channels.js';
import type { ChannelName } from './modules/notification/notification.repository.js';

/**
 * The channel adapters of this installation, from the environment: the webhook when
 * NOTIFICATION_WEBHOOK_URL is set, an HTTP provider per channel whose URL is set, the logging
 * adapter for the other message channels. IN_APP needs no adapter (the inbox is the database).
 */
export function createChannelAdapters(
  env: Pick<
    UserEnv,
    | 'NOTIFICATION_WEBHOOK_URL'
    | 'NOTIFICATION_WEBHOOK_SECRET'
    | 'NOTIFICATION_EMAIL_PROVIDER_URL'
    | 'NOTIFICATION_EMAIL_PROVIDER_TOKEN'
    | 'NOTIFICATION_SMS_PROVIDER_URL'
    | 'NOTIFICATION_SMS_PROVIDER_TOKEN'
    | 'NOTIFICATION_PUSH_PROVIDER_URL'
    | 'NOTIFICATION_PUSH_PROVIDER_TOKEN'
    | 'NOTIFICATION_HTTP_TIMEOUT_MS'
  >,
  logger: Logger,
): Map<ChannelName, NotificationChannelAdapter> {
  const adapters = new Map<ChannelName, NotificationChannelAdapter>();
  if (env.NOTIFICATION_WEBHOOK_URL && env.NOTIFICATION_WEBHOOK_SECRET)
    adapters.set(
      'WEBHOOK',
      createWebhookChannel({
        url: env.NOTIFICATION_WEBHOOK_URL,
        secret: env.NOTIFICATION_WEBHOOK_SECRET,
        timeoutMs: env.NOTIFICATION_HTTP_TIMEOUT_MS,
      }),
    );
  const providers: [ChannelName, string | undefined, string | undefined][] = [
    ['EMAIL', env.NOTIFICATION_EMAIL_PROVIDER_URL, env.NOTIFICATION_EMAIL_PROVIDER_TOKEN],
    ['SMS', env.NOTIFICATION_SMS_PROVIDER_URL, env.NOTIFICATION_SMS_PROVIDER_TOKEN],
    ['PUSH', env.NOTIFICATION_PUSH_PROVIDER_URL, env.NOTIFICATION_PUSH_PROVIDER_TOKEN],
  ];
  for (const [channel, url, token] of providers) {
    adapters.set(
      channel,
      url
        ? createHttpProviderChannel({
            channel,
            url,
            token,
            timeoutMs: env.NOTIFICATION_HTTP_TIMEOUT_MS,
          })
        : createLoggingChannel(channel, logger),
    );
  }
  return adapters;
}
