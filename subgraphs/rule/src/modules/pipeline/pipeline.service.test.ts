import { describe, expect, it } from 'vitest';
import {
  decodeEvent,
  EngagementEventSchema,
  fromAttributes,
  OperationRecordedSchema,
  TOPICS,
  TransactionEventSchema,
} from '@badge/proto';
import { AppError, createLogger, type Identity } from '@badge/service-kit';
import type { PipelineAdminRepository } from './pipeline.repository.js';
import {
  createPipelineService,
  type DeadLetterReplay,
  type GroupTopicBacklog,
  type PipelineKafka,
} from './pipeline.service.js';

const admin: Identity = {
  kind: 'admin',
  subject: 'ops-1',
  roles: [],
  permissions: ['system:pipeline:write'],
  scopes: [],
  mfa: true,
};
const GROUPS = [
  { groupId: 'a-worker', topics: ['t1', 't2'] },
  { groupId: 'b-worker', topics: ['t2'] },
];
const NOW = new Date('2026-11-21T10:00:00.000Z');
type OutboxRecord = Parameters<PipelineAdminRepository['recordOperation']>[0];

/** A stand-in for the broker: answers from fixed backlogs, or fails, or never answers. */
function fakeKafka(
  options: {
    backlogs?: GroupTopicBacklog[] | 'unreachable' | 'hang';
    replay?: DeadLetterReplay | 'unreachable' | Promise<DeadLetterReplay>;
    produce?: 'unreachable';
  } = {},
) {
  const calls: {
    backlogs: unknown[];
    replays: unknown[];
    produced: { topic: string; key: string; value: Uint8Array; headers: Record<string, string> }[];
  } = { backlogs: [], replays: [], produced: [] };
  const kafka: PipelineKafka = {
    backlogs(groups) {
      calls.backlogs.push(groups);
      if (options.backlogs === 'unreachable') return Promise.reject(new Error('ECONNREFUSED'));
      if (options.backlogs === 'hang') return new Promise(() => undefined);
      return Promise.resolve(options.backlogs ?? []);
    },
    replayDeadLetters(o) {
      calls.replays.push(o);
      if (options.replay === 'unreachable') return Promise.reject(new Error('ECONNREFUSED'));
      return Promise.resolve(options.replay ?? { replayed: 0, failed: 0 });
    },
    produce(topic, message) {
      if (options.produce === 'unreachable') return Promise.reject(new Error('ECONNREFUSED'));
      calls.produced.push({ topic, ...message });
      return Promise.resolve();
    },
  };
  return { kafka, calls };
}

function service(kafka: PipelineKafka, statusTimeoutMs = 1000) {
  const records: OutboxRecord[] = [];
  const svc = createPipelineService({
    kafka,
    repository: {
      recordOperation: (r) => {
        records.push(r);
        return Promise.resolve();
      },
    },
    logger: createLogger({ name: 'pipeline-test', level: 'silent' }),
    replayGroupId: 'dlq-replay',
    statusTimeoutMs,
    groups: GROUPS,
    now: () => NOW,
  });
  return { svc, records };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a rejection');
}

describe('pipeline service: status', () => {
  it('counts dead letters from the replay group on the DLQ and lag per group and topic', async () => {
    const { kafka, calls } = fakeKafka({
      backlogs: [
        { groupId: 'dlq-replay', topic: TOPICS.DLQ, backlog: 4 },
        { groupId: 'a-worker', topic: 't1', backlog: 12 },
        { groupId: 'a-worker', topic: 't2', backlog: 0 },
        { groupId: 'b-worker', topic: 't2', backlog: 3e12 },
      ],
    });
    const { svc } = service(kafka);
    expect(await svc.status()).toEqual({
      deadLetters: 4,
      consumerLag: [
        { groupId: 'a-worker', topic: 't1', lag: 12 },
        { groupId: 'a-worker', topic: 't2', lag: 0 },
        { groupId: 'b-worker', topic: 't2', lag: 2_147_483_647 }, // a GraphQL Int at most
      ],
      kafkaReachable: true,
      checkedAt: NOW.toISOString(),
    });
    expect(calls.backlogs).toEqual([[{ groupId: 'dlq-replay', topics: [TOPICS.DLQ] }, ...GROUPS]]);
  });

  it('reports Kafka down as data, not as an error', async () => {
    const { svc } = service(fakeKafka({ backlogs: 'unreachable' }).kafka);
    expect(await svc.status()).toEqual({
      deadLetters: 0,
      consumerLag: [],
      kafkaReachable: false,
      checkedAt: NOW.toISOString(),
    });
  });

  it('answers within its deadline when Kafka does not answer at all', async () => {
    const { svc } = service(fakeKafka({ backlogs: 'hang' }).kafka, 50);
    const status = await svc.status();
    expect(status.kafkaReachable).toBe(false);
  });
});

describe('pipeline service: replayDeadLetters', () => {
  it('replays with the replay group and records the operation with its outcome', async () => {
    const { kafka, calls } = fakeKafka({ replay: { replayed: 7, failed: 1 } });
    const { svc, records } = service(kafka);
    expect(await svc.replayDeadLetters(admin, 100)).toEqual({ replayed: 7, failed: 1 });
    expect(calls.replays).toEqual([{ groupId: 'dlq-replay', limit: 100 }]);
    expect(records).toHaveLength(1);
    expect(records[0]!.topic).toBe(TOPICS.AUDIT_EVENTS);
    const event = decodeEvent(OperationRecordedSchema, records[0]!.payload);
    expect(event).toMatchObject({
      userId: 'ops-1',
      module: 'system',
      action: 'pipeline.replay',
      targetType: 'KafkaTopic',
      targetId: TOPICS.DLQ,
      service: 'rule-subgraph',
    });
    expect(JSON.parse(event.afterJson)).toEqual({ limit: 100, replayed: 7, failed: 1 });
  });

  it('refuses a limit outside 1..1000 before touching Kafka', async () => {
    const { kafka, calls } = fakeKafka();
    const { svc } = service(kafka);
    for (const limit of [0, 1001, 2.5, null]) {
      expect((await rejection(svc.replayDeadLetters(admin, limit))).code).toBe('BAD_USER_INPUT');
    }
    expect(calls.replays).toEqual([]);
  });

  it('runs one replay at a time', async () => {
    let release!: (r: DeadLetterReplay) => void;
    const pending = new Promise<DeadLetterReplay>((resolve) => (release = resolve));
    const { kafka } = fakeKafka({ replay: pending });
    const { svc } = service(kafka);
    const first = svc.replayDeadLetters(admin, 10);
    expect((await rejection(svc.replayDeadLetters(admin, 10))).code).toBe('CONFLICT');
    release({ replayed: 1, failed: 0 });
    expect(await first).toEqual({ replayed: 1, failed: 0 });
    await expect(svc.replayDeadLetters(admin, 10)).resolves.toEqual({ replayed: 1, failed: 0 });
  });

  it('is DEPENDENCY_UNAVAILABLE when Kafka cannot be reached, and records nothing', async () => {
    const { svc, records } = service(fakeKafka({ replay: 'unreachable' }).kafka);
    expect((await rejection(svc.replayDeadLetters(admin, 5))).code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(records).toEqual([]);
  });
});

describe('pipeline service: sendTestEvent', () => {
  it('produces an engagement event as an app would (protobuf, keyed by user) and audits it', async () => {
    const { kafka, calls } = fakeKafka();
    const { svc, records } = service(kafka);
    const sent = await svc.sendTestEvent(admin, {
      userId: 'u-1',
      type: 'check_in',
      attributes: '{"channel": "app", "floor": 3}',
    });
    expect(sent.topic).toBe(TOPICS.ENGAGEMENT_EVENTS);
    expect(sent.eventId).toMatch(/^test-/);
    const [message] = calls.produced;
    expect(message).toMatchObject({ topic: TOPICS.ENGAGEMENT_EVENTS, key: 'u-1' });
    expect(message!.headers['x-event-id']).toBe(sent.eventId);
    const event = decodeEvent(EngagementEventSchema, message!.value, 'application/x-protobuf');
    expect(event).toMatchObject({ eventId: sent.eventId, userId: 'u-1', type: 'check_in' });
    expect(fromAttributes(event.attributes)).toEqual({ channel: 'app', floor: 3n }); // integers are CEL ints
    const log = decodeEvent(OperationRecordedSchema, records[0]!.payload);
    expect(log).toMatchObject({ action: 'rule.test_event', targetId: 'u-1' });
  });

  it('produces a purchase to the transaction topic with its amount', async () => {
    const { kafka, calls } = fakeKafka();
    const { svc } = service(kafka);
    await svc.sendTestEvent(admin, { userId: 'u-2', type: 'purchase', amount: 12_900 });
    const [message] = calls.produced;
    expect(message!.topic).toBe(TOPICS.TRANSACTION_EVENTS);
    const event = decodeEvent(TransactionEventSchema, message!.value, 'application/x-protobuf');
    expect(event).toMatchObject({ userId: 'u-2', amount: 12_900n, currency: 'CNY' });
  });

  it('refuses bad samples before touching Kafka', async () => {
    const { kafka, calls } = fakeKafka();
    const { svc } = service(kafka);
    for (const input of [
      { userId: 'u', type: 'purchase' },
      { userId: 'u', type: 'refund', amount: 1 },
      { userId: 'u', type: 'Check In' },
      { userId: 'u', type: 'view', attributes: '[1, 2]' },
      { userId: '', type: 'view' },
    ]) {
      expect((await rejection(svc.sendTestEvent(admin, input))).code).toBe('BAD_USER_INPUT');
    }
    expect(calls.produced).toEqual([]);
  });

  it('is DEPENDENCY_UNAVAILABLE when Kafka cannot be reached, and records nothing', async () => {
    const { svc, records } = service(fakeKafka({ produce: 'unreachable' }).kafka);
    const error = await rejection(svc.sendTestEvent(admin, { userId: 'u', type: 'view' }));
    expect(error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(records).toEqual([]);
  });
});
