'use client';

import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Popconfirm, Select, Space, Table, Tabs, Tag } from 'antd';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type {
  ConsoleBenefitBadgeChoicesQuery,
  ConsoleRedemptionRuleBenefitsQuery,
  ConsoleRedemptionRuleFieldsFragment,
  ConsoleRedemptionRulesQuery,
  ConsoleRedemptionsQuery,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { format } from '../../../i18n/messages';
import { CursorPager } from '../../../ui/cursor-pager';
import { formatTime, localized } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useAction } from '../../../ui/use-action';
import { useUrlState } from '../../../ui/url-state';
import { changeRedemptionRuleStatus } from './actions';
import {
  REDEMPTION_STATUS_COLORS,
  REDEMPTION_STATUSES,
  RULE_STATUS_COLORS,
  RULE_STATUSES,
  type TTab,
} from './redemption-enums';
import { RedemptionRuleFormModal } from './redemption-rule-form';

type TRule = ConsoleRedemptionRuleFieldsFragment;
type TRedemption = ConsoleRedemptionsQuery['redemptions']['nodes'][number];
type TBadge = ConsoleBenefitBadgeChoicesQuery['badges']['nodes'][number];

/** "Badge ×2, Other badge ×1", with names when the admin may read badges (else ids). */
function BadgeList({
  items,
  badges,
}: {
  items: { quantity: number; badge: { id: string } }[];
  badges: Map<string, TBadge>;
}) {
  const { locale } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {items.map((i) => {
        const badge = badges.get(i.badge.id);
        return (
          <Tag key={i.badge.id}>
            <Link href={`/badges/${i.badge.id}`}>
              {badge ? localized(badge.name, locale) : i.badge.id}
            </Link>{' '}
            ×{i.quantity}
          </Tag>
        );
      })}
    </Space>
  );
}

/** Activate (DRAFT or DISABLED) or disable (ACTIVE) a rule, each behind a confirmation. */
function RuleLifecycle({ rule }: { rule: TRule }) {
  const { t, locale } = useI18n();
  const { run } = useAction();
  const name = localized(rule.name, locale);
  const action = rule.status === 'ACTIVE' ? 'disable' : 'activate';
  return (
    <Popconfirm
      title={format(
        action === 'activate'
          ? t.benefits.redemptions.confirmActivate
          : t.benefits.redemptions.confirmDisable,
        { name },
      )}
      okText={t.common.confirm}
      cancelText={t.common.cancel}
      okButtonProps={{ danger: action === 'disable' }}
      onConfirm={() => void run(() => changeRedemptionRuleStatus({ id: rule.id, action }))}
    >
      <Button
        size="small"
        type={action === 'activate' ? 'primary' : 'default'}
        danger={action === 'disable'}
        data-testid={`${action}-redemption-rule-${rule.code}`}
      >
        {action === 'activate' ? t.benefits.redemptions.activate : t.benefits.redemptions.disable}
      </Button>
    </Popconfirm>
  );
}

export function RedemptionRulesView({
  tab,
  rules,
  redemptions,
  badges,
  benefits,
  canWrite,
}: {
  tab: TTab;
  rules: ConsoleRedemptionRulesQuery['redemptionRules'] | null;
  redemptions: ConsoleRedemptionsQuery['redemptions'] | null;
  badges: TBadge[] | null;
  benefits: ConsoleRedemptionRuleBenefitsQuery['benefitCatalog']['nodes'] | null;
  canWrite: boolean;
}) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  const [editing, setEditing] = useState<{ rule?: TRule } | null>(null);
  const badgeById = useMemo(() => new Map((badges ?? []).map((b) => [b.id, b])), [badges]);
  // Creating needs the benefits and badges to choose from.
  const canCreate = canWrite && badges !== null && benefits !== null;

  const rulesList = rules ? (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          data-testid="redemption-rule-status-filter"
          placeholder={t.benefits.allStatuses}
          value={url.get('status')}
          style={{ width: 160 }}
          options={RULE_STATUSES.map((s) => ({
            value: s,
            label: t.benefits.redemptions.ruleStatuses[s],
          }))}
          onChange={(status?: string) => url.set({ status })}
        />
        {url.get('benefit') ? (
          <Tag closable onClose={() => url.set({ benefit: undefined })}>
            {t.benefits.redemptions.benefit}: {url.get('benefit')}
          </Tag>
        ) : null}
      </Flex>
      <Table<TRule>
        rowKey="id"
        loading={url.pending}
        dataSource={rules.nodes}
        pagination={false}
        scroll={{ x: 1200 }}
        onRow={(r) => ({ 'data-testid': `redemption-rule-row-${r.code}` }) as object}
        columns={[
          { title: t.common.code, dataIndex: 'code' },
          { title: t.common.name, render: (_, r) => localized(r.name, locale) },
          {
            title: t.benefits.redemptions.benefit,
            render: (_, r) => (
              <Link href={`/benefits/${r.benefit.id}`}>
                {localized(r.benefit.name, locale)} ×{r.benefitQuantity}
              </Link>
            ),
          },
          {
            title: t.benefits.redemptions.requiredBadges,
            render: (_, r) => <BadgeList items={r.items} badges={badgeById} />,
          },
          {
            title: t.benefits.redemptions.perUserLimitShort,
            render: (_, r) => r.perUserLimit ?? t.benefits.unlimited,
          },
          {
            title: t.benefits.redemptions.activeWindow,
            render: (_, r) =>
              r.activeFrom || r.activeUntil
                ? `${formatTime(r.activeFrom, locale)} → ${formatTime(r.activeUntil, locale)}`
                : t.benefits.redemptions.always,
          },
          {
            title: t.common.status,
            render: (_, r) => (
              <Space size={4}>
                <Tag
                  color={RULE_STATUS_COLORS[r.status]}
                  data-testid={`redemption-rule-status-${r.code}`}
                >
                  {t.benefits.redemptions.ruleStatuses[r.status]}
                </Tag>
                {r.status === 'ACTIVE' && !r.isActiveNow ? (
                  <Tag color="warning">{t.benefits.redemptions.outsideWindow}</Tag>
                ) : null}
              </Space>
            ),
          },
          { title: t.common.updatedAt, render: (_, r) => formatTime(r.updatedAt, locale) },
          {
            title: t.common.actions,
            render: (_, r) => (
              <Space wrap>
                <Button
                  size="small"
                  type="link"
                  data-testid={`redemptions-of-${r.code}`}
                  onClick={() =>
                    url.set({
                      tab: 'redemptions',
                      status: undefined,
                      benefit: undefined,
                      rule: r.id,
                    })
                  }
                >
                  {t.benefits.redemptions.redemptionsTab}
                </Button>
                {canWrite ? (
                  <>
                    <Button
                      size="small"
                      data-testid={`edit-redemption-rule-${r.code}`}
                      onClick={() => setEditing({ rule: r })}
                    >
                      {t.common.edit}
                    </Button>
                    <RuleLifecycle rule={r} />
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <CursorPager
        totalCount={rules.totalCount}
        endCursor={rules.pageInfo.endCursor}
        hasNextPage={rules.pageInfo.hasNextPage}
      />
    </>
  ) : null;

  const redemptionsList = redemptions ? (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          data-testid="redemption-user-search"
          placeholder={t.benefits.redemptions.userSearch}
          defaultValue={url.get('user')}
          style={{ width: 260 }}
          onSearch={(user) => url.set({ user })}
        />
        <Select
          allowClear
          data-testid="redemption-status-filter"
          placeholder={t.benefits.allStatuses}
          value={url.get('status')}
          style={{ width: 180 }}
          options={REDEMPTION_STATUSES.map((s) => ({
            value: s,
            label: t.benefits.redemptions.redemptionStatuses[s],
          }))}
          onChange={(status?: string) => url.set({ status })}
        />
        {url.get('rule') ? (
          <Tag closable onClose={() => url.set({ rule: undefined })}>
            {t.benefits.redemptions.rule}: {url.get('rule')}
          </Tag>
        ) : null}
      </Flex>
      <Table<TRedemption>
        rowKey="id"
        size="small"
        loading={url.pending}
        dataSource={redemptions.nodes}
        pagination={false}
        scroll={{ x: 1200 }}
        onRow={(r) => ({ 'data-testid': `redemption-row-${r.id}` }) as object}
        columns={[
          {
            title: t.benefits.redemptions.user,
            render: (_, r) => <Link href={`/users/${r.userId}`}>{r.userId}</Link>,
          },
          {
            title: t.benefits.redemptions.rule,
            render: (_, r) => `${localized(r.rule.name, locale)} (${r.rule.code})`,
          },
          {
            title: t.benefits.redemptions.benefit,
            render: (_, r) => (
              <Link href={`/benefits/${r.benefit.id}`}>{localized(r.benefit.name, locale)}</Link>
            ),
          },
          {
            title: t.benefits.redemptions.badgesSpent,
            render: (_, r) => <BadgeList items={r.items} badges={badgeById} />,
          },
          {
            title: t.common.status,
            render: (_, r) => (
              <Tag
                color={REDEMPTION_STATUS_COLORS[r.status]}
                data-testid={`redemption-status-${r.id}`}
              >
                {t.benefits.redemptions.redemptionStatuses[r.status]}
              </Tag>
            ),
          },
          {
            title: t.benefits.redemptions.grant,
            render: (_, r) => (r.grant ? t.benefits.grantStatuses[r.grant.status] : t.common.none),
          },
          { title: t.benefits.redemptions.failureReason, render: (_, r) => r.failureReason ?? '' },
          { title: t.common.createdAt, render: (_, r) => formatTime(r.createdAt, locale) },
          {
            title: t.benefits.redemptions.finishedAt,
            render: (_, r) => formatTime(r.completedAt ?? r.compensatedAt ?? r.failedAt, locale),
          },
          { title: t.benefits.redemptions.requestedBy, render: (_, r) => r.requestedBy ?? '' },
        ]}
      />
      <CursorPager
        totalCount={redemptions.totalCount}
        endCursor={redemptions.pageInfo.endCursor}
        hasNextPage={redemptions.pageInfo.hasNextPage}
      />
    </>
  ) : null;

  return (
    <>
      <PageTitle
        title={t.benefits.redemptions.title}
        subtitle={t.benefits.redemptions.subtitle}
        extra={
          canCreate && tab === 'rules' ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="new-redemption-rule"
              onClick={() => setEditing({})}
            >
              {t.benefits.redemptions.newRule}
            </Button>
          ) : null
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) =>
            url.set({
              tab: key === 'rules' ? undefined : key,
              status: undefined,
              benefit: undefined,
              rule: undefined,
              user: undefined,
            })
          }
          items={[
            {
              key: 'rules',
              label: (
                <span data-testid="tab-redemption-rules">{t.benefits.redemptions.rulesTab}</span>
              ),
              children: rulesList,
            },
            {
              key: 'redemptions',
              label: (
                <span data-testid="tab-redemptions">{t.benefits.redemptions.redemptionsTab}</span>
              ),
              children: redemptionsList,
            },
          ]}
        />
      </Card>
      <RedemptionRuleFormModal
        open={editing !== null}
        rule={editing?.rule}
        badges={badges}
        benefits={benefits}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
