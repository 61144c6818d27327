'use client';

import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tag } from 'antd';
import Link from 'next/link';
import type {
  ConsoleRuleFieldsFragment,
  ConsoleRulesQuery,
  RuleStatus,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { CursorPager } from '../../../ui/cursor-pager';
import { formatTime, localized } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useUrlState } from '../../../ui/url-state';

export const RULE_STATUS_COLORS: Record<RuleStatus, string> = {
  DRAFT: 'default',
  PUBLISHED: 'green',
  DISABLED: 'red',
};

export function RulesView({
  rules,
  statuses,
  canWrite,
}: {
  rules: ConsoleRulesQuery['rules'];
  statuses: readonly RuleStatus[];
  canWrite: boolean;
}) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  return (
    <>
      <PageTitle
        title={t.rules.title}
        subtitle={t.rules.subtitle}
        extra={
          canWrite ? (
            <Link href="/rules/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="new-rule">
                {t.rules.newRule}
              </Button>
            </Link>
          ) : null
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t.rules.searchPlaceholder}
            defaultValue={url.get('q')}
            style={{ width: 260 }}
            onSearch={(q) => url.set({ q })}
          />
          <Select
            allowClear
            placeholder={t.rules.allStatuses}
            value={url.get('status')}
            style={{ width: 160 }}
            options={statuses.map((s) => ({ value: s, label: t.rules.statuses[s] }))}
            onChange={(status?: string) => url.set({ status })}
          />
        </Flex>
        <Table<ConsoleRuleFieldsFragment>
          rowKey="id"
          loading={url.pending}
          dataSource={rules.nodes}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t.common.name,
              render: (_, r) => (
                <Link href={`/rules/${r.id}`} data-testid={`rule-link-${r.id}`}>
                  {r.name}
                </Link>
              ),
            },
            {
              title: t.rules.badge,
              render: (_, r) => (
                <Link href={`/badges/${r.badge.id}`}>{localized(r.badge.name, locale)}</Link>
              ),
            },
            { title: t.rules.template, dataIndex: 'templateCode' },
            { title: t.rules.eventTypes, render: (_, r) => r.eventTypes.join(', ') },
            {
              title: t.common.status,
              render: (_, r) => (
                <>
                  <Tag color={RULE_STATUS_COLORS[r.status]}>{t.rules.statuses[r.status]}</Tag>
                  {r.status !== 'DRAFT' && r.hasUnpublishedChanges ? (
                    <Tag color="orange">{t.rules.unpublished}</Tag>
                  ) : null}
                </>
              ),
            },
            { title: t.rules.version, render: (_, r) => r.currentVersion ?? '—' },
            { title: t.common.updatedAt, render: (_, r) => formatTime(r.updatedAt, locale) },
          ]}
        />
        <CursorPager
          totalCount={rules.totalCount}
          endCursor={rules.pageInfo.endCursor}
          hasNextPage={rules.pageInfo.hasNextPage}
        />
      </Card>
    </>
  );
}
