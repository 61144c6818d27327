'use client';

import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  List,
  Progress,
  Result,
  Row,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import Link from 'next/link';
import { useState } from 'react';
import type {
  ConsoleDryRunRuleQuery,
  ConsoleRuleQuery,
} from '../../../../graphql/generated/graphql';
import { useI18n } from '../../../../i18n/client';
import { format } from '../../../../i18n/messages';
import { dryRunRule, sendTestEvent } from '../actions';

type TResult = ConsoleDryRunRuleQuery['dryRunRule'];

interface SampleForm {
  type: string;
  amount?: string;
  occurredAt?: Dayjs;
  attributes?: string;
  userId?: string;
}

/** "Would this event grant, and why?" — the rule service evaluates a sample, nothing is stored. */
export function DryRunPanel({
  rule,
  canSend,
}: {
  rule: NonNullable<ConsoleRuleQuery['rule']>;
  canSend: boolean;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<SampleForm>();
  const [sent, setSent] = useState<{ eventId: string; topic: string; userId: string } | null>(null);
  const [result, setResult] = useState<TResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const submit = async ({ occurredAt, ...sample }: SampleForm) => {
    setRunning(true);
    try {
      const outcome = await dryRunRule({
        ruleId: rule.id,
        userId: sample.userId,
        event: {
          type: sample.type,
          amount: sample.amount,
          occurredAt: occurredAt?.toISOString(),
          attributes: sample.attributes,
        },
      });
      if (outcome.ok) {
        setResult(outcome.data);
        setError(null);
      } else {
        setResult(null);
        setError(
          format(
            t.common.errors[outcome.code as keyof typeof t.common.errors] ?? t.common.errors.OTHER,
            {
              message: outcome.message,
            },
          ),
        );
      }
    } finally {
      setRunning(false);
    }
  };

  const errorText = (code: string, message: string) =>
    format(t.common.errors[code as keyof typeof t.common.errors] ?? t.common.errors.OTHER, {
      message,
    });

  /** The same sample, for real: the rule service produces it to Kafka for the user. */
  const send = async () => {
    const { occurredAt, ...sample } = await form.validateFields();
    if (!sample.userId?.trim()) {
      form.setFields([{ name: 'userId', errors: [t.rules.needUser] }]);
      return;
    }
    setRunning(true);
    try {
      const outcome = await sendTestEvent({ ...sample, occurredAt: occurredAt?.toISOString() });
      if (outcome.ok) {
        setSent({ ...outcome.data, userId: sample.userId.trim() });
        setError(null);
      } else {
        setSent(null);
        setError(errorText(outcome.code, outcome.message));
      }
    } finally {
      setRunning(false);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card title={t.rules.dryRun}>
          <Typography.Paragraph type="secondary">{t.rules.dryRunHelp}</Typography.Paragraph>
          <Form<SampleForm>
            form={form}
            layout="vertical"
            initialValues={{ type: rule.eventTypes[0] ?? '' }}
            onFinish={(values) => void submit(values)}
            data-testid="dry-run-form"
          >
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="type" label={t.rules.eventType} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="amount" label={t.rules.amount} rules={[{ pattern: /^\d+$/ }]}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="occurredAt" label={t.rules.occurredAt}>
              <DatePicker showTime style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="attributes"
              label={t.rules.attributes}
              rules={[
                {
                  validator: async (_, value?: string) => {
                    if (!value?.trim()) return;
                    let parsed: unknown;
                    try {
                      parsed = JSON.parse(value);
                    } catch {
                      throw new Error(t.rules.invalidJson);
                    }
                    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
                      throw new Error(t.rules.invalidJson);
                  },
                },
              ]}
            >
              <Input.TextArea rows={3} placeholder='{"channel": "app"}' spellCheck={false} />
            </Form.Item>
            <Form.Item name="userId" label={t.rules.userId} extra={t.rules.userIdHelp}>
              <Input />
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={running} data-testid="run-dry-run">
                {t.rules.run}
              </Button>
              {canSend ? (
                <Button loading={running} data-testid="send-test-event" onClick={() => void send()}>
                  {t.rules.sendEvent}
                </Button>
              ) : null}
            </Space>
            {canSend ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t.rules.sendEventHelp}
              </Typography.Paragraph>
            ) : null}
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        {sent ? (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="test-event-sent"
            title={format(t.rules.sent, { eventId: sent.eventId, topic: sent.topic })}
            action={
              <Link href={`/users/${encodeURIComponent(sent.userId)}`}>{t.rules.openUser}</Link>
            }
          />
        ) : null}
        {result ? (
          <Card data-testid="dry-run-result">
            <Result
              status={result.wouldGrant ? 'success' : result.wouldRevoke ? 'warning' : 'info'}
              title={
                result.wouldGrant
                  ? t.rules.wouldGrant
                  : result.wouldRevoke
                    ? t.rules.wouldRevoke
                    : t.rules.wouldNotGrant
              }
              subTitle={`${result.result}: ${result.reason} (v${result.version})`}
            />
            <Typography.Text strong>{t.rules.progress}</Typography.Text>
            <Progress
              percent={Math.round(Math.min(result.progress.ratio, 1) * 100)}
              format={() => `${result.progress.current} / ${result.progress.target}`}
            />
            <List
              header={<Typography.Text strong>{t.rules.checks}</Typography.Text>}
              size="small"
              dataSource={result.checks}
              renderItem={(check) => (
                <List.Item>
                  {check.passed ? (
                    <CheckCircleTwoTone twoToneColor="#52c41a" />
                  ) : (
                    <CloseCircleTwoTone twoToneColor="#ff4d4f" />
                  )}{' '}
                  <Typography.Text code>{check.name}</Typography.Text> {check.detail}
                </List.Item>
              )}
            />
          </Card>
        ) : null}
      </Col>
    </Row>
  );
}
