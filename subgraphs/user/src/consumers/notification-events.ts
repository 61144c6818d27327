import { PoisonMessageError, type MessageHandler } from '@badge/kafka';
import {
  BenefitType,
  EVENT_TYPES,
  NotificationChannel,
  RevocationKind,
  timestampDate,
  type DecodedEvent,
  type Timestamp,
} from '@badge/proto';
import type { Logger, Registry } from '@badge/service-kit';
import { createEventHandler } from '@badge/service-kit/worker';
import type { UserMetrics } from '../metrics.js';
import type { ChannelName } from '../modules/notification/notification.repository.js';
import type { Notifier, NotifyRequest, NotifyResult } from '../modules/notification/notifier.js';
import { TemplateError } from '../modules/notification/templates.js';
import type { InboxRepository } from './inbox.repository.js';

export const CONSUMER = 'user-worker.notification-events';

const CHANNEL: Partial<Record<NotificationChannel, ChannelName>> = {
  [NotificationChannel.IN_APP]: 'IN_APP',
  [NotificationChannel.PUSH]: 'PUSH',
  [NotificationChannel.SMS]: 'SMS',
  [NotificationChannel.EMAIL]: 'EMAIL',
};

const iso = (t: Timestamp | undefined) => (t ? timestampDate(t).toISOString() : null);
const benefitTypeName = (t: BenefitType) => BenefitType[t] ?? 'UNSPECIFIED';

/**
 * What to tell the user about an event, or null for events that notify nobody: badges spent in
 * a redemption (the redemption's benefit is what the user hears about) and failed benefit grants
 * (an operations matter, retried by the benefit domain).
 */
export function toNotifyRequest(event: DecodedEvent): NotifyRequest | null {
  switch (event.type) {
    case EVENT_TYPES.BadgeGranted: {
      const m = event.message;
      return {
        eventId: m.eventId,
        userId: m.userId,
        template: 'badge_granted',
        params: {
          badge_name: m.badgeCode || m.badgeId,
          badge_code: m.badgeCode,
          quantity: String(m.quantity),
        },
        data: {
          badgeId: m.badgeId,
          badgeCode: m.badgeCode || null,
          userBadgeId: m.userBadgeId,
          quantity: m.quantity,
          totalQuantity: m.totalQuantity,
          expiresAt: iso(m.expiresAt),
        },
      };
    }
    case EVENT_TYPES.BadgeRevoked: {
      const m = event.message;
      if (m.kind === RevocationKind.CONSUMED) return null;
      return {
        eventId: m.eventId,
        userId: m.userId,
        template: 'badge_revoked',
        params: {
          badge_name: m.badgeCode || m.badgeId,
          badge_code: m.badgeCode,
          quantity: String(m.quantity),
        },
        data: {
          badgeId: m.badgeId,
          badgeCode: m.badgeCode || null,
          userBadgeId: m.userBadgeId,
          quantity: m.quantity,
          remainingQuantity: m.remainingQuantity,
          reason: m.reason || null,
        },
      };
    }
    case EVENT_TYPES.BadgeExpired: {
      const m = event.message;
      return {
        eventId: m.eventId,
        userId: m.userId,
        template: 'badge_expired',
        params: {
          badge_name: m.badgeCode || m.badgeId,
          badge_code: m.badgeCode,
          quantity: String(m.quantity),
        },
        data: {
          badgeId: m.badgeId,
          badgeCode: m.badgeCode || null,
          userBadgeId: m.userBadgeId,
          quantity: m.quantity,
          expiresAt: iso(m.expiresAt),
        },
      };
    }
    case EVENT_TYPES.BenefitGranted: {
      const m = event.message;
      return {
        eventId: m.eventId,
        userId: m.userId,
        template: 'benefit_granted',
        params: { benefit_name: m.benefitCode || m.benefitId, benefit_code: m.benefitCode },
        data: {
          benefitId: m.benefitId,
          benefitCode: m.benefitCode || null,
          benefitGrantId: m.benefitGrantId,
          benefitType: benefitTypeName(m.benefitType),
          quantity: m.quantity,
          couponCode: m.couponCode || null,
          points: m.points > 0n ? m.points.toString() : null,
          expiresAt: iso(m.expiresAt),
        },
      };
    }
    case EVENT_TYPES.BenefitRevoked: {
      const m = event.message;
      return {
        eventId: m.eventId,
        userId: m.userId,
        template: 'benefit_revoked',
        params: { benefit_name: m.benefitCode || m.benefitId, benefit_code: m.benefitCode },
        data: {
          benefitId: m.benefitId,
          benefitCode: m.benefitCode || null,
          benefitGrantId: m.benefitGrantId,
          benefitType: benefitTypeName(m.benefitType),
          quantity: m.quantity,
        },
      };
    }
    case EVENT_TYPES.NotificationRequested: {
      const m = event.message;
      return {
        eventId: m.eventId,
        userId: m.userId,
        template: m.templateCode,
        params: m.params,
        channels: m.channels.flatMap((c) => CHANNEL[c] ?? []),
        data: { sourceRef: m.sourceRef || null, ...(m.locale ? { locale: m.locale } : {}) },
      };
    }
    case EVENT_TYPES.BenefitGrantFailed:
      return null;
    default:
      throw new PoisonMessageError(`unexpected event type ${event.type} for notifications`);
  }
}

/**
 * Badge, benefit and notification-request events → the user's in-app notification and channel
 * deliveries, exactly once per event (inbox row + notification + deliveries in one transaction;
 * the notification's per-user dedupe key is the event id as a second guard). The delivery loop
 * sends what is PENDING; `onCreated` wakes it.
 */
export function createNotificationEventsHandler(deps: {
  logger: Logger;
  registry: Registry;
  inbox: InboxRepository;
  notifier: Notifier;
  metrics: UserMetrics;
  onCreated?: () => void;
}): MessageHandler {
  return createEventHandler({
    consumer: CONSUMER,
    logger: deps.logger,
    registry: deps.registry,
    process: async (event, entry) => {
      const request = toNotifyRequest(event);
      let created: NotifyResult | null = null;
      const processed = await deps.inbox.processOnce(entry, async (tx) => {
        if (!request) return;
        try {
          created = await deps.notifier.notify(tx, request);
        } catch (err) {
          if (err instanceof TemplateError)
            throw new PoisonMessageError(err.message, { cause: err });
          throw err;
        }
      });
      const result = created as NotifyResult | null;
      if (result) {
        deps.metrics.notificationsCreated.inc({ type: result.type });
        for (const d of result.deliveries)
          if (d.status !== 'PENDING')
            deps.metrics.notificationDeliveries.inc({
              channel: d.channel,
              status: d.status.toLowerCase(),
            });
        if (result.deliveries.some((d) => d.status === 'PENDING')) deps.onCreated?.();
      }
      return processed;
    },
  });
}
