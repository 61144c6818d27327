import { toLocalizedText, type Identity, type LocalizedTextDto } from '@badge/service-kit';
import { z } from 'zod';
import { auditRecord } from '../../audit.js';
import {
  decodeCursor,
  parseInput,
  toConnection,
  ZConnectionArgs,
  type Connection,
} from '../../pagination.js';
import type {
  DeliveryRow,
  NotificationRepository,
  NotificationRow,
  PreferenceRow,
} from './notification.repository.js';

const CHANNELS = ['IN_APP', 'PUSH', 'SMS', 'EMAIL', 'WEBHOOK'] as const;
const ZCursor = z.tuple([z.iso.datetime(), z.uuid()]);
const ZExternalId = z.string().min(1).max(128);

export const ZNotificationsArgs = ZConnectionArgs.extend({
  unreadOnly: z.boolean().nullish(),
});
export type TNotificationsArgs = z.input<typeof ZNotificationsArgs>;

export const ZMarkReadArgs = z.object({
  userId: ZExternalId,
  /** Omitted or null = every unread notification of the user. */
  ids: z.array(z.uuid()).max(500).nullish(),
});
export type TMarkReadArgs = z.input<typeof ZMarkReadArgs>;

export const ZSetPreferencesArgs = z.object({
  userId: ZExternalId,
  preferences: z
    .array(
      z.object({
        channel: z.enum(CHANNELS),
        notificationType: z
          .string()
          .regex(
            /^(\*|[a-z][a-z0-9_]*(\.[a-z0-9_]+)*)$/,
            'a notification type such as badge.granted, or *',
          )
          .nullish()
          .transform((v) => v ?? '*'),
        isEnabled: z.boolean(),
      }),
    )
    .min(1)
    .max(50),
});
export type TSetPreferencesArgs = z.input<typeof ZSetPreferencesArgs>;

export const ZDeliveriesArgs = ZConnectionArgs.extend({
  filter: z
    .object({
      status: z.enum(['PENDING', 'SENT', 'FAILED', 'SKIPPED']).nullish(),
      channel: z.enum(CHANNELS).nullish(),
      userId: ZExternalId.nullish(),
    })
    .nullish(),
});
export type TDeliveriesArgs = z.input<typeof ZDeliveriesArgs>;

export interface NotificationDto {
  id: string;
  type: string;
  title: LocalizedTextDto;
  body: LocalizedTextDto | null;
  data: string;
  isRead: boolean;
  readAt: string | null;
  createdAt: string;
}

export interface DeliveryDto {
  id: string;
  notificationId: string;
  channel: DeliveryRow['channel'];
  status: DeliveryRow['status'];
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  providerMessageId: string | null;
  createdAt: string;
  updatedAt: string;
  notificationType?: string;
  userId?: string;
}

const toNotificationDto = (n: NotificationRow): NotificationDto => ({
  id: n.id,
  type: n.type,
  title: toLocalizedText(n.title) ?? { zhCN: null, enUS: null },
  body: toLocalizedText(n.body),
  data: JSON.stringify(n.data ?? {}),
  isRead: n.readAt !== null,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

export const toDeliveryDto = (d: DeliveryRow): DeliveryDto => ({
  id: d.id,
  notificationId: d.notificationId,
  channel: d.channel,
  status: d.status,
  attempts: d.attempts,
  lastError: d.lastError,
  nextAttemptAt: d.status === 'PENDING' ? (d.nextAttemptAt?.toISOString() ?? null) : null,
  sentAt: d.sentAt?.toISOString() ?? null,
  providerMessageId: d.providerMessageId,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

/** The in-app inbox for client apps, preferences, and delivery visibility for the console. */
export function createNotificationService(repository: NotificationRepository) {
  return {
    /** A user's inbox (internal user id), newest first. */
    async listForUser(
      userId: string,
      args: TNotificationsArgs,
    ): Promise<Connection<NotificationDto>> {
      const { first, after, unreadOnly } = parseInput(
        ZNotificationsArgs,
        args,
        'notification query',
      );
      const cursor = decodeCursor(after, ZCursor);
      const { rows, totalCount } = await repository.listForUser(userId, {
        unreadOnly: unreadOnly ?? false,
        take: first + 1,
        after: cursor ? { createdAt: new Date(cursor[0]), id: cursor[1] } : undefined,
      });
      return toConnection(rows, first, totalCount, toNotificationDto, (n) => [
        n.createdAt.toISOString(),
        n.id,
      ]);
    },

    async unreadCounts(userIds: readonly string[]): Promise<number[]> {
      const counts = await repository.unreadCounts(userIds);
      return userIds.map((id) => counts.get(id) ?? 0);
    },

    async preferences(userId: string): Promise<PreferenceRow[]> {
      return repository.preferences(userId);
    },

    async markRead(identity: Identity, args: TMarkReadArgs): Promise<number> {
      const { userId, ids } = parseInput(ZMarkReadArgs, args, 'mark-read request');
      return repository.markRead(userId, ids ?? null, (count) => [
        auditRecord(identity, {
          module: 'user',
          action: 'notification.mark_read',
          targetType: 'User',
          targetId: userId,
          after: { marked: count, ids: ids ?? 'all' },
        }),
      ]);
    },

    async setPreferences(identity: Identity, args: TSetPreferencesArgs): Promise<PreferenceRow[]> {
      const { userId, preferences } = parseInput(
        ZSetPreferencesArgs,
        args,
        'notification preferences',
      );
      return repository.setPreferences(userId, preferences, (before, after) => [
        auditRecord(identity, {
          module: 'user',
          action: 'notification.preferences.update',
          targetType: 'User',
          targetId: userId,
          before,
          after,
        }),
      ]);
    },

    async deliveriesOf(notificationIds: readonly string[]): Promise<DeliveryDto[][]> {
      const rows = await repository.deliveriesOf(notificationIds);
      return notificationIds.map((id) =>
        rows.filter((d) => d.notificationId === id).map(toDeliveryDto),
      );
    },

    /** Deliveries across users for the console (e.g. every FAILED webhook), newest first. */
    async listDeliveries(args: TDeliveriesArgs): Promise<Connection<DeliveryDto>> {
      const { first, after, filter } = parseInput(ZDeliveriesArgs, args, 'delivery query');
      const cursor = decodeCursor(after, ZCursor);
      const internalId = filter?.userId ? await repository.internalIdOf(filter.userId) : undefined;
      if (filter?.userId && !internalId)
        return { nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, totalCount: 0 };
      const { rows, totalCount } = await repository.listDeliveries(
        {
          status: filter?.status ?? undefined,
          channel: filter?.channel ?? undefined,
          userId: internalId ?? undefined,
        },
        {
          take: first + 1,
          after: cursor ? { createdAt: new Date(cursor[0]), id: cursor[1] } : undefined,
        },
      );
      return toConnection(
        rows,
        first,
        totalCount,
        (d) => ({ ...toDeliveryDto(d), notificationType: d.type, userId: d.userExternalId }),
        (d) => [d.createdAt.toISOString(), d.id],
      );
    },
  };
}
export type NotificationService = ReturnType<typeof createNotificationService>;
