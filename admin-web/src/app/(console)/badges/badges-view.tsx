'use client';

import { PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Flex, Input, Select, Space, Table, Tag } from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import type {
  ConsoleBadgeFieldsFragment,
  ConsoleBadgeFormOptionsQuery,
  ConsoleBadgesQuery,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { CursorPager } from '../../../ui/cursor-pager';
import { formatTime, localized } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useUrlState } from '../../../ui/url-state';
import { BADGE_SORTS, BADGE_STATUSES, STATUS_COLORS } from './badge-enums';
import { BadgeFormModal } from './badge-form';
import { BadgeLifecycle } from './badge-lifecycle';

type TBadge = ConsoleBadgeFieldsFragment;

export function BadgesView({
  badges,
  options,
  canWrite,
  canPublish,
}: {
  badges: ConsoleBadgesQuery['badges'];
  options: ConsoleBadgeFormOptionsQuery;
  canWrite: boolean;
  canPublish: boolean;
}) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  const [editing, setEditing] = useState<{ badge?: TBadge } | null>(null);

  return (
    <>
      <PageTitle
        title={t.badges.title}
        subtitle={t.badges.subtitle}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="new-badge"
              onClick={() => setEditing({})}
            >
              {t.badges.newBadge}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            data-testid="badge-search"
            placeholder={t.badges.searchPlaceholder}
            defaultValue={url.get('q')}
            style={{ width: 260 }}
            onSearch={(q) => url.set({ q })}
          />
          <Select
            allowClear
            placeholder={t.badges.allStatuses}
            value={url.get('status')}
            style={{ width: 160 }}
            options={BADGE_STATUSES.map((s) => ({ value: s, label: t.badges.statuses[s] }))}
            onChange={(status?: string) => url.set({ status })}
          />
          <Select
            allowClear
            placeholder={t.badges.allCategories}
            value={url.get('category')}
            style={{ width: 180 }}
            options={options.badgeCategories.map((c) => ({
              value: c.id,
              label: localized(c.name, locale),
            }))}
            onChange={(category?: string) => url.set({ category })}
          />
          <Select
            prefix={`${t.badges.sort}:`}
            value={url.get('sort') ?? 'DISPLAY_ORDER'}
            style={{ width: 220 }}
            options={BADGE_SORTS.map((s) => ({ value: s, label: t.badges.sorts[s] }))}
            onChange={(sort: string) => url.set({ sort })}
          />
        </Flex>
        <Table<TBadge>
          rowKey="id"
          loading={url.pending}
          dataSource={badges.nodes}
          pagination={false}
          scroll={{ x: 1000 }}
          columns={[
            {
              title: t.badges.image,
              width: 64,
              render: (_, b) => (
                <Avatar shape="square" src={b.imageUrl ?? undefined} icon={<TrophyOutlined />} />
              ),
            },
            { title: t.common.code, dataIndex: 'code' },
            {
              title: t.common.name,
              render: (_, b) => (
                <Link href={`/badges/${b.id}`} data-testid={`badge-link-${b.code}`}>
                  {localized(b.name, locale)}
                </Link>
              ),
            },
            { title: t.badges.category, render: (_, b) => localized(b.category.name, locale) },
            {
              title: t.common.status,
              render: (_, b) => (
                <Tag color={STATUS_COLORS[b.status]} data-testid={`badge-status-${b.code}`}>
                  {t.badges.statuses[b.status]}
                </Tag>
              ),
            },
            {
              title: t.badges.stock,
              render: (_, b) =>
                b.totalStock === null || b.totalStock === undefined
                  ? t.badges.unlimited
                  : `${b.remainingStock ?? 0} / ${b.totalStock}`,
            },
            {
              title: t.badges.validity,
              render: (_, b) =>
                b.validity.kind === 'RELATIVE'
                  ? `${b.validity.validDays ?? ''} d`
                  : t.badges.validityKind[b.validity.kind],
            },
            { title: t.common.updatedAt, render: (_, b) => formatTime(b.updatedAt, locale) },
            ...(canWrite || canPublish
              ? [
                  {
                    title: t.common.actions,
                    render: (_: unknown, b: TBadge) => (
                      <Space wrap>
                        {canWrite && b.status !== 'ARCHIVED' ? (
                          <Button
                            size="small"
                            data-testid={`edit-badge-${b.code}`}
                            onClick={() => setEditing({ badge: b })}
                          >
                            {t.common.edit}
                          </Button>
                        ) : null}
                        <BadgeLifecycle badge={b} canWrite={canWrite} canPublish={canPublish} />
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <CursorPager
          totalCount={badges.totalCount}
          endCursor={badges.pageInfo.endCursor}
          hasNextPage={badges.pageInfo.hasNextPage}
        />
      </Card>
      <BadgeFormModal
        open={editing !== null}
        badge={editing?.badge}
        options={options}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
