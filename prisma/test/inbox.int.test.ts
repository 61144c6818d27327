// claimInboxMessage / processInboxMessage (src/inbox.ts): an effect runs once per message id and
// commits together with its inbox row.
import { randomUUID } from 'node:crypto';
import { testDatabaseUrl, uniqueId } from '@badge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimInboxRows,
  createPrismaClient,
  databaseErrorInfo,
  insertOutboxRecords,
  insertOutboxRows,
  isUniqueViolation,
  processInboxMessage,
  sqlDatabase,
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

describe('plain SQL batch writes (sqlDatabase + claimInboxRows + insertOutboxRows)', () => {
  it('claims a batch of inbox rows, reporting only the new ids, and writes outbox rows in order', async () => {
    const sql = sqlDatabase(prisma);
    const consumer = uniqueId('consumer');
    const seen = { ...entry(), consumer };
    await processInboxMessage(prisma, 'rule', seen, async () => {});
    const fresh = [randomUUID(), randomUUID()];
    const key = uniqueId('outbox-key');

    const claimed = await sql.transaction(async (tx) => {
      const ids = await claimInboxRows(tx, 'rule', [
        seen,
        ...fresh.map((messageId) => ({ ...seen, messageId, offset: '9007199254740993' })),
      ]);
      await insertOutboxRows(
        tx,
        'rule',
        [1, 2, 3].map((n) => ({
          topic: 'badge.grant.commands',
          key,
          eventType: 'badge.grant.command.v1',
          payload: new Uint8Array([0, n, 255]),
          headers: { 'x-event-id': `e-${n}` },
        })),
      );
      return ids;
    });

    expect(claimed).toEqual(new Set(fresh));
    const inbox = await prisma.ruleInboxMessage.findUniqueOrThrow({
      where: { consumer_messageId: { consumer, messageId: fresh[1]! } },
    });
    expect(inbox.kafkaOffset).toBe(9007199254740993n);
    // in the relay's order (created_at, then physical position)
    const outbox = await prisma.$queryRaw<{ payload: Buffer; headers: unknown }[]>`
      SELECT payload, headers FROM rule.outbox_event WHERE key = ${key} ORDER BY created_at, ctid`;
    expect(outbox.map((r) => [...r.payload])).toEqual([
      [0, 1, 255],
      [0, 2, 255],
      [0, 3, 255],
    ]);
    expect(outbox.map((r) => r.headers)).toEqual(
      [1, 2, 3].map((n) => ({ 'x-event-id': `e-${n}` })),
    );
  });

  it('rolls everything back when the function throws, and keeps the database error classifiable', async () => {
    const sql = sqlDatabase(prisma);
    const message = entry();
    const key = uniqueId('outbox-key');
    const error = await sql
      .transaction(async (tx) => {
        await claimInboxRows(tx, 'badge', [message]);
        await insertOutboxRows(tx, 'badge', [
          { topic: 't', key, eventType: 'x.v1', payload: new Uint8Array([1]), headers: {} },
        ]);
        // the same primary key twice: a unique violation raised by pg itself
        await tx.query(
          'INSERT INTO badge.inbox_message (consumer, message_id, topic, partition, kafka_offset) VALUES ($1, $2, $3, 0, 0)',
          [message.consumer, message.messageId, 't'],
        );
      })
      .catch((err: unknown) => err);

    expect(databaseErrorInfo(error)).toMatchObject({
      sqlState: '23505',
      constraint: 'inbox_message_pkey',
    });
    expect(isUniqueViolation(error, 'inbox_message_pkey')).toBe(true);
    expect(await prisma.badgeOutboxEvent.count({ where: { key } })).toBe(0);
    expect(await prisma.badgeInboxMessage.count({ where: { messageId: message.messageId } })).toBe(
      0,
    );
    // the connection went back to the pool in a usable state
    expect(await sql.transaction(async (tx) => (await tx.query('SELECT 1 AS one')).rows)).toEqual([
      { one: 1 },
    ]);
  });
});

describe('insertOutboxRecords (one JSON parameter)', () => {
  it('keeps array order, payload bytes (views, empty) and headers exactly', async () => {
    const key = uniqueId('outbox-key');
    const backing = new Uint8Array([9, 9, 0, 128, 255, 9]);
    const payloads = [
      backing.subarray(2, 5), // a view with a byte offset: only its bytes
      new Uint8Array([]),
      new Uint8Array(Array.from({ length: 300 }, (_, i) => i % 256)),
    ];
    const headers: Record<string, string>[] = [
      { 'x-event-id': 'e-1', traceparent: '00-abc-def-01' },
      {},
      { 'x-note': 'quote " backslash \\ 徽章 😀' },
    ];
    await prisma.$transaction((tx) =>
      insertOutboxRecords(
        tx,
        'user',
        payloads.map((payload, i) => ({
          topic: 'user.events',
          key,
          eventType: `x.${i}.v1`,
          payload,
          headers: headers[i]!,
        })),
      ),
    );
    const rows = await prisma.$queryRaw<
      { topic: string; event_type: string; payload: Buffer; headers: unknown }[]
    >`SELECT topic, event_type, payload, headers FROM "user".outbox_event
       WHERE key = ${key} ORDER BY created_at, ctid`;
    expect(rows.map((r) => [r.topic, r.event_type, [...r.payload], r.headers])).toEqual(
      payloads.map((p, i) => ['user.events', `x.${i}.v1`, [...p], headers[i]]),
    );
  });
});
