'use client';

import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Popconfirm,
  Row,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useRouter } from 'next/navigation';
import type { ConsolePipelineStatusQuery } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { format } from '../../../i18n/messages';
import type { TReadiness } from '../../../server/readiness';
import { formatTime } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useAction } from '../../../ui/use-action';
import { replayDeadLetters } from './actions';

const statusTag = (ok: boolean, t: { ok: string; fail: string }) =>
  ok ? <Tag color="green">{t.ok}</Tag> : <Tag color="red">{t.fail}</Tag>;

export function SystemView({
  readiness,
  pipeline,
  canReplay,
}: {
  readiness: TReadiness;
  pipeline: ConsolePipelineStatusQuery['pipelineStatus'];
  canReplay: boolean;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const { run, running } = useAction();
  const { message } = App.useApp();
  const services = readiness.reachable
    ? [
        {
          name: 'gateway',
          status: readiness.status,
          critical: true,
          ms: undefined,
          error: undefined,
        },
        ...Object.entries(readiness.checks).map(([name, c]) => ({ name, ...c })),
      ]
    : [];

  return (
    <>
      <PageTitle
        title={t.system.title}
        subtitle={format(t.system.checkedAt, { time: formatTime(pipeline.checkedAt, locale) })}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => router.refresh()}>
            {t.common.refresh}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t.system.services} data-testid="services">
            {readiness.reachable ? (
              <Table
                rowKey="name"
                size="small"
                pagination={false}
                dataSource={services}
                columns={[
                  { title: t.system.service, dataIndex: 'name' },
                  {
                    title: t.common.status,
                    render: (_, s) => (
                      <>
                        {statusTag(s.status === 'ok' || s.status === 'degraded', t.system)}
                        {s.error ? (
                          <Typography.Text type="secondary">{s.error}</Typography.Text>
                        ) : null}
                      </>
                    ),
                  },
                  {
                    title: t.system.critical,
                    render: (_, s) => (s.critical ? t.common.yes : t.common.no),
                  },
                  {
                    title: t.system.latency,
                    render: (_, s) => (s.ms === undefined ? '' : `${s.ms} ms`),
                  },
                ]}
              />
            ) : (
              <Alert
                type="error"
                showIcon
                title={format(t.system.gatewayDown, { error: readiness.error })}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t.system.pipeline} data-testid="pipeline">
            <Row gutter={16} style={{ marginBottom: 16 }}>
              <Col span={8}>
                <Statistic
                  title={t.system.kafka}
                  value={pipeline.kafkaReachable ? t.system.reachable : t.system.unreachable}
                />
              </Col>
              <Col span={16}>
                <Statistic
                  title={t.system.deadLetters}
                  value={pipeline.deadLetters}
                  valueStyle={{ color: pipeline.deadLetters > 0 ? '#cf1322' : undefined }}
                  data-testid="dead-letters"
                />
              </Col>
            </Row>
            {canReplay ? (
              <>
                <Typography.Paragraph type="secondary">{t.system.replayHelp}</Typography.Paragraph>
                <Popconfirm
                  title={t.system.confirmReplay}
                  okText={t.common.confirm}
                  cancelText={t.common.cancel}
                  onConfirm={() =>
                    void run(() => replayDeadLetters()).then((r) => {
                      if (r.ok)
                        void message.info(
                          format(t.system.replayed, {
                            replayed: String(r.data.replayed),
                            failed: String(r.data.failed),
                          }),
                        );
                    })
                  }
                >
                  <Button
                    loading={running}
                    disabled={pipeline.deadLetters === 0}
                    data-testid="replay-dlq"
                  >
                    {t.system.replay}
                  </Button>
                </Popconfirm>
              </>
            ) : null}
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t.system.consumerLag}
            </Typography.Title>
            <Table
              rowKey={(g) => `${g.groupId}/${g.topic}`}
              size="small"
              pagination={false}
              dataSource={pipeline.consumerLag}
              columns={[
                { title: t.system.group, dataIndex: 'groupId' },
                { title: t.system.topic, dataIndex: 'topic' },
                {
                  title: t.system.lag,
                  render: (_, g) => <Tag color={g.lag > 10_000 ? 'red' : 'default'}>{g.lag}</Tag>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
