'use client';

import { Card, Flex, Input, Select, Table, Tag } from 'antd';
import Link from 'next/link';
import type { ConsoleUsersQuery, UserStatus } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { CursorPager } from '../../../ui/cursor-pager';
import { formatTime } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useUrlState } from '../../../ui/url-state';
import { USER_SEARCH_FIELDS } from './search-fields';

export const USER_STATUS_COLORS: Record<UserStatus, string> = {
  ACTIVE: 'green',
  BLOCKED: 'red',
  DELETED: 'default',
};

type TUser = ConsoleUsersQuery['users']['nodes'][number];

export function UsersView({
  users,
  statuses,
}: {
  users: ConsoleUsersQuery['users'];
  statuses: readonly UserStatus[];
}) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  const field = url.get('field') ?? 'externalId';
  return (
    <>
      <PageTitle title={t.users.title} subtitle={t.users.subtitle} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Select
            aria-label={t.users.searchBy}
            value={field}
            style={{ width: 140 }}
            options={USER_SEARCH_FIELDS.map((f) => ({ value: f, label: t.users.fields[f] }))}
            onChange={(next: string) => url.set({ field: next })}
          />
          <Input.Search
            allowClear
            data-testid="user-search"
            defaultValue={url.get('q')}
            style={{ width: 280 }}
            onSearch={(q) => url.set({ q, field })}
          />
          <Select
            allowClear
            placeholder={t.common.status}
            value={url.get('status')}
            style={{ width: 140 }}
            options={statuses.map((s) => ({ value: s, label: t.users.statuses[s] }))}
            onChange={(status?: string) => url.set({ status })}
          />
        </Flex>
        <Table<TUser>
          rowKey="id"
          loading={url.pending}
          dataSource={users.nodes}
          pagination={false}
          columns={[
            {
              title: t.users.fields.externalId,
              render: (_, u) => (
                <Link href={`/users/${encodeURIComponent(u.id)}`} data-testid={`user-link-${u.id}`}>
                  {u.id}
                </Link>
              ),
            },
            { title: t.users.nickname, render: (_, u) => u.nickname ?? t.common.none },
            { title: t.users.email, render: (_, u) => u.maskedEmail ?? t.common.none },
            { title: t.users.phone, render: (_, u) => u.maskedPhone ?? t.common.none },
            {
              title: t.common.status,
              render: (_, u) => (
                <Tag color={USER_STATUS_COLORS[u.status]}>{t.users.statuses[u.status]}</Tag>
              ),
            },
            { title: t.users.joined, render: (_, u) => formatTime(u.createdAt, locale) },
          ]}
        />
        <CursorPager
          totalCount={users.totalCount}
          endCursor={users.pageInfo.endCursor}
          hasNextPage={users.pageInfo.hasNextPage}
        />
      </Card>
    </>
  );
}
