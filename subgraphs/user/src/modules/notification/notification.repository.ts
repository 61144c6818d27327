import { randomUUID } from 'node:crypto';
import type { Prisma } from '@badge/db';
import {
  insertOutboxRecords,
  type DeliveryStatus,
  type NotificationChannel,
  type PrismaClient,
} from '@badge/db';
import type { OutboxRecord } from '@badge/proto';

/** A transaction of the consumer (opaque outside repositories). */
export type NotificationTx = Prisma.TransactionClient;

export type ChannelName = NotificationChannel;
export type DeliveryStatusName = DeliveryStatus;

export interface NotificationRow {
  id: string;
  userId: string;
  type: string;
  title: unknown;
  body: unknown;
  data: unknown;
  dedupeKey: string | null;
  readAt: Date | null;
  archivedAt: Date | null;
  createdAt: Date;
}

export interface DeliveryRow {
  id: string;
  notificationId: string;
  channel: ChannelName;
  status: DeliveryStatusName;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  providerMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PreferenceRow {
  channel: ChannelName;
  notificationType: string;
  isEnabled: boolean;
}

/** The user as the notifier needs them (PII still encrypted). */
export interface RecipientRow {
  id: string;
  externalId: string;
  locale: string;
  hasPhone: boolean;
  hasEmail: boolean;
}

export interface NewDelivery {
  channel: ChannelName;
  status: DeliveryStatusName;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
}

/** A claimed delivery with what sending it needs. */
export interface DueDelivery {
  id: string;
  channel: ChannelName;
  /** Attempt number of this claim (1 = first). */
  attempt: number;
  notification: NotificationRow;
  user: {
    externalId: string;
    locale: string;
    phoneCiphertext: Uint8Array | null;
    phoneKeyId: string | null;
    emailCiphertext: Uint8Array | null;
    emailKeyId: string | null;
  };
}

export type DeliveryOutcome =
  | { status: 'SENT'; providerMessageId: string | null }
  | { status: 'PENDING'; lastError: string; nextAttemptAt: Date }
  | { status: 'FAILED'; lastError: string };

const notificationSelect = {
  id: true,
  userId: true,
  type: true,
  title: true,
  body: true,
  data: true,
  dedupeKey: true,
  readAt: true,
  archivedAt: true,
  createdAt: true,
} as const;

export function createNotificationRepository(prisma: PrismaClient) {
  const page = <T extends { createdAt: Date; id: string }>(after: T | undefined) =>
    after
      ? {
          OR: [
            { createdAt: { lt: after.createdAt } },
            { createdAt: after.createdAt, id: { lt: after.id } },
          ],
        }
      : {};

  const preferencesOf = (
    db: NotificationTx | PrismaClient,
    userId: string,
  ): Promise<PreferenceRow[]> =>
    db.notificationPreference.findMany({
      where: { userId },
      select: { channel: true, notificationType: true, isEnabled: true },
      orderBy: [{ channel: 'asc' }, { notificationType: 'asc' }],
    });

  return {
    // ---- consumer side (inside the inbox transaction) -------------------------------------

    /** The user with this external id, created (defaults) on their first event. */
    async ensureUser(tx: NotificationTx, externalId: string): Promise<RecipientRow> {
      await tx.$executeRaw`
        INSERT INTO "user"."user" (id, external_id) VALUES (gen_random_uuid(), ${externalId})
        ON CONFLICT (external_id) DO NOTHING`;
      const user = await tx.user.findUniqueOrThrow({
        where: { externalId },
        select: {
          id: true,
          externalId: true,
          locale: true,
          phoneCiphertext: true,
          emailCiphertext: true,
        },
      });
      return {
        id: user.id,
        externalId: user.externalId,
        locale: user.locale,
        hasPhone: user.phoneCiphertext !== null,
        hasEmail: user.emailCiphertext !== null,
      };
    },

    preferencesOf,

    /** A user's stored channel preferences (internal user id). */
    preferences: (userId: string) => preferencesOf(prisma, userId),

    /**
     * Stores the in-app notification and its channel deliveries. Returns null when this user
     * already has a notification with this dedupe key (the event was handled before).
     */
    async create(
      tx: NotificationTx,
      notification: {
        userId: string;
        type: string;
        title: Prisma.InputJsonValue;
        body: Prisma.InputJsonValue;
        data: Prisma.InputJsonValue;
        dedupeKey: string;
        archivedAt: Date | null;
      },
      deliveries: readonly NewDelivery[],
    ): Promise<string | null> {
      const id = randomUUID();
      const { count } = await tx.notification.createMany({
        data: [{ id, ...notification }],
        skipDuplicates: true,
      });
      if (count === 0) return null;
      if (deliveries.length)
        await tx.notificationDelivery.createMany({
          data: deliveries.map((d) => ({ notificationId: id, ...d })),
        });
      return id;
    },

    // ---- client app / console side --------------------------------------------------------

    async listForUser(
      userId: string,
      options: {
        unreadOnly: boolean;
        take: number;
        after?: { createdAt: Date; id: string } | undefined;
      },
    ): Promise<{ rows: NotificationRow[]; totalCount: number }> {
      const base: Prisma.NotificationWhereInput = {
        userId,
        archivedAt: null,
        ...(options.unreadOnly ? { readAt: null } : {}),
      };
      const [rows, totalCount] = await Promise.all([
        prisma.notification.findMany({
          where: { AND: [base, page(options.after)] },
          select: notificationSelect,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: options.take,
        }),
        prisma.notification.count({ where: base }),
      ]);
      return { rows, totalCount };
    },

    async unreadCounts(userIds: readonly string[]): Promise<Map<string, number>> {
      const rows = await prisma.notification.groupBy({
        by: ['userId'],
        where: { userId: { in: [...userIds] }, readAt: null, archivedAt: null },
        _count: { _all: true },
      });
      return new Map(rows.map((r) => [r.userId, r._count._all]));
    },

    /** Marks the user's notifications read (the given ones, or all) and audits it. */
    async markRead(
      externalId: string,
      ids: readonly string[] | null,
      audit: (count: number) => OutboxRecord[],
    ): Promise<number> {
      return prisma.$transaction(async (tx) => {
        const user = await tx.user.findUnique({ where: { externalId }, select: { id: true } });
        if (!user) return 0;
        const { count } = await tx.notification.updateMany({
          where: {
            userId: user.id,
            readAt: null,
            ...(ids ? { id: { in: [...ids] } } : {}),
          },
          data: { readAt: new Date(), updatedAt: new Date() },
        });
        if (count > 0) await insertOutboxRecords(tx, 'user', audit(count));
        return count;
      });
    },

    /** Upserts a user's channel preferences (creating the user row on first contact), audited. */
    async setPreferences(
      externalId: string,
      preferences: readonly PreferenceRow[],
      audit: (before: PreferenceRow[], after: PreferenceRow[]) => OutboxRecord[],
    ): Promise<PreferenceRow[]> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`
          INSERT INTO "user"."user" (id, external_id) VALUES (gen_random_uuid(), ${externalId})
          ON CONFLICT (external_id) DO NOTHING`;
        const user = await tx.user.findUniqueOrThrow({
          where: { externalId },
          select: { id: true },
        });
        const before = await preferencesOf(tx, user.id);
        for (const p of preferences) {
          await tx.notificationPreference.upsert({
            where: {
              userId_channel_notificationType: {
                userId: user.id,
                channel: p.channel,
                notificationType: p.notificationType,
              },
            },
            create: { userId: user.id, ...p },
            update: { isEnabled: p.isEnabled, updatedAt: new Date() },
          });
        }
        const after = await preferencesOf(tx, user.id);
        await insertOutboxRecords(tx, 'user', audit(before, after));
        return after;
      });
    },

    async deliveriesOf(notificationIds: readonly string[]): Promise<DeliveryRow[]> {
      return prisma.notificationDelivery.findMany({
        where: { notificationId: { in: [...notificationIds] } },
        orderBy: { channel: 'asc' },
      });
    },

    /** Deliveries for the console (failed ones first of all), newest first. */
    async listDeliveries(
      filter: {
        status?: DeliveryStatusName | undefined;
        channel?: ChannelName | undefined;
        userId?: string | undefined;
      },
      options: { take: number; after?: { createdAt: Date; id: string } | undefined },
    ): Promise<{
      rows: (DeliveryRow & { userExternalId: string; type: string })[];
      totalCount: number;
    }> {
      const base: Prisma.NotificationDeliveryWhereInput = {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.channel ? { channel: filter.channel } : {}),
        ...(filter.userId ? { notification: { userId: filter.userId } } : {}),
      };
      const [rows, totalCount] = await Promise.all([
        prisma.notificationDelivery.findMany({
          where: { AND: [base, page(options.after)] },
          include: {
            notification: { select: { type: true, user: { select: { externalId: true } } } },
          },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: options.take,
        }),
        prisma.notificationDelivery.count({ where: base }),
      ]);
      return {
        rows: rows.map(({ notification, ...d }) => ({
          ...d,
          type: notification.type,
          userExternalId: notification.user.externalId,
        })),
        totalCount,
      };
    },

    async internalIdOf(externalId: string): Promise<string | null> {
      const user = await prisma.user.findUnique({ where: { externalId }, select: { id: true } });
      return user?.id ?? null;
    },

    // ---- delivery loop -------------------------------------------------------------------

    /**
     * Claims up to `limit` due PENDING deliveries (SKIP LOCKED, so several loops never take the
     * same one) by counting the attempt and pushing next_attempt_at a lease ahead: a worker that
     * dies mid-send leaves the delivery to be retried once the lease ends.
     */
    async claimDue(limit: number, leaseMs: number): Promise<DueDelivery[]> {
      const claimed = await prisma.$queryRaw<
        { id: string; notification_id: string; channel: string; attempts: number }[]
      >`
        UPDATE "user".notification_delivery d
        SET attempts = d.attempts + 1,
            next_attempt_at = now() + ${leaseMs} * interval '1 millisecond',
            updated_at = now()
        FROM (
          SELECT id FROM "user".notification_delivery
          WHERE status = 'PENDING' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        ) due
        WHERE d.id = due.id
        RETURNING d.id::text, d.notification_id::text, d.channel::text, d.attempts`;
      if (claimed.length === 0) return [];
      const notifications = await prisma.notification.findMany({
        where: { id: { in: claimed.map((c) => c.notification_id) } },
        select: {
          ...notificationSelect,
          user: {
            select: {
              externalId: true,
              locale: true,
              phoneCiphertext: true,
              phoneKeyId: true,
              emailCiphertext: true,
              emailKeyId: true,
            },
          },
        },
      });
      const byId = new Map(notifications.map((n) => [n.id, n]));
      return claimed.flatMap((c) => {
        const n = byId.get(c.notification_id);
        if (!n) return [];
        const { user, ...notification } = n;
        return [
          {
            id: c.id,
            channel: c.channel as ChannelName,
            attempt: c.attempts,
            notification,
            user,
          },
        ];
      });
    },

    /** Records the outcome of the attempt `attempt` (ignored if another claim overtook it). */
    async complete(id: string, attempt: number, outcome: DeliveryOutcome): Promise<boolean> {
      const now = new Date();
      const data =
        outcome.status === 'SENT'
          ? {
              status: 'SENT' as const,
              sentAt: now,
              nextAttemptAt: null,
              lastError: null,
              providerMessageId: outcome.providerMessageId,
            }
          : outcome.status === 'PENDING'
            ? {
                status: 'PENDING' as const,
                lastError: outcome.lastError,
                nextAttemptAt: outcome.nextAttemptAt,
              }
            : { status: 'FAILED' as const, lastError: outcome.lastError, nextAttemptAt: null };
      const { count } = await prisma.notificationDelivery.updateMany({
        where: { id, attempts: attempt, status: 'PENDING' },
        data: { ...data, updatedAt: now },
      });
      return count === 1;
    },
  };
}
export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
