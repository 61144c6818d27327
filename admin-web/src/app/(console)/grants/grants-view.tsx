'use client';

import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type {
  BatchTaskStatus,
  ConsoleBatchTaskFieldsFragment,
  ConsoleBatchTasksQuery,
  ConsoleGrantableBadgesQuery,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { format } from '../../../i18n/messages';
import { CursorPager } from '../../../ui/cursor-pager';
import { formatTime, localized } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useAction } from '../../../ui/use-action';
import { useUrlState } from '../../../ui/url-state';
import { grantBadge, revokeBadge } from '../users/actions';
import { batchFailureReport, cancelBatchTask, createBatchTask, retryBatchTask } from './actions';

type TTask = ConsoleBatchTaskFieldsFragment;

const STATUS_COLORS: Record<BatchTaskStatus, string> = {
  PENDING: 'default',
  RUNNING: 'processing',
  COMPLETED: 'success',
  COMPLETED_WITH_ERRORS: 'warning',
  FAILED: 'error',
  CANCELLED: 'default',
};
const ACTIVE: BatchTaskStatus[] = ['PENDING', 'RUNNING'];

interface ManualForm {
  userId: string;
  badgeId: string;
  quantity: number;
  reason: string;
}

interface BatchForm {
  type: 'GRANT' | 'REVOKE';
  badgeId: string;
  reason: string;
  quantity?: number;
}

function saveFile(name: string, text: string) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

export function GrantsView({
  tasks,
  statuses,
  badges,
  canGrant,
  canRevoke,
  canBatch,
}: {
  tasks: ConsoleBatchTasksQuery['batchTasks'] | null;
  statuses: readonly BatchTaskStatus[];
  badges: ConsoleGrantableBadgesQuery['badges']['nodes'];
  canGrant: boolean;
  canRevoke: boolean;
  canBatch: boolean;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const url = useUrlState();
  const { run, running } = useAction();
  const [manual] = Form.useForm<ManualForm>();
  const [batch] = Form.useForm<BatchForm>();
  const [file, setFile] = useState<{ name: string; text: string; rows: number } | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  // Progress: while a task is pending or running, reload the list every 2 s.
  const busy = tasks?.nodes.some((task) => ACTIVE.includes(task.status)) ?? false;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [busy, router]);

  const badgeOptions = badges.map((b) => ({
    value: b.id,
    label: `${localized(b.name, locale)} (${b.code})`,
  }));

  const manualAction = async (mode: 'grant' | 'revoke') => {
    const values = await manual.validateFields();
    const input = { ...values, idempotencyKey };
    const result = await run(() => (mode === 'grant' ? grantBadge(input) : revokeBadge(input)));
    if (result.ok) {
      manual.resetFields(['userId', 'reason']);
      setIdempotencyKey(crypto.randomUUID());
    }
  };

  const startBatch = async (values: BatchForm) => {
    if (!file) return;
    const result = await run(
      () => createBatchTask({ ...values, csv: file.text, fileName: file.name }),
      { success: t.grants.started },
    );
    if (result.ok) {
      batch.resetFields();
      setFile(null);
    }
  };

  return (
    <>
      <PageTitle title={t.grants.title} subtitle={t.grants.subtitle} />
      <Row gutter={[16, 16]}>
        {canGrant || canRevoke ? (
          <Col xs={24} xl={12}>
            <Card title={t.grants.manual}>
              {/* Named forms: two forms with the same field names need distinct input ids. */}
              <Form form={manual} name="manual" layout="vertical" initialValues={{ quantity: 1 }}>
                <Form.Item
                  name="userId"
                  label={t.grants.userId}
                  rules={[{ required: true, max: 128 }]}
                >
                  <Input data-testid="manual-user" />
                </Form.Item>
                <Form.Item name="badgeId" label={t.users.badge} rules={[{ required: true }]}>
                  <Select showSearch={{ optionFilterProp: 'label' }} options={badgeOptions} />
                </Form.Item>
                <Form.Item name="quantity" label={t.users.quantity}>
                  <InputNumber min={1} max={1000} />
                </Form.Item>
                <Form.Item
                  name="reason"
                  label={t.users.reason}
                  rules={[{ required: true, max: 500 }]}
                >
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Space>
                  {canGrant ? (
                    <Button
                      type="primary"
                      loading={running}
                      data-testid="manual-grant"
                      onClick={() => void manualAction('grant')}
                    >
                      {t.grants.grant}
                    </Button>
                  ) : null}
                  {canRevoke ? (
                    <Popconfirm
                      title={format(t.grants.confirmRevoke, {
                        user: String(manual.getFieldValue('userId') ?? ''),
                      })}
                      okText={t.common.confirm}
                      cancelText={t.common.cancel}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => void manualAction('revoke')}
                    >
                      <Button danger loading={running}>
                        {t.grants.revoke}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              </Form>
            </Card>
          </Col>
        ) : null}
        {canBatch ? (
          <Col xs={24} xl={12}>
            <Card title={t.grants.batch}>
              <Alert type="info" showIcon title={t.grants.batchHelp} style={{ marginBottom: 16 }} />
              <Form
                form={batch}
                name="batch"
                layout="vertical"
                initialValues={{ type: 'GRANT' }}
                onFinish={(values) => void startBatch(values)}
              >
                <Form.Item name="type" label={t.grants.type}>
                  <Radio.Group
                    options={(['GRANT', 'REVOKE'] as const).map((v) => ({
                      value: v,
                      label: t.grants.types[v],
                    }))}
                  />
                </Form.Item>
                <Form.Item name="badgeId" label={t.users.badge} rules={[{ required: true }]}>
                  <Select showSearch={{ optionFilterProp: 'label' }} options={badgeOptions} />
                </Form.Item>
                <Form.Item
                  name="reason"
                  label={t.users.reason}
                  rules={[{ required: true, max: 500 }]}
                >
                  <Input />
                </Form.Item>
                <Form.Item label={t.grants.file} required>
                  <Upload
                    accept=".csv,text/csv"
                    maxCount={1}
                    showUploadList={false}
                    beforeUpload={(picked) => {
                      void picked.text().then((text) =>
                        setFile({
                          name: picked.name,
                          text,
                          rows: Math.max(0, text.trim().split(/\r?\n/).length - 1),
                        }),
                      );
                      return false; // read in the browser; sent with the form
                    }}
                  >
                    <Button icon={<UploadOutlined />} data-testid="batch-file">
                      {t.grants.chooseFile}
                    </Button>
                  </Upload>
                  {file ? (
                    <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
                      {format(t.grants.fileRows, { name: file.name, rows: String(file.rows) })}
                    </Typography.Text>
                  ) : null}
                </Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  disabled={!file}
                  loading={running}
                  data-testid="start-batch"
                >
                  {t.grants.start}
                </Button>
              </Form>
            </Card>
          </Col>
        ) : null}
        {tasks ? (
          <Col span={24}>
            <Card title={t.grants.tasks}>
              <Flex gap={8} style={{ marginBottom: 16 }}>
                <Select
                  allowClear
                  placeholder={t.common.status}
                  value={url.get('status')}
                  style={{ width: 200 }}
                  options={statuses.map((s) => ({ value: s, label: t.grants.statuses[s] }))}
                  onChange={(status?: string) => url.set({ status })}
                />
              </Flex>
              <Table<TTask>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={tasks.nodes}
                scroll={{ x: 1000 }}
                data-testid="batch-tasks"
                columns={[
                  {
                    title: t.common.createdAt,
                    render: (_, task) => formatTime(task.createdAt, locale),
                  },
                  { title: t.grants.type, render: (_, task) => t.grants.types[task.type] },
                  { title: t.users.badge, render: (_, task) => localized(task.badge.name, locale) },
                  { title: t.grants.file, render: (_, task) => task.fileName ?? t.common.none },
                  {
                    title: t.common.status,
                    render: (_, task) => (
                      <Tag
                        color={STATUS_COLORS[task.status]}
                        data-testid={`task-status-${task.id}`}
                      >
                        {t.grants.statuses[task.status]}
                      </Tag>
                    ),
                  },
                  {
                    title: t.grants.progress,
                    width: 180,
                    render: (_, task) => (
                      <Progress
                        size="small"
                        percent={Math.round(task.progress * 100)}
                        status={ACTIVE.includes(task.status) ? 'active' : undefined}
                      />
                    ),
                  },
                  {
                    title: t.grants.rows,
                    render: (_, task) => `${task.successRows} / ${task.totalRows}`,
                  },
                  { title: t.grants.failed, dataIndex: 'failedRows' },
                  {
                    title: t.common.actions,
                    render: (_, task) => (
                      <Space wrap>
                        {task.failedRows > 0 ? (
                          <Button
                            size="small"
                            icon={<DownloadOutlined />}
                            data-testid={`failure-report-${task.id}`}
                            onClick={() =>
                              void run(() => batchFailureReport(task.id), { refresh: false }).then(
                                (r) => r.ok && saveFile(`batch-${task.id}-failures.csv`, r.data),
                              )
                            }
                          >
                            {t.grants.failureReport}
                          </Button>
                        ) : null}
                        {canBatch && ACTIVE.includes(task.status) ? (
                          <Popconfirm
                            title={t.grants.cancel}
                            okText={t.common.confirm}
                            cancelText={t.common.cancel}
                            onConfirm={() => void run(() => cancelBatchTask(task.id))}
                          >
                            <Button size="small" danger>
                              {t.grants.cancel}
                            </Button>
                          </Popconfirm>
                        ) : null}
                        {canBatch && ['FAILED', 'COMPLETED_WITH_ERRORS'].includes(task.status) ? (
                          <Button
                            size="small"
                            onClick={() => void run(() => retryBatchTask(task.id))}
                          >
                            {t.grants.retry}
                          </Button>
                        ) : null}
                      </Space>
                    ),
                  },
                ]}
              />
              <CursorPager
                totalCount={tasks.totalCount}
                endCursor={tasks.pageInfo.endCursor}
                hasNextPage={tasks.pageInfo.hasNextPage}
              />
            </Card>
          </Col>
        ) : null}
      </Row>
    </>
  );
}
