import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvent, OperationRecordedSchema } from '@badge/proto';
import { createLogger, PERMISSIONS } from '@badge/service-kit';
import {
  createTestDatabase,
  identities,
  testDatabaseUrl,
  uniqueId,
  type TestDatabase,
} from '@badge/testing';
import { createCoalescingBuffer, type CoalescingBuffer } from '../src/coalescing-buffer.js';
import { admin, gateway, startHarness, type Harness } from './helpers.js';

let h: Harness;
let logins: CoalescingBuffer;
const BOOTSTRAP = uniqueId('boot');

beforeAll(async () => {
  let touch: (subject: string) => void = () => {};
  h = await startHarness({
    databaseUrl: testDatabaseUrl(),
    bootstrapSubjects: [BOOTSTRAP],
    touchAdminLogin: (s) => touch(s),
  });
  logins = createCoalescingBuffer({
    name: 'test-logins',
    flushIntervalMs: 60_000,
    minIntervalMs: 60_000,
    write: (entries) => h.repositories.admins.touchLogins(entries),
    logger: createLogger({ name: 'test', level: 'silent' }),
  });
  touch = (s) => logins.touch(s);
});
afterAll(async () => {
  await logins?.stop();
  await h?.stop();
});

const ACCESS = /* GraphQL */ `
  query ($subject: String!, $email: String, $name: String) {
    adminAccess(subject: $subject, email: $email, name: $name) {
      status
      roles
      permissions
    }
  }
`;
type Access = { status: string; roles: string[]; permissions: string[] };

const signIn = async (subject: string, email?: string) => {
  const res = await h.subgraph.request<{ adminAccess: Access }>(gateway(), ACCESS, {
    subject,
    email,
    name: 'Test Admin',
  });
  expect(res.errors).toBeUndefined();
  return res.data!.adminAccess;
};

const userAdmin = admin(['system:user:read', 'system:user:write'], { subject: uniqueId('ops') });
const roleAdmin = admin(['system:role:read', 'system:role:write'], { subject: uniqueId('ops') });

const adminIdOf = async (subject: string) =>
  (await h.prisma.adminUser.findUniqueOrThrow({ where: { oidcSubject: subject } })).id;

const ASSIGN = /* GraphQL */ `
  mutation ($input: AssignAdminRolesInput!) {
    assignAdminRoles(input: $input) {
      adminUser {
        id
        status
        permissions
        roles {
          code
        }
      }
    }
  }
`;

async function auditEvents(actor: string) {
  const rows = await h.prisma.userOutboxEvent.findMany({
    where: { eventType: 'operation.recorded.v1', key: actor },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => decodeEvent(OperationRecordedSchema, r.payload));
}

describe('admin identity', () => {
  it('registers a first sign-in as PENDING without permissions, and bootstrap subjects as super admins', async () => {
    const subject = uniqueId('sub');
    expect(await signIn(subject, `${subject}@corp.example`)).toEqual({
      status: 'PENDING',
      roles: [],
      permissions: [],
    });
    const boot = await signIn(BOOTSTRAP);
    expect(boot.status).toBe('ACTIVE');
    expect(boot.roles).toEqual(['super_admin']);
    expect([...boot.permissions].sort()).toEqual([...PERMISSIONS].sort());
    // Idempotent: the same subject again is the same admin.
    expect((await signIn(subject)).status).toBe('PENDING');
    expect(await h.prisma.adminUser.count({ where: { oidcSubject: subject } })).toBe(1);
    const id = await adminIdOf(subject);
    const registered = (await auditEvents('gateway')).find((e) => e.targetId === id);
    expect(registered).toMatchObject({
      module: 'system',
      action: 'admin.register',
      targetType: 'AdminUser',
    });
  });

  it('answers adminAccess only to the gateway', async () => {
    const res = await h.subgraph.request(admin(['system:user:read']), ACCESS, { subject: 'x' });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const partner = await h.subgraph.request(identities.service('badge-worker'), ACCESS, {
      subject: 'x',
    });
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('activates a pending admin by granting roles; permissions are the union of the roles', async () => {
    const subject = uniqueId('sub');
    await signIn(subject);
    const res = await h.subgraph.request<{
      assignAdminRoles: {
        adminUser: { status: string; permissions: string[]; roles: { code: string }[] };
      };
    }>(userAdmin, ASSIGN, {
      input: { adminUserId: await adminIdOf(subject), roleCodes: ['viewer', 'auditor'] },
    });
    expect(res.errors).toBeUndefined();
    const granted = res.data!.assignAdminRoles.adminUser;
    expect(granted.status).toBe('ACTIVE');
    expect(granted.roles.map((r) => r.code)).toEqual(['auditor', 'viewer']);
    expect(granted.permissions).toContain('log:operation:read');
    expect(granted.permissions).toContain('badge:badge:read');
    expect(granted.permissions).not.toContain('badge:badge:write');
    const access = await signIn(subject);
    expect(access).toEqual({
      status: 'ACTIVE',
      roles: ['auditor', 'viewer'],
      permissions: granted.permissions,
    });
    const unknown = await h.subgraph.request(userAdmin, ASSIGN, {
      input: { adminUserId: await adminIdOf(subject), roleCodes: ['wizard'] },
    });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { unknown: ['wizard'] },
    });
  });

  it('disables and re-activates admins (never oneself); a disabled admin holds no permissions', async () => {
    const subject = uniqueId('sub');
    await signIn(subject);
    const id = await adminIdOf(subject);
    await h.subgraph.request(userAdmin, ASSIGN, {
      input: { adminUserId: id, roleCodes: ['operator'] },
    });
    const STATUS =
      'mutation ($input: SetAdminUserStatusInput!) { setAdminUserStatus(input: $input) { adminUser { status permissions } } }';
    const disabled = await h.subgraph.request<{
      setAdminUserStatus: { adminUser: { status: string; permissions: string[] } };
    }>(userAdmin, STATUS, { input: { id, status: 'DISABLED' } });
    expect(disabled.data?.setAdminUserStatus.adminUser).toEqual({
      status: 'DISABLED',
      permissions: [],
    });
    expect(await signIn(subject)).toEqual({ status: 'DISABLED', roles: [], permissions: [] });
    const again = await h.subgraph.request<{
      setAdminUserStatus: { adminUser: { status: string } };
    }>(userAdmin, STATUS, { input: { id, status: 'ACTIVE' } });
    expect(again.data?.setAdminUserStatus.adminUser.status).toBe('ACTIVE');
    const pending = await h.subgraph.request(userAdmin, STATUS, {
      input: { id, status: 'PENDING' },
    });
    expect(pending.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const self = await h.subgraph.request(admin(['system:user:write'], { subject }), STATUS, {
      input: { id, status: 'DISABLED' },
    });
    expect(self.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const missing = await h.subgraph.request(userAdmin, STATUS, {
      input: { id: '00000000-0000-4000-8000-000000000000', status: 'DISABLED' },
    });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('provisions admins ahead of sign-in, lists and searches them, and records last sign-in', async () => {
    const tag = uniqueId('team');
    const PROVISION =
      'mutation ($input: ProvisionAdminUserInput!) { provisionAdminUser(input: $input) { adminUser { id subject status roles { code } } } }';
    const a = await h.subgraph.request<{
      provisionAdminUser: { adminUser: { subject: string; status: string } };
    }>(userAdmin, PROVISION, {
      input: { subject: `${tag}-a`, email: `${tag}-a@corp.example`, roleCodes: ['viewer'] },
    });
    expect(a.data?.provisionAdminUser.adminUser).toMatchObject({
      subject: `${tag}-a`,
      status: 'ACTIVE',
    });
    await h.subgraph.request(userAdmin, PROVISION, {
      input: { subject: `${tag}-b`, roleCodes: [] },
    });
    const dup = await h.subgraph.request(userAdmin, PROVISION, {
      input: { subject: `${tag}-a`, roleCodes: [] },
    });
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // The provisioned admin signs in with their roles at once.
    expect((await signIn(`${tag}-a`)).roles).toEqual(['viewer']);

    const LIST =
      'query ($f: AdminUserFilterInput, $a: String) { adminUsers(filter: $f, first: 1, after: $a) { totalCount nodes { subject status lastLoginAt } pageInfo { endCursor hasNextPage } } }';
    type List = {
      adminUsers: {
        totalCount: number;
        nodes: { subject: string; status: string; lastLoginAt: string | null }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    };
    const first = await h.subgraph.request<List>(userAdmin, LIST, {
      f: { search: tag.toUpperCase() },
    });
    expect(first.data?.adminUsers.totalCount).toBe(2);
    expect(first.data?.adminUsers.pageInfo.hasNextPage).toBe(true);
    const second = await h.subgraph.request<List>(userAdmin, LIST, {
      f: { search: tag },
      a: first.data!.adminUsers.pageInfo.endCursor,
    });
    expect(second.data?.adminUsers.pageInfo.hasNextPage).toBe(false);
    const pages = [...first.data!.adminUsers.nodes, ...second.data!.adminUsers.nodes];
    expect(pages.map((n) => n.subject).sort()).toEqual([`${tag}-a`, `${tag}-b`]);
    const provisioned = pages.find((n) => n.subject === `${tag}-a`)!;
    const pending = await h.subgraph.request<List>(userAdmin, LIST, {
      f: { search: tag, status: 'PENDING' },
    });
    expect(pending.data?.adminUsers.nodes.map((n) => n.subject)).toEqual([`${tag}-b`]);

    // Sign-ins of known admins are recorded asynchronously (coalesced buffer, flushed here).
    expect(provisioned.lastLoginAt).toBeNull();
    await logins.flush();
    const after = await h.prisma.adminUser.findUniqueOrThrow({
      where: { oidcSubject: `${tag}-a` },
    });
    expect(after.lastLoginAt).toBeInstanceOf(Date);

    const denied = await h.subgraph.request(admin(['system:role:read']), LIST, {});
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('roles and permissions', () => {
  const ROLE_FIELDS = 'id code name isSystem permissions adminCount';

  it('lists the permission vocabulary and the system roles', async () => {
    const res = await h.subgraph.request<{
      permissions: { code: string }[];
      roles: { code: string; isSystem: boolean; permissions: string[] }[];
    }>(roleAdmin, '{ permissions { code } roles { code isSystem permissions } }');
    expect(res.data?.permissions.map((p) => p.code).sort()).toEqual([...PERMISSIONS].sort());
    const system = res.data!.roles.filter((r) => r.isSystem).map((r) => r.code);
    expect(system.sort()).toEqual(['auditor', 'operator', 'super_admin', 'viewer']);
    const modulePerms = await h.subgraph.request<{ permissions: { code: string }[] }>(
      roleAdmin,
      '{ permissions(module: "system") { code } }',
    );
    expect(modulePerms.data?.permissions.every((p) => p.code.startsWith('system:'))).toBe(true);
    const denied = await h.subgraph.request(admin(['system:user:read']), '{ roles { code } }');
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('creates, updates and deletes custom roles; system roles are read-only', async () => {
    const code = uniqueId('role')
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_');
    const created = await h.subgraph.request<{
      createRole: { role: { id: string; permissions: string[]; isSystem: boolean } };
    }>(
      roleAdmin,
      `mutation ($input: CreateRoleInput!) { createRole(input: $input) { role { ${ROLE_FIELDS} } } }`,
      {
        input: {
          code,
          name: 'Campaigns',
          permissions: ['badge:badge:read', 'badge:badge:write', 'badge:badge:read'],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const role = created.data!.createRole.role;
    expect(role).toMatchObject({
      isSystem: false,
      permissions: ['badge:badge:read', 'badge:badge:write'],
    });

    const dup = await h.subgraph.request(
      roleAdmin,
      'mutation ($input: CreateRoleInput!) { createRole(input: $input) { role { id } } }',
      { input: { code, name: 'Again', permissions: [] } },
    );
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const unknown = await h.subgraph.request(
      roleAdmin,
      'mutation ($input: CreateRoleInput!) { createRole(input: $input) { role { id } } }',
      { input: { code: `${code}_x`, name: 'X', permissions: ['badge:badge:fly'] } },
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { unknown: ['badge:badge:fly'] },
    });
    const badCode = await h.subgraph.request(
      roleAdmin,
      'mutation ($input: CreateRoleInput!) { createRole(input: $input) { role { id } } }',
      { input: { code: 'Bad Code', name: 'X', permissions: [] } },
    );
    expect(badCode.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const updated = await h.subgraph.request<{
      updateRole: { role: { name: string; permissions: string[] } };
    }>(
      roleAdmin,
      `mutation ($input: UpdateRoleInput!) { updateRole(input: $input) { role { ${ROLE_FIELDS} } } }`,
      { input: { id: role.id, name: 'Campaign managers', permissions: ['rule:rule:read'] } },
    );
    expect(updated.data?.updateRole.role).toMatchObject({
      name: 'Campaign managers',
      permissions: ['rule:rule:read'],
    });

    // Assigned roles cannot be deleted.
    const subject = uniqueId('sub');
    await signIn(subject);
    await h.subgraph.request(userAdmin, ASSIGN, {
      input: { adminUserId: await adminIdOf(subject), roleCodes: [code] },
    });
    expect((await signIn(subject)).permissions).toEqual(['rule:rule:read']);
    const DELETE = 'mutation ($id: ID!) { deleteRole(id: $id) { role { code } } }';
    const inUse = await h.subgraph.request(roleAdmin, DELETE, { id: role.id });
    expect(inUse.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      details: { adminCount: 1 },
    });
    await h.subgraph.request(userAdmin, ASSIGN, {
      input: { adminUserId: await adminIdOf(subject), roleCodes: [] },
    });
    const deleted = await h.subgraph.request<{ deleteRole: { role: { code: string } } }>(
      roleAdmin,
      DELETE,
      { id: role.id },
    );
    expect(deleted.data?.deleteRole.role.code).toBe(code);

    const superAdmin = await h.prisma.role.findUniqueOrThrow({ where: { code: 'super_admin' } });
    const sysUpdate = await h.subgraph.request(
      roleAdmin,
      'mutation ($input: UpdateRoleInput!) { updateRole(input: $input) { role { id } } }',
      { input: { id: superAdmin.id, permissions: [] } },
    );
    expect(sysUpdate.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const sysDelete = await h.subgraph.request(roleAdmin, DELETE, { id: superAdmin.id });
    expect(sysDelete.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');

    const actions = (await auditEvents(roleAdmin.subject))
      .filter((e) => e.targetId === role.id)
      .map((e) => e.action);
    expect(actions.sort()).toEqual(['role.create', 'role.delete', 'role.update']);
  });
});

describe('the last active super admin', () => {
  let db: TestDatabase;
  let iso: Harness;
  // A database of its own: "no super admin left" is a global property.
  beforeAll(async () => {
    db = await createTestDatabase({ seed: true });
    iso = await startHarness({ databaseUrl: db.url, bootstrapSubjects: ['root-1'] });
  });
  afterAll(async () => {
    await iso?.stop();
    await db?.drop();
  });

  it('cannot be disabled or demoted, until another super admin exists', async () => {
    await iso.subgraph.request(gateway(), ACCESS, { subject: 'root-1' });
    const rootId = (
      await iso.prisma.adminUser.findUniqueOrThrow({ where: { oidcSubject: 'root-1' } })
    ).id;
    const actor = admin(['system:user:write'], { subject: 'someone-else' });
    const demote = await iso.subgraph.request(actor, ASSIGN, {
      input: { adminUserId: rootId, roleCodes: ['viewer'] },
    });
    expect(demote.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const disable = await iso.subgraph.request(
      actor,
      'mutation ($id: ID!) { setAdminUserStatus(input: { id: $id, status: DISABLED }) { adminUser { status } } }',
      { id: rootId },
    );
    expect(disable.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    // The refused change left nothing behind.
    const root = await iso.prisma.adminUser.findUniqueOrThrow({
      where: { id: rootId },
      include: { roles: { include: { role: true } } },
    });
    expect(root.status).toBe('ACTIVE');
    expect(root.roles.map((r) => r.role.code)).toEqual(['super_admin']);

    await iso.subgraph.request(
      actor,
      'mutation { provisionAdminUser(input: { subject: "root-2", roleCodes: ["super_admin"] }) { adminUser { id } } }',
    );
    const ok = await iso.subgraph.request<{ assignAdminRoles: { adminUser: { status: string } } }>(
      actor,
      ASSIGN,
      {
        input: { adminUserId: rootId, roleCodes: ['viewer'] },
      },
    );
    expect(ok.errors).toBeUndefined();
  });
});
