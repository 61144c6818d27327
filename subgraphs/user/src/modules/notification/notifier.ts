import { renderTemplate, type RenderedNotification } from './templates.js';
import type {
  ChannelName,
  NewDelivery,
  NotificationRepository,
  NotificationTx,
  PreferenceRow,
} from './notification.repository.js';

/** What a consumer asks for: one notification of one user, from one event. */
export interface NotifyRequest {
  /** The source event id: the notification's dedupe key. */
  eventId: string;
  /** External user id. */
  userId: string;
  template: string;
  params: Readonly<Record<string, string>>;
  /** Explicit channels (NotificationRequested); empty = the configured defaults. */
  channels?: readonly ChannelName[];
  /** Deep-link data for clients (ids, quantities, codes). */
  data: Record<string, string | number | boolean | null>;
}

export interface NotifyResult {
  notificationId: string;
  type: string;
  deliveries: readonly NewDelivery[];
}

/** A channel is on unless the user switched it off for this type, or for all types (`*`). */
export function isChannelEnabled(
  preferences: readonly PreferenceRow[],
  channel: ChannelName,
  type: string,
): boolean {
  const specific = preferences.find((p) => p.channel === channel && p.notificationType === type);
  if (specific) return specific.isEnabled;
  const all = preferences.find((p) => p.channel === channel && p.notificationType === '*');
  return all?.isEnabled ?? true;
}

/**
 * Creates notifications from events, inside the consumer's inbox transaction: renders the
 * template (zh-CN and en-US), stores the in-app notification (deduped per user by event id) and
 * one delivery row per channel — SENT for the inbox itself, PENDING for the delivery loop, or
 * SKIPPED with the reason (opted out, no address).
 */
export function createNotifier(deps: {
  repository: NotificationRepository;
  /** Channels of event-driven notifications (NOTIFICATION_DEFAULT_CHANNELS). */
  defaultChannels: readonly ChannelName[];
  /** Channels this installation can deliver to (WEBHOOK only with a URL). */
  availableChannels: ReadonlySet<ChannelName>;
}) {
  const channelsFor = (request: NotifyRequest): ChannelName[] => {
    const requested = request.channels?.length ? request.channels : deps.defaultChannels;
    const set = new Set<ChannelName>(['IN_APP', ...requested]);
    // The brand's webhook receives every notification when it is part of the defaults.
    if (deps.defaultChannels.includes('WEBHOOK')) set.add('WEBHOOK');
    // A channel this installation cannot deliver to (the webhook without a URL) gets no row.
    return [...set].filter((c) => c === 'IN_APP' || deps.availableChannels.has(c));
  };

  return {
    channelsFor,

    async notify(tx: NotificationTx, request: NotifyRequest): Promise<NotifyResult | null> {
      const rendered: RenderedNotification = renderTemplate(request.template, request.params);
      const user = await deps.repository.ensureUser(tx, request.userId);
      const preferences = await deps.repository.preferencesOf(tx, user.id);
      const now = new Date();
      const deliveries: NewDelivery[] = [];
      let inboxEnabled = true;
      for (const channel of channelsFor(request)) {
        const skip = (reason: string): NewDelivery => ({
          channel,
          status: 'SKIPPED',
          lastError: reason,
          nextAttemptAt: null,
          sentAt: null,
        });
        if (!isChannelEnabled(preferences, channel, rendered.type)) {
          if (channel === 'IN_APP') inboxEnabled = false;
          deliveries.push(skip('disabled by the user'));
        } else if (channel === 'IN_APP') {
          deliveries.push({
            channel,
            status: 'SENT',
            lastError: null,
            nextAttemptAt: null,
            sentAt: now,
          });
        } else if (channel === 'SMS' && !user.hasPhone) {
          deliveries.push(skip('no phone number'));
        } else if (channel === 'EMAIL' && !user.hasEmail) {
          deliveries.push(skip('no e-mail address'));
        } else {
          deliveries.push({
            channel,
            status: 'PENDING',
            lastError: null,
            nextAttemptAt: now,
            sentAt: null,
          });
        }
      }
      const notificationId = await deps.repository.create(
        tx,
        {
          userId: user.id,
          type: rendered.type,
          title: rendered.title,
          body: rendered.body,
          data: { ...request.data, eventId: request.eventId },
          dedupeKey: request.eventId,
          // Opted out of the inbox: kept for the record, hidden from the client's list.
          archivedAt: inboxEnabled ? null : now,
        },
        deliveries,
      );
      return notificationId ? { notificationId, type: rendered.type, deliveries } : null;
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
