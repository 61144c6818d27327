'use client';

import { Card, Flex, Input, Progress, Select, Space, Table, Tag } from 'antd';
import Link from 'next/link';
import type { ConsoleCouponPoolsQuery } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { CursorPager } from '../../../ui/cursor-pager';
import { formatTime, localized } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useUrlState } from '../../../ui/url-state';
import { BENEFIT_STATUS_COLORS, BENEFIT_STATUSES } from '../benefits/benefit-enums';

type TPool = ConsoleCouponPoolsQuery['benefitCatalog']['nodes'][number];

/** The COUPON benefits with the stock of their code pools. */
export function CouponPoolsView({ pools }: { pools: ConsoleCouponPoolsQuery['benefitCatalog'] }) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  return (
    <>
      <PageTitle title={t.benefits.coupons.title} subtitle={t.benefits.coupons.subtitle} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            data-testid="coupon-pool-search"
            placeholder={t.benefits.searchPlaceholder}
            defaultValue={url.get('q')}
            style={{ width: 260 }}
            onSearch={(q) => url.set({ q })}
          />
          <Select
            allowClear
            placeholder={t.benefits.allStatuses}
            value={url.get('status')}
            style={{ width: 160 }}
            options={BENEFIT_STATUSES.map((s) => ({ value: s, label: t.benefits.statuses[s] }))}
            onChange={(status?: string) => url.set({ status })}
          />
        </Flex>
        <Table<TPool>
          rowKey="id"
          loading={url.pending}
          dataSource={pools.nodes}
          pagination={false}
          scroll={{ x: 1000 }}
          onRow={(p) => ({ 'data-testid': `coupon-pool-row-${p.code}` }) as object}
          columns={[
            { title: t.common.code, dataIndex: 'code' },
            {
              title: t.common.name,
              render: (_, p) => (
                <Link href={`/coupon-pools/${p.id}`} data-testid={`coupon-pool-${p.code}`}>
                  {localized(p.name, locale)}
                </Link>
              ),
            },
            {
              title: t.common.status,
              render: (_, p) => (
                <Tag color={BENEFIT_STATUS_COLORS[p.status]}>{t.benefits.statuses[p.status]}</Tag>
              ),
            },
            {
              title: t.benefits.faceValue,
              render: (_, p) =>
                p.config.faceValue
                  ? `${p.config.faceValue} ${p.config.currency ?? ''}`
                  : t.common.none,
            },
            {
              title: t.benefits.coupons.statuses.AVAILABLE,
              render: (_, p) => {
                const pool = p.couponPool;
                if (!pool) return t.common.none;
                return (
                  <Space>
                    <span data-testid={`coupon-available-${p.code}`}>{pool.available}</span>
                    {pool.available === 0 && p.status === 'PUBLISHED' ? (
                      <Tag color="error">{t.benefits.coupons.empty}</Tag>
                    ) : null}
                  </Space>
                );
              },
            },
            {
              title: t.benefits.coupons.statuses.RESERVED,
              render: (_, p) => p.couponPool?.reserved ?? 0,
            },
            {
              title: t.benefits.coupons.statuses.ISSUED,
              render: (_, p) => p.couponPool?.issued ?? 0,
            },
            {
              title: t.benefits.coupons.statuses.REVOKED,
              render: (_, p) => p.couponPool?.revoked ?? 0,
            },
            { title: t.benefits.coupons.total, render: (_, p) => p.couponPool?.total ?? 0 },
            {
              title: t.benefits.coupons.usage,
              width: 160,
              render: (_, p) =>
                p.couponPool && p.couponPool.total > 0 ? (
                  <Progress
                    size="small"
                    percent={Math.round(
                      ((p.couponPool.issued + p.couponPool.reserved) / p.couponPool.total) * 100,
                    )}
                  />
                ) : (
                  t.common.none
                ),
            },
            { title: t.common.updatedAt, render: (_, p) => formatTime(p.updatedAt, locale) },
          ]}
        />
        <CursorPager
          totalCount={pools.totalCount}
          endCursor={pools.pageInfo.endCursor}
          hasNextPage={pools.pageInfo.hasNextPage}
        />
      </Card>
    </>
  );
}
