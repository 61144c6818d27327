'use client';

import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Row, Space, Statistic, Tag } from 'antd';
import Link from 'next/link';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  ConsoleDashboardStatsQuery,
  ConsolePipelineStatusQuery,
} from '../../graphql/generated/graphql';
import { useI18n } from '../../i18n/client';
import { format } from '../../i18n/messages';
import { localized } from '../../ui/localized';
import { PageTitle } from '../../ui/page-title';

interface Counts {
  publishedBadges: number;
  publishedRules: number;
  users: number;
}

export function DashboardView({
  adminName,
  amr,
  counts,
  stats,
  pipeline,
}: {
  adminName: string;
  amr: string[];
  counts: Counts;
  stats: ConsoleDashboardStatsQuery;
  pipeline: ConsolePipelineStatusQuery['pipelineStatus'];
}) {
  const { t, locale } = useI18n();
  const { badgeStats, benefitStats } = stats;
  const days = badgeStats.grantsByDay.map((d, i) => ({
    day: d.day.slice(5),
    badges: d.count,
    benefits: benefitStats.grantsByDay[i]?.count ?? 0,
    redemptions: benefitStats.redemptionsByDay[i]?.count ?? 0,
  }));
  const top = badgeStats.topBadges.map((b) => ({
    name: localized(b.badge.name, locale),
    holders: b.holders,
  }));
  const totalLag = pipeline.consumerLag.reduce((sum, g) => sum + g.lag, 0);
  const healthy = pipeline.kafkaReachable && pipeline.deadLetters === 0 && totalLag < 10_000;

  const cards = [
    { key: 'badgeGrants', label: t.dashboard.badgeGrants, value: badgeStats.grantsInWindow },
    { key: 'activeUsers', label: t.dashboard.activeUsers, value: badgeStats.activeUsers },
    { key: 'benefitGrants', label: t.dashboard.benefitGrants, value: benefitStats.grantsInWindow },
    { key: 'redemptions', label: t.dashboard.redemptions, value: benefitStats.redemptionsInWindow },
    { key: 'publishedBadges', label: t.dashboard.publishedBadges, value: counts.publishedBadges },
    { key: 'publishedRules', label: t.dashboard.publishedRules, value: counts.publishedRules },
  ];

  return (
    <>
      <PageTitle
        title={t.dashboard.title}
        subtitle={
          <span data-testid="admin-name">{format(t.dashboard.welcome, { name: adminName })}</span>
        }
        extra={
          <Tag color="green" icon={<SafetyCertificateOutlined />} data-testid="mfa-status">
            {t.dashboard.mfa} ({amr.join(', ')})
          </Tag>
        }
      />
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} xs={12} md={8} xl={4}>
            <Card size="small">
              <Statistic title={c.label} value={c.value} data-testid={`stat-${c.key}`} />
            </Card>
          </Col>
        ))}
        <Col xs={24} xl={16}>
          <Card title={t.dashboard.recentGrants}>
            <div style={{ height: 280 }} data-testid="grants-chart">
              <ResponsiveContainer>
                <LineChart data={days} margin={{ left: -16, right: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="day" fontSize={12} />
                  <YAxis allowDecimals={false} fontSize={12} />
                  <Tooltip />
                  <Legend />
                  <Line
                    type="monotone"
                    dataKey="badges"
                    name={t.dashboard.badgeGrants}
                    stroke="#5b4cdb"
                  />
                  <Line
                    type="monotone"
                    dataKey="benefits"
                    name={t.dashboard.benefitGrants}
                    stroke="#13a8a8"
                  />
                  <Line
                    type="monotone"
                    dataKey="redemptions"
                    name={t.dashboard.redemptions}
                    stroke="#fa8c16"
                  />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            title={t.dashboard.pipeline}
            extra={<Link href="/system">{t.nav.system}</Link>}
            data-testid="pipeline-health"
          >
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Tag color={healthy ? 'green' : 'red'}>
                {healthy ? t.dashboard.healthy : t.dashboard.attention}
              </Tag>
              <Row gutter={16}>
                <Col span={8}>
                  <Statistic
                    title="Kafka"
                    value={pipeline.kafkaReachable ? t.dashboard.up : t.dashboard.down}
                  />
                </Col>
                <Col span={8}>
                  <Statistic title={t.dashboard.deadLetters} value={pipeline.deadLetters} />
                </Col>
                <Col span={8}>
                  <Statistic title={t.dashboard.consumerLag} value={totalLag} />
                </Col>
              </Row>
            </Space>
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t.dashboard.topBadges}>
            {top.length === 0 ? (
              <Empty description={t.dashboard.noData} />
            ) : (
              <div style={{ height: 40 + top.length * 36 }}>
                <ResponsiveContainer>
                  <BarChart data={top} layout="vertical" margin={{ left: 24, right: 16 }}>
                    <XAxis type="number" allowDecimals={false} fontSize={12} />
                    <YAxis type="category" dataKey="name" width={160} fontSize={12} />
                    <Tooltip />
                    <Bar dataKey="holders" name={t.dashboard.holders} fill="#5b4cdb" />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
