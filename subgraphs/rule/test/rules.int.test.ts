// The rule subgraph's GraphQL API against the real server (shield, identity, error masking) and
// the project's PostgreSQL: rules CRUD, validation (params, CEL with positions), publish →
// immutable versions, disable, dry runs, audit records in the outbox, User.badgeProgress.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@badge/db';
import { decodeEvent, OperationRecordedSchema } from '@badge/proto';
import { buildModulesSchema, fieldsWithoutRule } from '@badge/service-kit/graphql';
import {
  identities,
  startTestSubgraph,
  testDatabaseUrl,
  uniqueId,
  type TestSubgraph,
} from '@badge/testing';
import { createContextFactory } from '../src/context.js';
import { createRepositories } from '../src/db.js';
import { compileRule } from '../src/engine/compile.js';
import type { RuleEvent } from '../src/engine/event.js';
import { stateToRow } from '../src/engine/serialize.js';
import type { AggregateState } from '../src/engine/state.js';
import { modules } from '../src/modules/index.js';

let prisma: PrismaClient;
let subgraph: TestSubgraph;

beforeAll(async () => {
  prisma = createPrismaClient({ url: testDatabaseUrl(), poolMax: 4 });
  subgraph = await startTestSubgraph({
    modules,
    createContext: createContextFactory(createRepositories(prisma)),
  });
});
afterAll(async () => {
  await subgraph?.stop();
  await prisma?.$disconnect();
});

const editor = identities.admin(
  [
    'rule:rule:read',
    'rule:rule:write',
    'rule:rule:publish',
    'rule:rule:test',
    'rule:template:read',
  ],
  'admin-editor',
);
const reader = identities.admin(['rule:rule:read']);

const RULE_FIELDS = `id name status currentVersion lockVersion eventTypes templateCode
  params { name value } celCondition revokeOnRefund hasUnpublishedChanges perUserGrantLimit
  timezone activeFrom activeUntil badge { id }`;

interface RuleResult {
  id: string;
  name: string;
  status: string;
  currentVersion: number | null;
  lockVersion: number;
  eventTypes: string[];
  templateCode: string;
  params: { name: string; value: string }[];
  celCondition: string | null;
  revokeOnRefund: boolean;
  hasUnpublishedChanges: boolean;
  badge: { id: string };
}

async function create(input: Record<string, unknown>, who = editor) {
  return subgraph.request<{ createRule: { rule: RuleResult } }>(
    who,
    `mutation($input: CreateRuleInput!) { createRule(input: $input) { rule { ${RULE_FIELDS} } } }`,
    { input: { name: uniqueId('rule'), badgeId: crypto.randomUUID(), ...input } },
  );
}

async function mutate<K extends string>(name: K, input: Record<string, unknown>, who = editor) {
  const inputType = name.charAt(0).toUpperCase() + name.slice(1) + 'Input';
  return subgraph.request<{ [P in K]: { rule: RuleResult } }>(
    who,
    `mutation($input: ${inputType}!) { ${name}(input: $input) { rule { ${RULE_FIELDS} } } }`,
    { input },
  );
}

const threshold = (extra: Record<string, unknown> = {}) => ({
  templateCode: 'single_event_threshold',
  eventTypes: ['purchase'],
  params: [{ name: 'threshold', value: '10000' }],
  ...extra,
});

async function auditRecords(targetId: string) {
  const rows = await prisma.ruleOutboxEvent.findMany({
    where: { eventType: 'operation.recorded.v1' },
    orderBy: { createdAt: 'asc' },
  });
  return rows
    .map((r) => decodeEvent(OperationRecordedSchema, r.payload, 'application/x-protobuf'))
    .filter((e) => e.targetId === targetId);
}

describe('rule subgraph: rules', () => {
  it('has a shield rule for every field', () => {
    const { schema, rules } = buildModulesSchema(modules);
    expect(fieldsWithoutRule(schema, rules)).toEqual([]);
  });

  it('creates a draft rule with typed params (defaults filled) and records the operation', async () => {
    const res = await create(threshold({ revokeOnRefund: true }));
    expect(res.errors).toBeUndefined();
    const rule = res.data!.createRule.rule;
    expect(rule).toMatchObject({
      status: 'DRAFT',
      currentVersion: null,
      lockVersion: 1,
      templateCode: 'single_event_threshold',
      revokeOnRefund: true,
      hasUnpublishedChanges: true,
    });
    expect(Object.fromEntries(rule.params.map((p) => [p.name, p.value]))).toEqual({
      field: 'amount',
      operator: 'gte',
      threshold: '10000',
    });
    const audit = await auditRecords(rule.id);
    expect(audit.map((a) => [a.action, a.module, a.targetType, a.userId, a.service])).toEqual([
      ['rule.create', 'rule', 'Rule', 'admin-editor', 'rule-subgraph'],
    ]);
    expect(JSON.parse(audit[0]!.afterJson)).toMatchObject({ id: rule.id, status: 'DRAFT' });
  });

  it('uses the template’s default event types when none are given', async () => {
    const res = await create({
      templateCode: 'consecutive_days',
      params: [{ name: 'days', value: '7' }],
    });
    expect(res.data?.createRule.rule.eventTypes).toEqual(['checkin']);
  });

  it('refuses invalid parameters with one issue per parameter', async () => {
    const res = await create({
      templateCode: 'count_in_window',
      eventTypes: ['check_in'],
      params: [
        { name: 'count', value: '0' },
        { name: 'window', value: '7 days' },
        { name: 'colour', value: 'red' },
      ],
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const issues = res.errors?.[0]?.extensions?.details?.issues as {
      path: string;
      message: string;
    }[];
    expect(issues.map((i) => i.path).sort()).toEqual([
      'params.colour',
      'params.count',
      'params.window',
    ]);
    const missing = await create({
      templateCode: 'sum_in_window',
      eventTypes: ['purchase'],
      params: [],
    });
    const missingIssues = missing.errors?.[0]?.extensions?.details?.issues as { path: string }[];
    expect(missingIssues.map((i) => i.path).sort()).toEqual(['params.threshold', 'params.window']);
    const unknown = await create({ templateCode: 'no_such_template', eventTypes: ['x'] });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('compiles the CEL condition on save: a clear error with its position', async () => {
    const syntax = await create(threshold({ celCondition: 'event.amount >= ' }));
    expect(syntax.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(syntax.errors?.[0]?.message).toContain('invalid CEL condition');
    expect(syntax.errors?.[0]?.extensions?.details).toMatchObject({
      field: 'celCondition',
      start: 16,
      line: 1,
      column: 17,
    });
    const types = await create(threshold({ celCondition: 'event.amount + "x" == "1x"' }));
    expect(types.errors?.[0]?.extensions?.details?.message).toContain('no such overload');
    const unknownField = await create(threshold({ celCondition: 'event.store == "x"' }));
    expect(unknownField.errors?.[0]?.extensions?.details?.message).toContain('store');
    const notBool = await create(threshold({ celCondition: 'event.amount * 2' }));
    expect(notBool.errors?.[0]?.extensions?.details?.message).toContain('must produce a bool');
    const regex = await create(threshold({ celCondition: 'attributes.sku.matches("(a+)+$")' }));
    expect(regex.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await create(
      threshold({
        celCondition:
          'attributes.store_id == "SH-001" && event.items.exists(i, i.category == "coffee")',
      }),
    );
    expect(ok.errors).toBeUndefined();
  });

  it('validates time zones, active windows and limits', async () => {
    const tz = await create(threshold({ timezone: 'Mars/Olympus' }));
    expect(tz.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const window = await create(
      threshold({ activeFrom: '2025-03-02T00:00:00Z', activeUntil: '2025-03-01T00:00:00Z' }),
    );
    expect(window.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const limit = await create(threshold({ perUserGrantLimit: 0 }));
    expect(limit.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badge = await create(threshold({ badgeId: 'not-a-uuid' }));
    expect(badge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('updates with an optimistic lock', async () => {
    const rule = (await create(threshold())).data!.createRule.rule;
    const stale = await mutate('updateRule', { id: rule.id, lockVersion: 99, name: 'x' });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const updated = await mutate('updateRule', {
      id: rule.id,
      lockVersion: rule.lockVersion,
      params: [
        { name: 'threshold', value: '20000' },
        { name: 'operator', value: 'gt' },
      ],
      celCondition: 'event.currency == "CNY"',
      perUserGrantLimit: 3,
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateRule.rule).toMatchObject({
      lockVersion: 2,
      celCondition: 'event.currency == "CNY"',
      perUserGrantLimit: 3,
    });
    const cleared = await mutate('updateRule', { id: rule.id, lockVersion: 2, celCondition: null });
    expect(cleared.data!.updateRule.rule.celCondition).toBeNull();
    const missing = await mutate('updateRule', {
      id: crypto.randomUUID(),
      lockVersion: 1,
      name: 'x',
    });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('publishes immutable versions; the working copy can change without touching them', async () => {
    const rule = (await create(threshold())).data!.createRule.rule;
    const v1 = (await mutate('publishRule', { id: rule.id, lockVersion: 1, changeNote: 'first' }))
      .data!.publishRule.rule;
    expect(v1).toMatchObject({
      status: 'PUBLISHED',
      currentVersion: 1,
      hasUnpublishedChanges: false,
    });
    const again = await mutate('publishRule', { id: rule.id, lockVersion: v1.lockVersion });
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');

    const edited = (
      await mutate('updateRule', {
        id: rule.id,
        lockVersion: v1.lockVersion,
        params: [{ name: 'threshold', value: '50000' }],
      })
    ).data!.updateRule.rule;
    expect(edited).toMatchObject({
      status: 'PUBLISHED',
      currentVersion: 1,
      hasUnpublishedChanges: true,
    });
    const v2 = (await mutate('publishRule', { id: rule.id, lockVersion: edited.lockVersion })).data!
      .publishRule.rule;
    expect(v2.currentVersion).toBe(2);

    const history = await subgraph.request<{
      rule: {
        versions: {
          version: number;
          params: { name: string; value: string }[];
          changeNote: string | null;
          publishedBy: string;
        }[];
        version: { version: number };
      };
    }>(
      reader,
      'query($id: ID!) { rule(id: $id) { versions { version changeNote publishedBy params { name value } } version(version: 1) { version } } }',
      { id: rule.id },
    );
    const versions = history.data!.rule.versions;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1]!.params.find((p) => p.name === 'threshold')?.value).toBe('10000');
    expect(versions[0]!.params.find((p) => p.name === 'threshold')?.value).toBe('50000');
    expect(versions[1]).toMatchObject({ changeNote: 'first', publishedBy: 'admin-editor' });
    expect(history.data!.rule.version.version).toBe(1);
    // the database refuses to rewrite history
    await expect(
      prisma.ruleVersion.updateMany({
        where: { ruleId: rule.id, version: 1 },
        data: { changeNote: 'x' },
      }),
    ).rejects.toThrow(/immutable/);
    const audit = await auditRecords(rule.id);
    expect(audit.map((a) => a.action)).toEqual([
      'rule.create',
      'rule.publish',
      'rule.update',
      'rule.publish',
    ]);
    const published = JSON.parse(audit[1]!.afterJson) as { publishedVersion: { version: number } };
    expect(published.publishedVersion.version).toBe(1);
  });

  it('disables and re-publishes; deletes only never-published rules', async () => {
    const rule = (await create(threshold())).data!.createRule.rule;
    const published = (await mutate('publishRule', { id: rule.id, lockVersion: 1 })).data!
      .publishRule.rule;
    const undeletable = await subgraph.request(
      editor,
      'mutation($input: DeleteRuleInput!) { deleteRule(input: $input) { id } }',
      { input: { id: rule.id, lockVersion: published.lockVersion } },
    );
    expect(undeletable.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const disabled = (
      await mutate('disableRule', {
        id: rule.id,
        lockVersion: published.lockVersion,
        reason: 'campaign over',
      })
    ).data!.disableRule.rule;
    expect(disabled.status).toBe('DISABLED');
    const twice = await mutate('disableRule', { id: rule.id, lockVersion: disabled.lockVersion });
    expect(twice.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const republished = (
      await mutate('publishRule', { id: rule.id, lockVersion: disabled.lockVersion })
    ).data!.publishRule.rule;
    expect(republished).toMatchObject({ status: 'PUBLISHED', currentVersion: 2 });

    const draft = (await create(threshold())).data!.createRule.rule;
    const deleted = await subgraph.request<{ deleteRule: { id: string } }>(
      editor,
      'mutation($input: DeleteRuleInput!) { deleteRule(input: $input) { id } }',
      { input: { id: draft.id, lockVersion: draft.lockVersion } },
    );
    expect(deleted.data?.deleteRule.id).toBe(draft.id);
    expect(await prisma.rule.findUnique({ where: { id: draft.id } })).toBeNull();
    expect((await auditRecords(draft.id)).map((a) => a.action)).toEqual([
      'rule.create',
      'rule.delete',
    ]);
  });

  it('lists rules with filters and cursor pagination', async () => {
    const tag = uniqueId('listing');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await create(threshold({ name: `${tag} ${i}` }))).data!.createRule.rule.id);
    const query = `query($f: RuleFilterInput, $after: String) {
      rules(filter: $f, first: 2, after: $after) { nodes { id name } totalCount pageInfo { endCursor hasNextPage } } }`;
    type Page = {
      rules: {
        nodes: { id: string }[];
        totalCount: number;
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    };
    const first = await subgraph.request<Page>(reader, query, { f: { search: tag.toUpperCase() } });
    expect(first.data!.rules.totalCount).toBe(3);
    expect(first.data!.rules.pageInfo.hasNextPage).toBe(true);
    const second = await subgraph.request<Page>(reader, query, {
      f: { search: tag },
      after: first.data!.rules.pageInfo.endCursor,
    });
    expect(second.data!.rules.pageInfo.hasNextPage).toBe(false);
    const seen = [...first.data!.rules.nodes, ...second.data!.rules.nodes].map((n) => n.id);
    expect(seen).toEqual([...ids].reverse());
    const badCursor = await subgraph.request(reader, query, { after: 'nope' });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const drafts = await subgraph.request<Page>(reader, query, {
      f: { search: tag, status: 'PUBLISHED' },
    });
    expect(drafts.data!.rules.totalCount).toBe(0);
  });

  it('guards every operation with its permission', async () => {
    const denied = await create(threshold(), reader);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rule = (await create(threshold())).data!.createRule.rule;
    const writer = identities.admin(['rule:rule:write', 'rule:rule:read']);
    const noPublish = await mutate('publishRule', { id: rule.id, lockVersion: 1 }, writer);
    expect(noPublish.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noTest = await subgraph.request(
      reader,
      'query($i: DryRunRuleInput!) { dryRunRule(input: $i) { wouldGrant } }',
      { i: { ruleId: rule.id, event: { type: 'purchase', amount: '1' } } },
    );
    expect(noTest.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const user = await subgraph.request(identities.user('u-1'), '{ rules { totalCount } }');
    expect(user.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const direct = await subgraph.request(undefined, '{ rules { totalCount } }');
    expect(direct.status).toBe(401);
  });

  it('resolves Rule entities by id', async () => {
    const rule = (await create(threshold())).data!.createRule.rule;
    const res = await subgraph.request<{ _entities: ({ id: string; name: string } | null)[] }>(
      reader,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Rule { id name } } }',
      {
        r: [
          { __typename: 'Rule', id: rule.id },
          { __typename: 'Rule', id: crypto.randomUUID() },
        ],
      },
    );
    expect(res.data?._entities).toEqual([{ id: rule.id, name: rule.name }, null]);
  });
});

const DRY_RUN = `query($i: DryRunRuleInput!) { dryRunRule(input: $i) {
  wouldGrant wouldRevoke result reason version grantNumber checks { name passed detail }
  progress { current target ratio } historyResults } }`;

interface DryRun {
  dryRunRule: {
    wouldGrant: boolean;
    wouldRevoke: boolean;
    result: string;
    reason: string;
    version: number;
    grantNumber: number | null;
    checks: { name: string; passed: boolean; detail: string }[];
    progress: { current: number; target: number; ratio: number };
    historyResults: string[];
  };
}

describe('rule subgraph: dry run', () => {
  it('answers would grant / would not, and why, for the working copy or a version', async () => {
    const rule = (
      await create({
        templateCode: 'count_in_window',
        eventTypes: ['check_in'],
        params: [
          { name: 'count', value: '3' },
          { name: 'window', value: 'P1D' },
        ],
        celCondition: 'attributes.store_id == "SH-001"',
      })
    ).data!.createRule.rule;
    const store = JSON.stringify({ store_id: 'SH-001' });
    const history = [
      { type: 'check_in', occurredAt: '2025-03-01T08:00:00Z', attributes: store },
      { type: 'check_in', occurredAt: '2025-03-01T09:00:00Z', attributes: store },
    ];
    const yes = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: {
        ruleId: rule.id,
        history,
        event: { type: 'check_in', occurredAt: '2025-03-01T10:00:00Z', attributes: store },
      },
    });
    expect(yes.errors).toBeUndefined();
    expect(yes.data!.dryRunRule).toMatchObject({
      wouldGrant: true,
      result: 'granted',
      version: 0,
      grantNumber: 1,
      historyResults: ['not_met', 'not_met'],
    });
    expect(yes.data!.dryRunRule.reason).toContain('3 events');

    const fewer = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: {
        ruleId: rule.id,
        history: history.slice(0, 1),
        event: { type: 'check_in', occurredAt: '2025-03-01T10:00:00Z', attributes: store },
      },
    });
    expect(fewer.data!.dryRunRule).toMatchObject({ wouldGrant: false, result: 'not_met' });
    expect(fewer.data!.dryRunRule.progress).toEqual({ current: 2, target: 3, ratio: 2 / 3 });
    expect(fewer.data!.dryRunRule.checks.find((c) => !c.passed)?.name).toBe('template');

    const otherStore = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: {
        ruleId: rule.id,
        event: { type: 'check_in', attributes: JSON.stringify({ store_id: 'BJ-9' }) },
      },
    });
    expect(otherStore.data!.dryRunRule.result).toBe('condition_false');
    expect(otherStore.data!.dryRunRule.reason).toContain('is false');
    const noAttribute = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: { ruleId: rule.id, event: { type: 'check_in' } },
    });
    expect(noAttribute.data!.dryRunRule.reason).toContain('No such key');

    const limited = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: { ruleId: rule.id, event: { type: 'view' } },
    });
    expect(limited.data!.dryRunRule.checks[0]).toMatchObject({ name: 'event_type', passed: false });

    const published = (await mutate('publishRule', { id: rule.id, lockVersion: rule.lockVersion }))
      .data!.publishRule.rule;
    const byVersion = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: {
        ruleId: rule.id,
        version: published.currentVersion,
        history,
        grantCount: 0,
        event: { type: 'check_in', occurredAt: '2025-03-01T10:00:00Z', attributes: store },
      },
    });
    expect(byVersion.data!.dryRunRule).toMatchObject({ wouldGrant: true, version: 1 });
    const noVersion = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: { ruleId: rule.id, version: 9, event: { type: 'check_in' } },
    });
    expect(noVersion.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badAttributes = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: { ruleId: rule.id, event: { type: 'check_in', attributes: '[1,2]' } },
    });
    expect(badAttributes.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reports the grant limit and would-revoke on a refund', async () => {
    const rule = (await create(threshold({ revokeOnRefund: true, perUserGrantLimit: 1 }))).data!
      .createRule.rule;
    const atLimit = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: { ruleId: rule.id, grantCount: 1, event: { type: 'purchase', amount: '20000' } },
    });
    expect(atLimit.data!.dryRunRule).toMatchObject({ wouldGrant: false, result: 'limit_reached' });
    const refund = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: {
        ruleId: rule.id,
        history: [{ eventId: 'p-1', type: 'purchase', amount: '12900', orderId: 'O-1' }],
        event: { type: 'refund', amount: '5100', refundOfEventId: 'p-1' },
      },
    });
    expect(refund.errors).toBeUndefined();
    expect(refund.data!.dryRunRule).toMatchObject({ wouldGrant: false, wouldRevoke: true });
    expect(refund.data!.dryRunRule.historyResults).toEqual(['granted']);
  });
});

describe('rule subgraph: User.badgeProgress', () => {
  const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User {
    id badgeProgress { badge { id } rule { id } current target ratio grantCount updatedAt } } } }`;

  async function seedProgress(userId: string) {
    const rule = (
      await create({
        templateCode: 'count_in_window',
        eventTypes: ['check_in'],
        params: [
          { name: 'count', value: '4' },
          { name: 'window', value: 'P1D' },
        ],
      })
    ).data!.createRule.rule;
    await mutate('publishRule', { id: rule.id, lockVersion: rule.lockVersion });
    // Aggregates as the worker writes them: the engine's state through its serialisation.
    const compiled = compileRule({
      ruleId: rule.id,
      version: 1,
      badgeId: rule.badge.id,
      eventTypes: ['check_in'],
      templateCode: 'count_in_window',
      params: { count: 4, window: 'P1D' },
      celCondition: null,
      activeFrom: null,
      activeUntil: null,
      perUserGrantLimit: null,
      grantQuantity: 1,
      timezone: null,
    });
    let state: AggregateState | null = null;
    for (const minutesAgo of [90, 30]) {
      const event = {
        id: uniqueId('e'),
        userId,
        type: 'check_in',
        kind: 'engagement',
        occurredAt: Date.now() - minutesAgo * 60_000,
        amount: 0,
        currency: '',
        orderId: '',
        refundOf: '',
        source: '',
        attributes: {},
        items: [],
        timezone: null,
        traceparent: '',
        tracestate: '',
        correlationId: '',
      } satisfies RuleEvent;
      state = compiled.evaluate(state, event, 0).state;
    }
    const row = stateToRow(rule.id, userId, state!, compiled.config, 1);
    await prisma.ruleUserAggregate.create({
      data: { ...row, window: row.window as object, sumValue: row.sumValue },
    });
    return rule;
  }

  it('shows a user their own progress; admins need user:badge:read', async () => {
    const userId = uniqueId('user');
    const rule = await seedProgress(userId);
    const own = await subgraph.request<{
      _entities: {
        id: string;
        badgeProgress: {
          badge: { id: string };
          rule: { id: string };
          current: number;
          target: number;
          ratio: number;
          grantCount: number;
        }[];
      }[];
    }>(identities.user(userId), QUERY, { r: [{ __typename: 'User', id: userId }] });
    expect(own.errors).toBeUndefined();
    expect(own.data!._entities[0]!.badgeProgress).toEqual([
      {
        badge: { id: rule.badge.id },
        rule: { id: rule.id },
        current: 2,
        target: 4,
        ratio: 0.5,
        grantCount: 0,
        updatedAt: expect.any(String) as string,
      },
    ]);
    const someoneElse = await subgraph.request(identities.user('another-user'), QUERY, {
      r: [{ __typename: 'User', id: userId }],
    });
    expect(someoneElse.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const adminWithout = await subgraph.request(identities.admin(['rule:rule:read']), QUERY, {
      r: [{ __typename: 'User', id: userId }],
    });
    expect(adminWithout.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const support = await subgraph.request<{ _entities: { badgeProgress: unknown[] }[] }>(
      identities.admin(['user:badge:read']),
      QUERY,
      { r: [{ __typename: 'User', id: userId }] },
    );
    expect(support.data!._entities[0]!.badgeProgress).toHaveLength(1);
    // a dry run can start from the user's stored aggregates (read-only)
    const dry = await subgraph.request<DryRun>(editor, DRY_RUN, {
      i: { ruleId: rule.id, userId, event: { type: 'check_in' } },
    });
    expect(dry.data!.dryRunRule).toMatchObject({ wouldGrant: false, result: 'not_met' });
    expect(dry.data!.dryRunRule.progress).toMatchObject({ current: 3, target: 4 });
    const stored = await prisma.ruleUserAggregate.findUniqueOrThrow({
      where: { ruleId_userId: { ruleId: rule.id, userId } },
    });
    expect(stored.eventCount).toBe(2);
    const nobody = await subgraph.request<{ _entities: { badgeProgress: unknown[] }[] }>(
      identities.admin(['user:badge:read']),
      QUERY,
      { r: [{ __typename: 'User', id: uniqueId('nobody') }] },
    );
    expect(nobody.data!._entities[0]!.badgeProgress).toEqual([]);
  });
});
