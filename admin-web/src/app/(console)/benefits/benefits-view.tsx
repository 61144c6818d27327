'use client';

import { GiftOutlined, PlusOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Flex, Input, Select, Space, Table, Tag } from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import type {
  ConsoleBenefitFieldsFragment,
  ConsoleBenefitsQuery,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { CursorPager } from '../../../ui/cursor-pager';
import { formatTime, localized } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useUrlState } from '../../../ui/url-state';
import { stockText, settingText, validityText } from './benefit-display';
import {
  BENEFIT_STATUS_COLORS,
  BENEFIT_STATUSES,
  BENEFIT_TYPE_COLORS,
  BENEFIT_TYPES,
} from './benefit-enums';
import { BenefitFormModal } from './benefit-form';
import { BenefitLifecycle } from './benefit-lifecycle';

type TBenefit = ConsoleBenefitFieldsFragment;

export function BenefitsView({
  benefits,
  canWrite,
}: {
  benefits: ConsoleBenefitsQuery['benefitCatalog'];
  canWrite: boolean;
}) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  const [editing, setEditing] = useState<{ benefit?: TBenefit } | null>(null);

  return (
    <>
      <PageTitle
        title={t.benefits.title}
        subtitle={t.benefits.subtitle}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="new-benefit"
              onClick={() => setEditing({})}
            >
              {t.benefits.newBenefit}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            data-testid="benefit-search"
            placeholder={t.benefits.searchPlaceholder}
            defaultValue={url.get('q')}
            style={{ width: 260 }}
            onSearch={(q) => url.set({ q })}
          />
          <Select
            allowClear
            data-testid="benefit-type-filter"
            placeholder={t.benefits.allTypes}
            value={url.get('type')}
            style={{ width: 160 }}
            options={BENEFIT_TYPES.map((type) => ({ value: type, label: t.benefits.types[type] }))}
            onChange={(type?: string) => url.set({ type })}
          />
          <Select
            allowClear
            data-testid="benefit-status-filter"
            placeholder={t.benefits.allStatuses}
            value={url.get('status')}
            style={{ width: 160 }}
            options={BENEFIT_STATUSES.map((s) => ({ value: s, label: t.benefits.statuses[s] }))}
            onChange={(status?: string) => url.set({ status })}
          />
        </Flex>
        <Table<TBenefit>
          rowKey="id"
          loading={url.pending}
          dataSource={benefits.nodes}
          pagination={false}
          scroll={{ x: 1100 }}
          onRow={(b) => ({ 'data-testid': `benefit-row-${b.code}` }) as object}
          columns={[
            {
              title: t.benefits.image,
              width: 64,
              render: (_, b) => (
                <Avatar shape="square" src={b.imageUrl ?? undefined} icon={<GiftOutlined />} />
              ),
            },
            { title: t.common.code, dataIndex: 'code' },
            {
              title: t.common.name,
              render: (_, b) => (
                <Link href={`/benefits/${b.id}`} data-testid={`benefit-link-${b.code}`}>
                  {localized(b.name, locale)}
                </Link>
              ),
            },
            {
              title: t.benefits.type,
              render: (_, b) => (
                <Tag color={BENEFIT_TYPE_COLORS[b.type]}>{t.benefits.types[b.type]}</Tag>
              ),
            },
            { title: t.benefits.setting, render: (_, b) => settingText(b, t) },
            {
              title: t.common.status,
              render: (_, b) => (
                <Space size={4}>
                  <Tag
                    color={BENEFIT_STATUS_COLORS[b.status]}
                    data-testid={`benefit-status-${b.code}`}
                  >
                    {t.benefits.statuses[b.status]}
                  </Tag>
                  {b.status === 'PUBLISHED' && !b.isAvailable ? (
                    <Tag color="warning">{t.benefits.notAvailable}</Tag>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t.benefits.stock,
              render: (_, b) =>
                b.type === 'COUPON' ? (
                  <Link href={`/coupon-pools/${b.id}`}>{stockText(b, t)}</Link>
                ) : (
                  stockText(b, t)
                ),
            },
            {
              title: t.benefits.perUserLimitShort,
              render: (_, b) => b.perUserLimit ?? t.benefits.unlimited,
            },
            { title: t.benefits.validity, render: (_, b) => validityText(b.validity, t, locale) },
            { title: t.common.updatedAt, render: (_, b) => formatTime(b.updatedAt, locale) },
            ...(canWrite
              ? [
                  {
                    title: t.common.actions,
                    render: (_: unknown, b: TBenefit) => (
                      <Space wrap>
                        {b.status !== 'ARCHIVED' ? (
                          <Button
                            size="small"
                            data-testid={`edit-benefit-${b.code}`}
                            onClick={() => setEditing({ benefit: b })}
                          >
                            {t.common.edit}
                          </Button>
                        ) : null}
                        <BenefitLifecycle benefit={b} canWrite={canWrite} />
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <CursorPager
          totalCount={benefits.totalCount}
          endCursor={benefits.pageInfo.endCursor}
          hasNextPage={benefits.pageInfo.hasNextPage}
        />
      </Card>
      <BenefitFormModal
        open={editing !== null}
        benefit={editing?.benefit}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
