import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvent, OperationRecordedSchema } from '@badge/proto';
import { buildModulesSchema, fieldsWithoutRule } from '@badge/service-kit/graphql';
import { identities, testDatabaseUrl, uniqueId } from '@badge/testing';
import { createLogger } from '@badge/service-kit';
import { reencryptUsers } from '../src/jobs/reencrypt-users.js';
import { modules } from '../src/modules/index.js';
import { admin, newKey, startHarness, type Harness } from './helpers.js';

// Key ids unique to this file: other files encrypt rows in the same database with their own keys.
const k1 = newKey(uniqueId('k1').slice(0, 32));
const k2 = newKey(uniqueId('k2').slice(0, 32));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ databaseUrl: testDatabaseUrl(), keys: [k1] });
});
afterAll(async () => {
  await h?.stop();
});

const superAdmin = admin(['user:view:read'], { roles: ['super_admin'], subject: 'root-admin' });
const viewer = admin(['user:view:read']);
const randomPhone = () => `+86139${String(randomInt(0, 1e8)).padStart(8, '0')}`;

const UPSERT = /* GraphQL */ `
  mutation ($input: UpsertUserInput!) {
    upsertUser(input: $input) {
      created
      user {
        id
        nickname
        locale
        timezone
        status
        maskedPhone
        maskedEmail
      }
    }
  }
`;

async function createUser(extra: Record<string, unknown> = {}) {
  const id = uniqueId('u');
  const phone = randomPhone();
  const email = `${uniqueId('mail')}@Example.com`;
  const res = await h.subgraph.request<{
    upsertUser: { created: boolean; user: Record<string, unknown> };
  }>(superAdmin, UPSERT, {
    input: {
      id,
      nickname: 'Nick',
      locale: 'en-US',
      timezone: 'Asia/Shanghai',
      phone,
      email,
      ...extra,
    },
  });
  expect(res.errors).toBeUndefined();
  return { id, phone, email, result: res.data!.upsertUser };
}

const rawUser = (externalId: string) => h.prisma.user.findUniqueOrThrow({ where: { externalId } });

describe('user subgraph: end users', () => {
  it('has a shield rule for every field', () => {
    const { schema, rules } = buildModulesSchema(modules);
    expect(fieldsWithoutRule(schema, rules)).toEqual([]);
  });

  it('stores phone and e-mail encrypted, with key id and blind index, never as plaintext', async () => {
    const { id, phone, email, result } = await createUser();
    expect(result.created).toBe(true);
    expect(result.user).toMatchObject({
      id,
      nickname: 'Nick',
      locale: 'en-US',
      timezone: 'Asia/Shanghai',
      status: 'ACTIVE',
      maskedPhone: `${phone.slice(3, 6)}****${phone.slice(-4)}`,
      maskedEmail: `${email[0]!.toLowerCase()}***@example.com`,
    });
    const row = await rawUser(id);
    const national = phone.slice(3);
    expect(row.phoneKeyId).toBe(k1.id);
    expect(row.emailKeyId).toBe(k1.id);
    expect(Buffer.from(row.phoneCiphertext!).includes(Buffer.from(national))).toBe(false);
    expect(Buffer.from(row.emailCiphertext!).includes(Buffer.from(email.toLowerCase()))).toBe(
      false,
    );
    expect(row.phoneBlindIndex).toBe(h.crypto.blindIndex('phone', phone));
    expect(row.emailBlindIndex).toBe(h.crypto.blindIndex('email', email.toLowerCase()));
    // Nowhere in the row's text form either.
    const text = JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(text).not.toContain(national);
    expect(text.toLowerCase()).not.toContain(email.toLowerCase());
  });

  it('decrypts after a key rotation, and the re-encryption job moves rows to the new key', async () => {
    const { id, phone, email } = await createUser();
    // A new key is prepended: old rows still decrypt, new writes use it.
    const rotated = await startHarness({ databaseUrl: testDatabaseUrl(), keys: [k2, k1] });
    try {
      const read = await rotated.subgraph.request<{ user: { phone: string; email: string } }>(
        superAdmin,
        'query ($id: ID!) { user(id: $id) { phone email } }',
        { id },
      );
      expect(read.data?.user).toEqual({ phone, email: email.toLowerCase() });

      const newPhone = randomPhone();
      await rotated.subgraph.request(superAdmin, UPSERT, { input: { id, phone: newPhone } });
      let row = await rawUser(id);
      expect(row.phoneKeyId).toBe(k2.id);
      expect(row.emailKeyId).toBe(k1.id);

      const summary = await reencryptUsers({
        repository: rotated.repositories.users,
        cipher: rotated.crypto.cipher,
        knownKeyIds: [k2.id, k1.id],
        logger: createLogger({ name: 'test', level: 'silent' }),
      });
      expect(summary.failed).toBe(0);
      expect(summary.updated).toBeGreaterThanOrEqual(2);
      row = await rawUser(id);
      expect(row.emailKeyId).toBe(k2.id);
      expect(row.emailBlindIndex).toBe(h.crypto.blindIndex('email', email.toLowerCase()));
      // Running it again finds nothing of ours left to move.
      const again = await reencryptUsers({
        repository: rotated.repositories.users,
        cipher: rotated.crypto.cipher,
        knownKeyIds: [k2.id, k1.id],
        logger: createLogger({ name: 'test', level: 'silent' }),
      });
      expect(again.scanned).toBe(0);
    } finally {
      await rotated.stop();
    }
    // The old key is retired: everything still decrypts with the new key alone.
    const retired = await startHarness({ databaseUrl: testDatabaseUrl(), keys: [k2] });
    try {
      const read = await retired.subgraph.request<{ user: { email: string } }>(
        superAdmin,
        'query ($id: ID!) { user(id: $id) { email } }',
        { id },
      );
      expect(read.errors).toBeUndefined();
      expect(read.data?.user.email).toBe(email.toLowerCase());
    } finally {
      await retired.stop();
    }
  });

  it('finds users by phone and e-mail through the blind index, whatever their format', async () => {
    const { id, phone, email } = await createUser({ nickname: uniqueId('Nick') });
    const search = (filter: Record<string, unknown>) =>
      h.subgraph.request<{ users: { totalCount: number; nodes: { id: string }[] } }>(
        viewer,
        'query ($f: UserSearchInput) { users(filter: $f) { totalCount nodes { id } } }',
        { f: filter },
      );
    const national = phone.slice(3);
    const byPhone = await search({
      phone: `${national.slice(0, 3)} ${national.slice(3, 7)}-${national.slice(7)}`,
    });
    expect(byPhone.data?.users).toEqual({ totalCount: 1, nodes: [{ id }] });
    const byEmail = await search({ email: `  ${email.toUpperCase()} ` });
    expect(byEmail.data?.users.nodes).toEqual([{ id }]);
    expect((await search({ externalId: id })).data?.users.nodes).toEqual([{ id }]);
    expect((await search({ phone: randomPhone() })).data?.users.totalCount).toBe(0);
  });

  it('pages through search results with cursors', async () => {
    const nickname = uniqueId('Page');
    for (let i = 0; i < 3; i++) await createUser({ nickname: `${nickname}-${i}` });
    const page = (after?: string) =>
      h.subgraph.request<{
        users: {
          totalCount: number;
          nodes: { nickname: string }[];
          pageInfo: { endCursor: string; hasNextPage: boolean };
        };
      }>(
        viewer,
        'query ($n: String, $a: String) { users(filter: { nickname: $n }, first: 2, after: $a) { totalCount nodes { nickname } pageInfo { endCursor hasNextPage } } }',
        { n: nickname.toLowerCase(), a: after },
      );
    // Rows created in the same millisecond tie on created_at: only the union of pages is fixed.
    const first = await page();
    expect(first.data?.users.totalCount).toBe(3);
    expect(first.data?.users.nodes).toHaveLength(2);
    expect(first.data?.users.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.data!.users.pageInfo.endCursor);
    expect(second.data?.users.nodes).toHaveLength(1);
    expect(second.data?.users.pageInfo.hasNextPage).toBe(false);
    expect(
      [...first.data!.users.nodes, ...second.data!.users.nodes].map((n) => n.nickname).sort(),
    ).toEqual([`${nickname}-0`, `${nickname}-1`, `${nickname}-2`]);
    const bad = await page('not-a-cursor');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('masks PII unless the reader is the user or a super admin', async () => {
    const { id, phone } = await createUser();
    const q = 'query ($id: ID!) { user(id: $id) { id maskedPhone phone } }';
    const asViewer = await h.subgraph.request<{ user: { phone: string | null } }>(viewer, q, {
      id,
    });
    expect(asViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(asViewer.errors?.[0]?.path).toEqual(['user', 'phone']);
    const masked = await h.subgraph.request<{ user: { maskedPhone: string } }>(
      viewer,
      'query ($id: ID!) { user(id: $id) { maskedPhone } }',
      { id },
    );
    expect(masked.data?.user.maskedPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const asRoot = await h.subgraph.request<{ user: { phone: string } }>(superAdmin, q, { id });
    expect(asRoot.data?.user.phone).toBe(phone);
    const asSelf = await h.subgraph.request<{ user: { phone: string } }>(identities.user(id), q, {
      id,
    });
    expect(asSelf.data?.user.phone).toBe(phone);
    const asOther = await h.subgraph.request(identities.user(uniqueId('u')), q, { id });
    expect(asOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A partner with read:users sees the profile but no PII at all.
    const partner = await h.subgraph.request<{ user: { nickname: string } }>(
      identities.partner(['read:users']),
      'query ($id: ID!) { user(id: $id) { nickname maskedPhone } }',
      { id },
    );
    expect(partner.errors?.[0]?.path).toEqual(['user', 'maskedPhone']);
    const denied = await h.subgraph.request(admin([]), q, { id });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.subgraph.request(undefined, q, { id })).status).toBe(401);
  });

  it('lets an end user update their own profile, but not their status or anyone else', async () => {
    const id = uniqueId('u');
    const self = identities.user(id);
    const own = await h.subgraph.request<{
      upsertUser: { created: boolean; user: { nickname: string } };
    }>(self, UPSERT, { input: { id, nickname: 'Me', email: 'me@example.com' } });
    expect(own.data?.upsertUser).toMatchObject({ created: true, user: { nickname: 'Me' } });
    const status = await h.subgraph.request(self, UPSERT, { input: { id, status: 'BLOCKED' } });
    expect(status.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await h.subgraph.request(self, UPSERT, {
      input: { id: uniqueId('u'), nickname: 'X' },
    });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Clearing the phone removes ciphertext, key id and index together.
    await h.subgraph.request(self, UPSERT, { input: { id, phone: randomPhone() } });
    await h.subgraph.request(self, UPSERT, { input: { id, phone: null } });
    const row = await rawUser(id);
    expect([row.phoneCiphertext, row.phoneKeyId, row.phoneBlindIndex]).toEqual([null, null, null]);
    expect(row.emailKeyId).toBe(k1.id);
  });

  it('refuses bad input with typed errors', async () => {
    const bad = async (input: Record<string, unknown>) =>
      (await h.subgraph.request(superAdmin, UPSERT, { input: { id: uniqueId('u'), ...input } }))
        .errors?.[0];
    expect((await bad({ phone: '12' }))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'phone' },
    });
    expect((await bad({ email: 'not-an-email' }))?.extensions?.code).toBe('BAD_USER_INPUT');
    const tz = await bad({ timezone: 'Mars/Olympus' });
    expect(tz?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tz?.extensions?.details?.issues).toEqual([
      { path: 'timezone', message: 'an IANA time zone such as Asia/Shanghai' },
    ]);
    expect((await bad({ locale: 'fr-FR' }))?.extensions?.code).toBe('BAD_USER_INPUT');
    const blank = await h.subgraph.request(superAdmin, UPSERT, { input: { id: ' padded ' } });
    expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('records every profile change in the outbox with masked snapshots only', async () => {
    const { id, phone } = await createUser();
    const rows = await h.prisma.userOutboxEvent.findMany({
      where: { eventType: 'operation.recorded.v1', key: 'root-admin' },
      orderBy: { createdAt: 'desc' },
      take: 50,
    });
    const events = rows.map((r) => decodeEvent(OperationRecordedSchema, r.payload));
    const mine = events.find((e) => e.targetId === id);
    expect(mine).toMatchObject({
      module: 'user',
      action: 'user.create',
      targetType: 'User',
      ip: '203.0.113.7',
      userAgent: 'vitest',
      service: 'user-subgraph',
    });
    const after = JSON.parse(mine!.afterJson) as { nickname: string; phone: string };
    expect(after.nickname).toBe('Nick');
    expect(after.phone).toMatch(/\*{4}/);
    expect(mine!.afterJson).not.toContain(phone.slice(3));
  });

  it('resolves User entities in one batch (_entities contract), null for unknown ids', async () => {
    const a = await createUser({ nickname: 'A' });
    const b = await createUser({ nickname: 'B' });
    const res = await h.subgraph.request<{
      _entities: ({ id: string; nickname: string } | null)[];
    }>(
      viewer,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id nickname } } }',
      {
        r: [
          { __typename: 'User', id: b.id },
          { __typename: 'User', id: a.id },
          { __typename: 'User', id: uniqueId('nobody') },
        ],
      },
    );
    expect(res.data?._entities).toEqual([
      { id: b.id, nickname: 'B' },
      { id: a.id, nickname: 'A' },
      null,
    ]);
  });

  it('keeps badge-wall preferences per user (defaults until changed)', async () => {
    const id = uniqueId('u');
    const self = identities.user(id);
    const update = await h.subgraph.request<{
      updateWallPreference: { wallPreference: Record<string, unknown> };
    }>(
      self,
      'mutation ($id: ID!) { updateWallPreference(userId: $id, input: { layout: LIST, showExpired: true }) { wallPreference { layout sort isPublic showLocked showExpired } } }',
      { id },
    );
    expect(update.data?.updateWallPreference.wallPreference).toEqual({
      layout: 'LIST',
      sort: 'DISPLAY_ORDER',
      isPublic: true,
      showLocked: true,
      showExpired: true,
    });
    const other = await createUser();
    const read = await h.subgraph.request<{ user: { wallPreference: { layout: string } } }>(
      admin(['user:badge:read']),
      'query ($id: ID!) { user(id: $id) { wallPreference { layout } } }',
      { id: other.id },
    );
    expect(read.data?.user.wallPreference.layout).toBe('GRID');
    const denied = await h.subgraph.request(
      identities.user(uniqueId('u')),
      'mutation ($id: ID!) { updateWallPreference(userId: $id, input: { layout: LIST }) { wallPreference { layout } } }',
      { id },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
