/**
 * Badge prerequisites through the real subgraph server: AND/OR groups, validation, cycle
 * detection on save, and the cascade command a grant writes when a dependent's groups are met.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@badge/db';
import { identities, uniqueId, type TestSubgraph } from '@badge/testing';
import type { Services } from '../src/services.js';
import { createBadge, grant, outboxRows, startFixture, type Fixture } from './helpers.js';

let fixture: Fixture;
let prisma: PrismaClient;
let services: Services;
let subgraph: TestSubgraph;

beforeAll(async () => {
  fixture = await startFixture();
  ({ prisma, services, subgraph } = fixture);
});
afterAll(async () => {
  await fixture?.stop();
});

const designer = identities.admin([
  'badge:dependency:write',
  'badge:dependency:read',
  'badge:badge:read',
]);
const SET = `mutation($input: SetBadgeDependenciesInput!) {
  setBadgeDependencies(input: $input) {
    badge { id dependencyGroups { operator items { requiredBadge { id } requiredQuantity consumesPrerequisite revokeBehavior } } }
  }
}`;

const item = (requiredBadgeId: string, extra: Record<string, unknown> = {}) => ({
  requiredBadgeId,
  ...extra,
});

describe('badge dependencies', () => {
  it('saves AND/OR groups and shows them on the badge and its prerequisites', async () => {
    const [a, b, c, target] = await Promise.all([
      createBadge(prisma),
      createBadge(prisma),
      createBadge(prisma),
      createBadge(prisma),
    ]);
    const res = await subgraph.request<{
      setBadgeDependencies: { badge: { dependencyGroups: unknown[] } };
    }>(designer, SET, {
      input: {
        badgeId: target.id,
        groups: [
          {
            operator: 'AND',
            items: [item(a.id, { consumesPrerequisite: true, revokeBehavior: 'CASCADE' })],
          },
          { operator: 'OR', items: [item(b.id), item(c.id, { requiredQuantity: 2 })] },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.setBadgeDependencies.badge.dependencyGroups).toEqual([
      {
        operator: 'AND',
        items: [
          {
            requiredBadge: { id: a.id },
            requiredQuantity: 1,
            consumesPrerequisite: true,
            revokeBehavior: 'CASCADE',
          },
        ],
      },
      {
        operator: 'OR',
        items: [
          {
            requiredBadge: { id: b.id },
            requiredQuantity: 1,
            consumesPrerequisite: false,
            revokeBehavior: 'KEEP',
          },
          {
            requiredBadge: { id: c.id },
            requiredQuantity: 2,
            consumesPrerequisite: false,
            revokeBehavior: 'KEEP',
          },
        ],
      },
    ]);
    const dependents = await subgraph.request<{ badge: { dependents: { id: string }[] } }>(
      designer,
      'query($id: ID) { badge(id: $id) { dependents { id } } }',
      { id: a.id },
    );
    expect(dependents.data?.badge.dependents).toEqual([{ id: target.id }]);
    // replace: an empty list removes every prerequisite
    await subgraph.request(designer, SET, { input: { badgeId: target.id, groups: [] } });
    expect(await prisma.badgeDependency.count({ where: { badgeId: target.id } })).toBe(0);
  });

  it('rejects a save that would close a cycle, naming it', async () => {
    const [a, b, c] = await Promise.all([
      createBadge(prisma),
      createBadge(prisma),
      createBadge(prisma),
    ]);
    const set = (badgeId: string, required: string) =>
      subgraph.request(designer, SET, {
        input: { badgeId, groups: [{ operator: 'AND', items: [item(required)] }] },
      });
    expect((await set(b.id, a.id)).errors).toBeUndefined(); // b needs a
    expect((await set(c.id, b.id)).errors).toBeUndefined(); // c needs b
    const cycle = await set(a.id, c.id); // a needs c: a → c → b → a
    expect(cycle.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      details: { reason: 'DEPENDENCY_CYCLE', cycle: [a.code, c.code, b.code, a.code] },
    });
    expect(await prisma.badgeDependency.count({ where: { badgeId: a.id } })).toBe(0);
  });

  it('refuses self-dependencies, duplicates, unknown and archived prerequisites', async () => {
    const [a, target] = await Promise.all([createBadge(prisma), createBadge(prisma)]);
    const archived = await createBadge(prisma, { status: 'ARCHIVED' });
    const attempt = (groups: unknown[], badgeId = target.id) =>
      subgraph.request(designer, SET, { input: { badgeId, groups } });
    const self = await attempt([{ operator: 'AND', items: [item(target.id)] }]);
    expect(self.errors?.[0]?.extensions?.details).toMatchObject({
      issues: [
        { path: 'groups.0.items.0.requiredBadgeId', message: 'a badge cannot require itself' },
      ],
    });
    const twice = await attempt([{ operator: 'OR', items: [item(a.id), item(a.id)] }]);
    expect(twice.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const empty = await attempt([{ operator: 'OR', items: [] }]);
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await attempt([
      { operator: 'AND', items: [item('00000000-0000-0000-0000-000000000000')] },
    ]);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const gone = await attempt([{ operator: 'AND', items: [item(archived.id)] }]);
    expect(gone.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const denied = await subgraph.request(identities.admin(['badge:dependency:read']), SET, {
      input: { badgeId: target.id, groups: [] },
    });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('writes one deterministic cascade command when a grant completes a dependent’s groups', async () => {
    const [a, b, target, manualOnly] = await Promise.all([
      createBadge(prisma),
      createBadge(prisma),
      createBadge(prisma),
      createBadge(prisma, { isAutoCascade: false }),
    ]);
    for (const badgeId of [target.id, manualOnly.id])
      await subgraph.request(designer, SET, {
        input: { badgeId, groups: [{ operator: 'AND', items: [item(a.id), item(b.id)] }] },
      });
    const userId = uniqueId('u');
    await grant(services, { userId, badgeId: a.id });
    expect(await outboxRows(prisma, 'badge.grant.command.v1', target.id)).toHaveLength(0); // b missing
    const second = await grant(services, { userId, badgeId: b.id });
    const commands = await outboxRows(
      prisma,
      'badge.grant.command.v1',
      `cascade:${target.id}:${second.userBadge.id}`,
    );
    expect(commands).toHaveLength(1);
    expect(commands[0]!.key).toBe(userId);
    expect(
      await outboxRows(prisma, 'badge.grant.command.v1', `cascade:${manualOnly.id}:`),
    ).toHaveLength(0);
  });
});
