/**
 * CSV batch tasks: upload through the real subgraph server (typed errors for malformed files),
 * processing by the real batch processor (the worker's), the per-row failure report, and safe
 * re-runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@badge/db';
import { identities, uniqueId, type TestSubgraph } from '@badge/testing';
import { createRepositories } from '../src/db.js';
import { createBatchProcessor, type BatchProcessor } from '../src/modules/batch/batch.processor.js';
import type { Services } from '../src/services.js';
import {
  activeQuantity,
  createBadge,
  grant,
  startFixture,
  testLogger,
  type Fixture,
} from './helpers.js';

let fixture: Fixture;
let prisma: PrismaClient;
let services: Services;
let subgraph: TestSubgraph;
let processor: BatchProcessor;

beforeAll(async () => {
  fixture = await startFixture();
  ({ prisma, services, subgraph } = fixture);
  processor = createBatchProcessor({
    repository: createRepositories(prisma).batch,
    grants: services.grants,
    metrics: services.metrics,
    logger: testLogger(),
    chunkSize: 3,
  });
});
afterAll(async () => {
  await fixture?.stop();
});

const operator = identities.admin(
  ['grant:task:write', 'grant:task:read', 'badge:badge:read'],
  'ops-1',
);
const CREATE = `mutation($input: CreateBatchTaskInput!) { createBatchTask(input: $input) { task { id status totalRows } } }`;
const TASK = `query($id: ID!) { batchTask(id: $id) {
  status totalRows processedRows successRows failedRows progress
  failures(first: 2) { totalCount nodes { rowNumber userId errorCode } pageInfo { endCursor hasNextPage } }
  failureReportCsv
} }`;

type Task = {
  status: string;
  totalRows: number;
  processedRows: number;
  successRows: number;
  failedRows: number;
  progress: number;
  failures: {
    totalCount: number;
    nodes: { rowNumber: number; userId: string; errorCode: string }[];
    pageInfo: { endCursor: string; hasNextPage: boolean };
  };
  failureReportCsv: string;
};

async function create(input: Record<string, unknown>) {
  return subgraph.request<{
    createBatchTask: { task: { id: string; status: string; totalRows: number } };
  }>(operator, CREATE, {
    input: { type: 'GRANT', reason: 'campaign', ...input },
  });
}

/** Processes PENDING tasks until `taskId` is done (other files' tasks may be processed too). */
async function processUntilDone(taskId: string) {
  for (let i = 0; i < 50; i++) {
    const task = await prisma.batchTask.findUniqueOrThrow({ where: { id: taskId } });
    if (!['PENDING', 'RUNNING'].includes(task.status)) return;
    await processor.runOnce();
  }
  throw new Error('task not processed');
}

describe('batch tasks', () => {
  it('refuses a malformed CSV with the line numbers, and bad input with typed errors', async () => {
    const badge = await createBadge(prisma);
    const malformed = await create({
      badgeId: badge.id,
      csv: 'user_id,quantity\nu1,1\n"u2,1\nu3\n',
    });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: {
        reason: 'MALFORMED_CSV',
        problems: [{ line: 3, message: 'a quoted field is never closed' }],
      },
    });
    const wrongFields = await create({ badgeId: badge.id, csv: 'user_id\nu1\nu2,extra\n' });
    expect(wrongFields.errors?.[0]?.extensions?.details).toMatchObject({
      problems: [{ line: 3, message: 'expected 1 field(s), found 2' }],
    });
    const noHeader = await create({ badgeId: badge.id, csv: 'id\nu1\n' });
    expect(noHeader.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknownBadge = await create({
      badgeId: '00000000-0000-0000-0000-000000000000',
      csv: 'user_id\nu1\n',
    });
    expect(unknownBadge.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const noReason = await create({ badgeId: badge.id, csv: 'user_id\nu1\n', reason: ' ' });
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const denied = await subgraph.request(identities.admin(['grant:task:read']), CREATE, {
      input: { badgeId: badge.id, type: 'GRANT', reason: 'x', csv: 'user_id\nu1\n' },
    });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('processes a CSV with bad rows: the report lists exactly the bad rows', async () => {
    const badge = await createBadge(prisma, { totalStock: 100, isRepeatable: true, perUserCap: 1 });
    const [u1, u2, u3, u4, capped] = ['u1', 'u2', 'u3', 'u4', 'capped'].map((p) => uniqueId(p)) as [
      string,
      string,
      string,
      string,
      string,
    ];
    await grant(services, { userId: capped, badgeId: badge.id }); // already at the cap
    const csv = [
      'user_id,quantity',
      `${u1},1`, // 1 ok
      ',1', // 2 INVALID_USER_ID
      `${u2},`, // 3 ok (default quantity)
      `${u3},abc`, // 4 INVALID_QUANTITY
      `${u1},1`, // 5 DUPLICATE_USER
      `${capped},1`, // 6 PER_USER_CAP
      `${u4},1`, // 7 ok
      `${'x'.repeat(129)},1`, // 8 INVALID_USER_ID
    ].join('\n');
    const created = await create({ badgeId: badge.id, csv, fileName: 'campaign.csv' });
    expect(created.errors).toBeUndefined();
    const taskId = created.data!.createBatchTask.task.id;
    expect(created.data?.createBatchTask.task).toMatchObject({ status: 'PENDING', totalRows: 8 });
    await processUntilDone(taskId);

    const res = await subgraph.request<{ batchTask: Task }>(operator, TASK, { id: taskId });
    const task = res.data!.batchTask;
    expect(task).toMatchObject({
      status: 'COMPLETED_WITH_ERRORS',
      totalRows: 8,
      processedRows: 8,
      successRows: 3,
      failedRows: 5,
      progress: 1,
    });
    const failures = await prisma.batchTaskFailure.findMany({
      where: { taskId },
      orderBy: { rowNumber: 'asc' },
    });
    expect(failures.map((f) => [f.rowNumber, f.errorCode])).toEqual([
      [2, 'INVALID_USER_ID'],
      [4, 'INVALID_QUANTITY'],
      [5, 'DUPLICATE_USER'],
      [6, 'PER_USER_CAP'],
      [8, 'INVALID_USER_ID'],
    ]);
    expect(task.failures.totalCount).toBe(5);
    expect(task.failures.nodes.map((n) => n.rowNumber)).toEqual([2, 4]);
    const next = await subgraph.request<{ batchTask: Task }>(
      operator,
      TASK.replace('failures(first: 2)', 'failures(first: 2, after: $after)').replace(
        'query($id: ID!)',
        'query($id: ID!, $after: String)',
      ),
      {
        id: taskId,
        after: task.failures.pageInfo.endCursor,
      },
    );
    expect(next.data?.batchTask.failures.nodes.map((n) => n.rowNumber)).toEqual([5, 6]);
    const report = task.failureReportCsv.trim().split('\n');
    expect(report[0]).toBe('row_number,user_id,error_code,error_message');
    expect(report.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '2,,INVALID_USER_ID',
      `4,${u3},INVALID_QUANTITY`,
      `5,${u1},DUPLICATE_USER`,
      `6,${capped},PER_USER_CAP`,
      `8,${'x'.repeat(129)},INVALID_USER_ID`,
    ]);
    for (const userId of [u1, u2, u4])
      expect(await activeQuantity(prisma, userId, badge.id)).toBe(1);
    const granted = await prisma.userBadge.findFirstOrThrow({ where: { userId: u2 } });
    expect([granted.source, granted.sourceRef, granted.idempotencyKey]).toEqual([
      'BATCH',
      `${taskId}:3`,
      `batch:${taskId}:${u2}`,
    ]);
  });

  it('re-runs safely: rows already applied are not applied twice', async () => {
    const badge = await createBadge(prisma, {
      isRepeatable: true,
      totalStock: 3,
      remainingStock: 3,
    });
    const users = Array.from({ length: 5 }, () => uniqueId('u'));
    const created = await create({ badgeId: badge.id, csv: ['user_id', ...users].join('\n') });
    const taskId = created.data!.createBatchTask.task.id;
    await processUntilDone(taskId);
    let task = await prisma.batchTask.findUniqueOrThrow({ where: { id: taskId } });
    expect([task.status, task.successRows, task.failedRows]).toEqual([
      'COMPLETED_WITH_ERRORS',
      3,
      2,
    ]);

    // more stock, then retry: the 3 granted rows are no-ops, the 2 sold-out rows succeed now
    await prisma.badge.update({
      where: { id: badge.id },
      data: { totalStock: 5, remainingStock: 2 },
    });
    const retried = await subgraph.request<{ retryBatchTask: { task: { status: string } } }>(
      operator,
      'mutation($id: ID!) { retryBatchTask(id: $id) { task { status } } }',
      { id: taskId },
    );
    expect(retried.data?.retryBatchTask.task.status).toBe('PENDING');
    await processUntilDone(taskId);
    task = await prisma.batchTask.findUniqueOrThrow({ where: { id: taskId } });
    expect([task.status, task.successRows, task.failedRows]).toEqual(['COMPLETED', 5, 0]);
    for (const userId of users) expect(await activeQuantity(prisma, userId, badge.id)).toBe(1);
    expect((await prisma.badge.findUniqueOrThrow({ where: { id: badge.id } })).remainingStock).toBe(
      0,
    );

    const completedAgain = await subgraph.request(
      operator,
      'mutation($id: ID!) { retryBatchTask(id: $id) { task { id } } }',
      { id: taskId },
    );
    expect(completedAgain.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const sameFile = await create({ badgeId: badge.id, csv: ['user_id', ...users].join('\n') });
    expect(sameFile.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'DUPLICATE_FILE', taskId },
    });
  });

  it('revokes in batch, and a cancelled task stops', async () => {
    const badge = await createBadge(prisma);
    const [holder, stranger] = [uniqueId('u'), uniqueId('u')];
    await grant(services, { userId: holder, badgeId: badge.id });
    const created = await create({
      badgeId: badge.id,
      type: 'REVOKE',
      csv: `user_id\n${holder}\n${stranger}\n`,
    });
    const taskId = created.data!.createBatchTask.task.id;
    await processUntilDone(taskId);
    const failures = await prisma.batchTaskFailure.findMany({ where: { taskId } });
    expect(failures.map((f) => [f.rowNumber, f.userId, f.errorCode])).toEqual([
      [2, stranger, 'NOT_HELD'],
    ]);
    expect(await activeQuantity(prisma, holder, badge.id)).toBe(0);

    const pending = await create({ badgeId: badge.id, csv: `user_id\n${uniqueId('u')}\n` });
    const cancelled = await subgraph.request<{ cancelBatchTask: { task: { status: string } } }>(
      operator,
      'mutation($id: ID!) { cancelBatchTask(id: $id) { task { status } } }',
      { id: pending.data!.createBatchTask.task.id },
    );
    expect(cancelled.data?.cancelBatchTask.task.status).toBe('CANCELLED');
    const list = await subgraph.request<{
      batchTasks: { nodes: { id: string; status: string }[] };
    }>(
      operator,
      'query($f: BatchTaskFilterInput) { batchTasks(filter: $f) { nodes { id status } } }',
      { f: { badgeId: badge.id } },
    );
    expect(list.data?.batchTasks.nodes).toEqual([
      { id: pending.data!.createBatchTask.task.id, status: 'CANCELLED' },
      { id: taskId, status: 'COMPLETED_WITH_ERRORS' },
    ]);
  });
});
