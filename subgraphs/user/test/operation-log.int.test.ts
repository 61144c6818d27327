// The operation log end to end: OperationRecorded events through the mock Kafka broker into the
// hash chain, queries, verification, tamper detection and export. It runs on a database of its
// own because tampering with the chain is global (it would break other files' verifications).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsumedMessage } from '@badge/kafka';
import {
  ActorType,
  createEvent,
  OperationRecordedSchema,
  TOPICS,
  type MessageInitShape,
} from '@badge/proto';
import { createTestDatabase, uniqueId, type TestDatabase } from '@badge/testing';
import { createOperationEventsHandler } from '../src/consumers/operation-events.js';
import { admin, metricValue, startHarness, waitFor, type Harness } from './helpers.js';
import { record, startTestKafka, type TestKafka } from './kafka.js';

let db: TestDatabase;
let h: Harness;
let kafka: TestKafka;
const dlq: ConsumedMessage[] = [];

const auditor = admin(['log:operation:read']);

beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
  h = await startHarness({ databaseUrl: db.url });
  kafka = await startTestKafka();
  await Promise.all([
    kafka.consume(
      [TOPICS.AUDIT_EVENTS],
      createOperationEventsHandler({
        logger: kafka.logger,
        registry: h.registry,
        inbox: h.repositories.inbox,
        operationLog: h.repositories.operationLog,
        metrics: h.metrics,
      }),
      { maxAttempts: 3 },
    ),
    kafka.consume([TOPICS.DLQ], async (m) => {
      dlq.push(m);
    }),
  ]);
}, 60_000);
afterAll(async () => {
  await kafka?.stop();
  await h?.stop();
  await db?.drop();
});

const operation = (
  over: Omit<MessageInitShape<typeof OperationRecordedSchema>, '$typeName'> = {},
) =>
  createEvent(OperationRecordedSchema, {
    userId: 'admin-sub-1',
    actorType: ActorType.ADMIN,
    actorName: 'Alice',
    module: 'badge',
    action: 'badge.publish',
    targetType: 'Badge',
    targetId: uniqueId('badge'),
    beforeJson: JSON.stringify({
      status: 'DRAFT',
      name: { 'zh-CN': '早起鸟', 'en-US': 'Early bird' },
    }),
    afterJson: JSON.stringify({ status: 'PUBLISHED', tags: ['a', 'b'], n: 1.5 }),
    ip: '198.51.100.4',
    userAgent: 'Mozilla/5.0',
    requestId: uniqueId('req'),
    service: 'badge-subgraph',
    trace: {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: '',
    },
    ...over,
  });

const entriesFor = (targetId: string) =>
  h.prisma.operationLog.findMany({ where: { targetId }, orderBy: { seq: 'asc' } });

type Verification = {
  ok: boolean;
  checked: number;
  firstBrokenSeq: string | null;
  reason: string | null;
  headSeq: string | null;
};
const verify = async (args = '') =>
  (
    await h.subgraph.request<{ verifyOperationLog: Verification }>(
      auditor,
      `{ verifyOperationLog${args} { ok checked firstBrokenSeq reason headSeq } }`,
    )
  ).data!.verifyOperationLog;

/**
 * Changes stored entries behind the application's back, as someone with database access would
 * (the append-only trigger is bypassed the documented maintenance way).
 */
async function tamper(statement: string, ...params: unknown[]) {
  await h.prisma.$transaction([
    h.prisma.$executeRawUnsafe('SET LOCAL session_replication_role = replica'),
    h.prisma.$executeRawUnsafe(statement, ...params),
  ]);
}
const COLUMN_TYPE: Record<string, string> = {
  before: 'jsonb',
  after: 'jsonb',
  created_at: 'timestamptz',
};

describe('operation log', () => {
  it('appends each OperationRecorded exactly once, even when delivered twice', async () => {
    const event = operation();
    const duplicatesBefore = await metricValue(h.registry, 'events_processed_total', {
      consumer: 'user-worker.operation-log',
      outcome: 'duplicate',
    });
    await kafka.publish([
      record(OperationRecordedSchema, event),
      record(OperationRecordedSchema, event),
    ]);
    await waitFor(
      async () =>
        (await metricValue(h.registry, 'events_processed_total', {
          consumer: 'user-worker.operation-log',
          outcome: 'duplicate',
        })) > duplicatesBefore,
      'the duplicate to be handled',
    );
    const entries = await entriesFor(event.targetId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorType: 'ADMIN',
      actorId: 'admin-sub-1',
      actorName: 'Alice',
      module: 'badge',
      action: 'badge.publish',
      targetType: 'Badge',
      ip: '198.51.100.4',
      userAgent: 'Mozilla/5.0',
      requestId: event.requestId,
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      before: { status: 'DRAFT', name: { 'zh-CN': '早起鸟', 'en-US': 'Early bird' } },
      after: { status: 'PUBLISHED', tags: ['a', 'b'], n: 1.5 },
    });
    expect(entries[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await metricValue(h.registry, 'operation_log_entries_total')).toBeGreaterThanOrEqual(1);
  });

  it("records this subgraph's own mutations through its outbox, like any other domain", async () => {
    const actor = admin(['system:role:write'], { subject: uniqueId('ops') });
    const code = `r_${uniqueId('x')
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()}`;
    const created = await h.subgraph.request<{ createRole: { role: { id: string } } }>(
      actor,
      'mutation ($c: String!) { createRole(input: { code: $c, name: "N", permissions: ["badge:badge:read"] }) { role { id } } }',
      { c: code },
    );
    const roleId = created.data!.createRole.role.id;
    // What the worker's outbox relay does: publish the rows written with the change.
    const rows = await h.prisma.userOutboxEvent.findMany({ where: { key: actor.subject } });
    expect(rows).toHaveLength(1);
    await kafka.publish(
      rows.map((r) => ({
        topic: r.topic as typeof TOPICS.AUDIT_EVENTS,
        key: r.key,
        eventType: r.eventType as 'operation.recorded.v1',
        payload: r.payload,
        headers: r.headers as Record<string, string>,
      })),
    );
    const [entry] = await waitFor(async () => {
      const e = await entriesFor(roleId);
      return e.length ? e : undefined;
    }, 'the role creation in the log');
    expect(entry).toMatchObject({
      actorType: 'ADMIN',
      actorId: actor.subject,
      module: 'system',
      action: 'role.create',
      targetType: 'Role',
      before: null,
      after: { code, name: 'N', description: null, permissions: ['badge:badge:read'] },
      ip: '203.0.113.7',
      userAgent: 'vitest',
    });
  });

  it('lists with filters and cursors, and exports CSV', async () => {
    const actorId = uniqueId('actor');
    const target = uniqueId('t');
    const events = [
      operation({ userId: actorId, module: 'rule', action: 'rule.update', targetId: target }),
      operation({ userId: actorId, module: 'rule', action: 'rule.publish', targetId: target }),
      operation({
        userId: actorId,
        actorType: ActorType.API_KEY,
        module: 'benefit',
        action: 'redemption.create',
        targetId: target,
        afterJson: JSON.stringify({ note: '=HYPERLINK("x")', text: 'a,"b"' }),
      }),
    ];
    for (const e of events) await kafka.publish([record(OperationRecordedSchema, e)]);
    await waitFor(async () => (await entriesFor(target)).length === 3, 'three entries');

    type Page = {
      operationLogs: {
        totalCount: number;
        nodes: { action: string; actorType: string; seq: string }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    };
    const LIST =
      'query ($f: OperationLogFilterInput, $a: String) { operationLogs(filter: $f, first: 2, after: $a) { totalCount nodes { action actorType seq } pageInfo { endCursor hasNextPage } } }';
    const first = await h.subgraph.request<Page>(auditor, LIST, { f: { actorId } });
    expect(first.data?.operationLogs.totalCount).toBe(3);
    expect(first.data?.operationLogs.nodes.map((n) => n.action)).toEqual([
      'redemption.create',
      'rule.publish',
    ]);
    const second = await h.subgraph.request<Page>(auditor, LIST, {
      f: { actorId },
      a: first.data!.operationLogs.pageInfo.endCursor,
    });
    expect(second.data?.operationLogs.nodes.map((n) => n.action)).toEqual(['rule.update']);
    expect(second.data?.operationLogs.pageInfo.hasNextPage).toBe(false);

    const byModule = await h.subgraph.request<Page>(auditor, LIST, {
      f: { targetId: target, module: 'rule', action: 'rule.publish' },
    });
    expect(byModule.data?.operationLogs.totalCount).toBe(1);
    const byActorType = await h.subgraph.request<Page>(auditor, LIST, {
      f: { targetId: target, actorType: 'API_KEY' },
    });
    expect(byActorType.data?.operationLogs.nodes.map((n) => n.action)).toEqual([
      'redemption.create',
    ]);
    const future = await h.subgraph.request<Page>(auditor, LIST, {
      f: { targetId: target, from: '2999-01-01T00:00:00Z' },
    });
    expect(future.data?.operationLogs.totalCount).toBe(0);
    const window = await h.subgraph.request<Page>(auditor, LIST, {
      f: {
        targetId: target,
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      },
    });
    expect(window.data?.operationLogs.totalCount).toBe(3);

    const csv = await h.subgraph.request<{ operationLogCsv: string }>(
      auditor,
      'query ($f: OperationLogFilterInput) { operationLogCsv(filter: $f, limit: 2) }',
      { f: { actorId } },
    );
    const lines = csv.data!.operationLogCsv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,created_at,actor_type,actor_id,actor_name,module,action,target_type,target_id,ip,user_agent,request_id,trace_id,before,after,prev_hash,hash',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',API_KEY,');
    expect(lines[1]).toContain('redemption.create');
    // JSON cells are quoted; a formula-looking value inside stays inert text.
    expect(lines[1]).toContain('"{""note"":""=HYPERLINK(\\""x\\"")"",""text"":""a,\\""b\\""""}"');

    const denied = await h.subgraph.request(
      admin(['system:user:read']),
      '{ operationLogs { totalCount } }',
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await h.subgraph.request(
      auditor,
      '{ operationLogs(filter: { from: "yesterday" }) { totalCount } }',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await h.subgraph.request(auditor, '{ operationLogCsv(limit: 100000) }');
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('verifies the chain, and pinpoints any row edited or deleted in the database', async () => {
    for (let i = 0; i < 3; i++) await kafka.publish([record(OperationRecordedSchema, operation())]);
    const target = operation();
    const last = operation();
    await kafka.publish([
      record(OperationRecordedSchema, target),
      record(OperationRecordedSchema, operation()),
      record(OperationRecordedSchema, last),
    ]);
    await waitFor(async () => (await entriesFor(last.targetId)).length === 1, 'the entries');
    const [victim] = await entriesFor(target.targetId);
    const intact = await verify();
    expect(intact).toMatchObject({ ok: true, firstBrokenSeq: null, reason: null });
    expect(intact.checked).toBe(Number(intact.headSeq));

    const seq = victim!.seq;
    const edits: [string, string | null][] = [
      ['after', JSON.stringify({ status: 'ARCHIVED' })],
      ['before', null],
      ['actor_id', 'someone-else'],
      ['action', 'badge.archive'],
      ['target_id', 'another-badge'],
      ['ip', '10.0.0.1'],
      ['created_at', '2020-01-01T00:00:00Z'],
      ['hash', 'f'.repeat(64)],
    ];
    for (const [column, value] of edits) {
      const type = COLUMN_TYPE[column] ?? 'text';
      const [{ v: original }] = await h.prisma.$queryRawUnsafe<[{ v: string | null }]>(
        `SELECT ${column}::text AS v FROM "user".operation_log WHERE seq = $1`,
        seq,
      );
      const update = `UPDATE "user".operation_log SET ${column} = CAST($1 AS ${type}) WHERE seq = $2`;
      await tamper(update, value, seq);
      const broken = await verify();
      expect({ column, ok: broken.ok, at: broken.firstBrokenSeq }).toEqual({
        column,
        ok: false,
        at: seq.toString(),
      });
      expect(broken.checked).toBe(Number(seq) - 1);
      // A verification starting after the damage does not see it; one spanning it does.
      expect((await verify(`(fromSeq: "${seq + 1n}")`)).ok).toBe(column !== 'hash');
      await tamper(update, original, seq);
      expect((await verify()).ok).toBe(true);
    }

    // A deleted row leaves a gap at its seq.
    await tamper('DELETE FROM "user".operation_log WHERE seq = $1', seq);
    const gap = await verify();
    expect(gap).toMatchObject({ ok: false, firstBrokenSeq: seq.toString() });
    expect(gap.reason).toMatch(/missing/);
  });

  it('never drops an audit record silently: failing appends are retried, counted, then sent to the DLQ', async () => {
    // Make appends fail for one module (a stand-in for a broken database write).
    await h.prisma.$executeRawUnsafe(
      `ALTER TABLE "user".operation_log ADD CONSTRAINT test_refuse_module CHECK (module <> 'explode')`,
    );
    try {
      const errorsBefore = await metricValue(h.registry, 'operation_log_append_errors_total');
      const failing = operation({ module: 'explode' });
      await kafka.publish([record(OperationRecordedSchema, failing)]);
      const dead = await waitFor(
        () => dlq.find((m) => m.headers['x-event-id'] === failing.eventId),
        'the failing record in the DLQ',
      );
      expect(dead.headers).toMatchObject({
        'x-original-topic': TOPICS.AUDIT_EVENTS,
        'x-error-class': 'exhausted',
        'x-attempts': '3',
      });
      expect(await metricValue(h.registry, 'operation_log_append_errors_total')).toBe(
        errorsBefore + 3,
      );
      expect(await entriesFor(failing.targetId)).toHaveLength(0);

      // A malformed record (no module; the codec refuses to encode one, so it is raw JSON) is
      // poison: straight to the DLQ.
      const poison = {
        eventId: uniqueId('evt'),
        userId: 'x',
        occurredAt: new Date().toISOString(),
        actorType: 'ACTOR_TYPE_ADMIN',
        module: '',
        action: 'a.b',
      };
      await kafka.producer.send(TOPICS.AUDIT_EVENTS, [
        {
          key: 'x',
          value: JSON.stringify(poison),
          headers: {
            'content-type': 'application/json',
            'x-event-type': 'operation.recorded.v1',
            'x-event-id': poison.eventId,
          },
        },
      ]);
      const deadPoison = await waitFor(
        () => dlq.find((m) => m.headers['x-event-id'] === poison.eventId),
        'the malformed record in the DLQ',
      );
      expect(deadPoison.headers['x-error-class']).toBe('poison');
    } finally {
      await h.prisma.$executeRawUnsafe(
        'ALTER TABLE "user".operation_log DROP CONSTRAINT test_refuse_module',
      );
    }
    // The log keeps working afterwards.
    const next = operation();
    await kafka.publish([record(OperationRecordedSchema, next)]);
    await waitFor(async () => (await entriesFor(next.targetId)).length === 1, 'the next entry');
  });
});
