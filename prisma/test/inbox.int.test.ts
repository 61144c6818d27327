// claimInboxMessage / processInboxMessage (src/inbox.ts): an effect runs once per message id and
// commits together with its inbox row.
import { randomUUID } from 'node:crypto';
import { testDatabaseUrl, uniqueId } from '@badge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPrismaClient,
  insertOutboxRecords,
  processInboxMessage,
  type PrismaClient,
} from '../src/index.js';

let prisma: PrismaClient;

beforeAll(() => {
  prisma = createPrismaClient({ url: testDatabaseUrl(), poolMax: 2 });
});

afterAll(async () => {
  await prisma.$disconnect();
});

const entry = () => ({
  consumer: uniqueId('consumer'),
  messageId: randomUUID(),
  topic: 'badge.grant.commands',
  partition: 2,
  offset: '9007199254740993',
});

describe('processInboxMessage', () => {
  it('runs the effect once and reports redeliveries', async () => {
    const message = entry();
    let runs = 0;
    const effect = async () => {
      runs += 1;
    };

    expect(await processInboxMessage(prisma, 'rule', message, effect)).toBe(true);
    expect(await processInboxMessage(prisma, 'rule', message, effect)).toBe(false);

    expect(runs).toBe(1);
    const row = await prisma.ruleInboxMessage.findUniqueOrThrow({
      where: { consumer_messageId: { consumer: message.consumer, messageId: message.messageId } },
    });
    expect(row.kafkaOffset).toBe(9007199254740993n);
  });

  it('rolls the inbox row back with a failed effect, so the message is processed again', async () => {
    const message = entry();
    const key = uniqueId('outbox-key');

    await expect(
      processInboxMessage(prisma, 'badge', message, async (tx) => {
        await tx.badgeOutboxEvent.create({
          data: { topic: 't', key, eventType: 'x.v1', payload: Buffer.from('x') },
        });
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    expect(await prisma.badgeInboxMessage.count({ where: { consumer: message.consumer } })).toBe(0);
    expect(await prisma.badgeOutboxEvent.count({ where: { key } })).toBe(0);

    expect(await processInboxMessage(prisma, 'badge', message, async () => undefined)).toBe(true);
  });
});

describe('insertOutboxRecords', () => {
  it('writes outbox rows in the caller transaction, published only if it commits', async () => {
    const key = uniqueId('user');
    const record = (n: number) => ({
      topic: 'badge.badge.events',
      key,
      eventType: 'badge.granted.v1',
      payload: new Uint8Array([n, 1, 2]),
      headers: { 'x-event-id': `e-${n}` },
    });
    await prisma.$transaction((tx) => insertOutboxRecords(tx, 'badge', [record(1), record(2)]));
    await prisma
      .$transaction(async (tx) => {
        await insertOutboxRecords(tx, 'badge', [record(3)]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const rows = await prisma.badgeOutboxEvent.findMany({ where: { key } });
    const seen = rows
      .map((r) => ({
        eventType: r.eventType,
        payload: [...r.payload],
        headers: r.headers,
        publishedAt: r.publishedAt,
      }))
      .sort((a, b) => (a.payload[0] ?? 0) - (b.payload[0] ?? 0));
    expect(seen).toEqual([
      {
        eventType: 'badge.granted.v1',
        payload: [1, 1, 2],
        headers: { 'x-event-id': 'e-1' },
        publishedAt: null,
      },
      {
        eventType: 'badge.granted.v1',
        payload: [2, 1, 2],
        headers: { 'x-event-id': 'e-2' },
        publishedAt: null,
      },
    ]);
  });
});
