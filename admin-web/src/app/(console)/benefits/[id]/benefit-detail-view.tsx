'use client';

import { GiftOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import type {
  ConsoleBenefitBadgeLinksQuery,
  ConsoleBenefitQuery,
  ConsoleBenefitRecentGrantsQuery,
} from '../../../../graphql/generated/graphql';
import { useI18n } from '../../../../i18n/client';
import { format } from '../../../../i18n/messages';
import { formatTime, localized } from '../../../../ui/localized';
import { PageTitle } from '../../../../ui/page-title';
import { settingText, stockText, validityText } from '../benefit-display';
import { BENEFIT_STATUS_COLORS, BENEFIT_TYPE_COLORS, GRANT_STATUS_COLORS } from '../benefit-enums';
import { BenefitFormModal } from '../benefit-form';
import { BenefitLifecycle } from '../benefit-lifecycle';
import { BadgeLinks, type TBadgeChoice } from './badge-links';

type TBenefit = NonNullable<ConsoleBenefitQuery['benefit']>;
type TGrants = ConsoleBenefitRecentGrantsQuery['benefitGrants'];
type TGrant = TGrants['nodes'][number];

export function BenefitDetailView({
  benefit,
  links,
  badges,
  grants,
  canWrite,
  canReadRedemptions,
}: {
  benefit: TBenefit;
  links: ConsoleBenefitBadgeLinksQuery['badgeBenefits'];
  badges: TBadgeChoice[] | null;
  grants: TGrants | null;
  canWrite: boolean;
  canReadRedemptions: boolean;
}) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const badgeCode = new Map((badges ?? []).map((b) => [b.id, b.code]));
  const c = benefit.config;

  return (
    <>
      <PageTitle
        title={
          <Space>
            <Avatar shape="square" src={benefit.imageUrl ?? undefined} icon={<GiftOutlined />} />
            {localized(benefit.name, locale)}
            <Tag color={BENEFIT_TYPE_COLORS[benefit.type]}>{t.benefits.types[benefit.type]}</Tag>
            <Tag color={BENEFIT_STATUS_COLORS[benefit.status]} data-testid="benefit-status">
              {t.benefits.statuses[benefit.status]}
            </Tag>
          </Space>
        }
        subtitle={benefit.code}
        extra={
          <>
            {benefit.type === 'COUPON' ? (
              <Link href={`/coupon-pools/${benefit.id}`}>
                <Button data-testid="open-coupon-pool">{t.benefits.couponPool}</Button>
              </Link>
            ) : null}
            {canReadRedemptions ? (
              <Link href={`/redemption-rules?benefit=${benefit.id}`}>
                <Button data-testid="open-redemption-rules">{t.benefits.redemptionRules}</Button>
              </Link>
            ) : null}
            {canWrite && benefit.status !== 'ARCHIVED' ? (
              <Button onClick={() => setEditing(true)} data-testid="edit-benefit">
                {t.common.edit}
              </Button>
            ) : null}
            <BenefitLifecycle benefit={benefit} canWrite={canWrite} size="middle" />
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t.benefits.info}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t.common.nameZh}>
                {benefit.name.zhCN ?? t.common.none}
              </Descriptions.Item>
              <Descriptions.Item label={t.common.nameEn}>
                {benefit.name.enUS ?? t.common.none}
              </Descriptions.Item>
              <Descriptions.Item label={t.common.descriptionZh} span={2}>
                {benefit.description?.zhCN ?? t.common.none}
              </Descriptions.Item>
              <Descriptions.Item label={t.common.descriptionEn} span={2}>
                {benefit.description?.enUS ?? t.common.none}
              </Descriptions.Item>
              <Descriptions.Item label={t.benefits.stock}>
                {stockText(benefit, t)}
              </Descriptions.Item>
              <Descriptions.Item label={t.benefits.perUserLimitShort}>
                {benefit.perUserLimit ?? t.benefits.unlimited}
              </Descriptions.Item>
              <Descriptions.Item label={t.benefits.validity}>
                {validityText(benefit.validity, t, locale)}
              </Descriptions.Item>
              <Descriptions.Item label={t.benefits.availableNow}>
                {benefit.isAvailable ? (
                  <Tag color="green">{t.common.yes}</Tag>
                ) : (
                  <Tag>{t.common.no}</Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t.benefits.version}>{benefit.version}</Descriptions.Item>
              <Descriptions.Item label={t.common.updatedAt}>
                {formatTime(benefit.updatedAt, locale)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t.benefits.settings} size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t.benefits.setting}>
                {settingText(benefit, t)}
              </Descriptions.Item>
              {c.extraJson ? (
                <Descriptions.Item label={t.benefits.extraJson}>
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {c.extraJson}
                  </Typography.Text>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          {benefit.couponPool ? (
            <Card title={t.benefits.couponPool} size="small">
              <Descriptions column={3} size="small">
                <Descriptions.Item label={t.benefits.coupons.statuses.AVAILABLE}>
                  {benefit.couponPool.available}
                </Descriptions.Item>
                <Descriptions.Item label={t.benefits.coupons.statuses.ISSUED}>
                  {benefit.couponPool.issued}
                </Descriptions.Item>
                <Descriptions.Item label={t.benefits.coupons.total}>
                  {benefit.couponPool.total}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          ) : null}
        </Col>
        <Col span={24}>
          <BadgeLinks benefit={benefit} links={links} badges={badges} canWrite={canWrite} />
        </Col>
        {grants ? (
          <Col span={24}>
            <Card
              title={format(t.benefits.recentGrants, { count: String(grants.totalCount) })}
              data-testid="benefit-grants"
            >
              <Table<TGrant>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={grants.nodes}
                locale={{ emptyText: t.benefits.noGrants }}
                scroll={{ x: 900 }}
                columns={[
                  {
                    title: t.benefits.user,
                    render: (_, g) => <Link href={`/users/${g.userId}`}>{g.userId}</Link>,
                  },
                  {
                    title: t.common.status,
                    render: (_, g) => (
                      <Tag color={GRANT_STATUS_COLORS[g.status]}>
                        {t.benefits.grantStatuses[g.status]}
                      </Tag>
                    ),
                  },
                  {
                    title: t.benefits.source,
                    render: (_, g) =>
                      g.source === 'AUTO' && g.sourceBadge ? (
                        <Link href={`/badges/${g.sourceBadge.id}`}>
                          {t.benefits.grantSources.AUTO} ·{' '}
                          {badgeCode.get(g.sourceBadge.id) ?? g.sourceBadge.id}
                        </Link>
                      ) : (
                        t.benefits.grantSources[g.source]
                      ),
                  },
                  {
                    title: t.benefits.quantity,
                    render: (_, g) =>
                      g.points != null ? `${g.quantity} (${g.points})` : g.quantity,
                  },
                  {
                    title: t.benefits.grantedAt,
                    render: (_, g) => formatTime(g.grantedAt ?? g.createdAt, locale),
                  },
                  {
                    title: t.benefits.expiresAt,
                    render: (_, g) => formatTime(g.expiresAt, locale),
                  },
                  {
                    title: t.benefits.failure,
                    render: (_, g) =>
                      g.failureCode
                        ? `${g.failureCode}${g.failureReason ? `: ${g.failureReason}` : ''}`
                        : '',
                  },
                ]}
              />
            </Card>
          </Col>
        ) : null}
      </Row>
      <BenefitFormModal open={editing} benefit={benefit} onClose={() => setEditing(false)} />
    </>
  );
}
