'use client';

import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ApiKeyStatus, ConsoleApiKeysQuery } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { format } from '../../../i18n/messages';
import { CursorPager } from '../../../ui/cursor-pager';
import { FormModal } from '../../../ui/form-modal';
import { formatTime } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useAction } from '../../../ui/use-action';
import { useUrlState } from '../../../ui/url-state';
import { deleteApiKey, regenerateApiKey, saveApiKey, setApiKeyEnabled } from './actions';
import { API_KEY_SCOPES } from './scopes';
import { DeleteButton } from '../../../ui/delete-button';

type TKey = ConsoleApiKeysQuery['apiKeys']['nodes'][number];

interface KeyForm {
  name: string;
  description?: string;
  scopes: string[];
  rateLimitPerMinute?: number | null;
  expiresAt?: Dayjs | null;
}

const STATUS_COLORS: Record<ApiKeyStatus, string> = {
  ACTIVE: 'green',
  DISABLED: 'default',
  EXPIRED: 'red',
};

export function ApiKeysView({
  apiKeys,
  statuses,
  canWrite,
}: {
  apiKeys: ConsoleApiKeysQuery['apiKeys'];
  statuses: readonly ApiKeyStatus[];
  canWrite: boolean;
}) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  const { run, running } = useAction();
  const [editing, setEditing] = useState<{ key?: TKey } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  return (
    <>
      <PageTitle
        title={t.access.apiKeysTitle}
        subtitle={t.access.apiKeysSubtitle}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="new-api-key"
              onClick={() => setEditing({})}
            >
              {t.access.newKey}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            defaultValue={url.get('q')}
            style={{ width: 260 }}
            onSearch={(q) => url.set({ q })}
          />
          <Select
            allowClear
            placeholder={t.common.status}
            value={url.get('status')}
            style={{ width: 140 }}
            options={statuses.map((s) => ({ value: s, label: t.access.statuses[s] }))}
            onChange={(status?: string) => url.set({ status })}
          />
        </Flex>
        <Table<TKey>
          rowKey="id"
          loading={url.pending}
          dataSource={apiKeys.nodes}
          pagination={false}
          scroll={{ x: 1000 }}
          columns={[
            {
              title: t.common.name,
              render: (_, k) => <span data-testid={`api-key-${k.name}`}>{k.name}</span>,
            },
            {
              title: t.access.prefix,
              render: (_, k) => <Typography.Text code>{k.prefix}…</Typography.Text>,
            },
            {
              title: t.access.scopes,
              render: (_, k) => k.scopes.map((s) => <Tag key={s}>{s}</Tag>),
            },
            {
              title: t.common.status,
              render: (_, k) => (
                <Tag color={STATUS_COLORS[k.status]} data-testid={`api-key-status-${k.name}`}>
                  {t.access.statuses[k.status]}
                </Tag>
              ),
            },
            { title: t.access.rateLimit, render: (_, k) => k.rateLimitPerMinute ?? t.common.none },
            { title: t.access.expiresAt, render: (_, k) => formatTime(k.expiresAt, locale) },
            { title: t.access.lastUsed, render: (_, k) => formatTime(k.lastUsedAt, locale) },
            ...(canWrite
              ? [
                  {
                    title: t.common.actions,
                    render: (_: unknown, k: TKey) => (
                      <Space wrap>
                        <Button size="small" onClick={() => setEditing({ key: k })}>
                          {t.common.edit}
                        </Button>
                        <Button
                          size="small"
                          data-testid={`toggle-api-key-${k.name}`}
                          onClick={() =>
                            void run(() => setApiKeyEnabled({ id: k.id, isEnabled: !k.isEnabled }))
                          }
                        >
                          {k.isEnabled ? t.access.disable : t.access.enable}
                        </Button>
                        <Popconfirm
                          title={format(t.access.confirmRegenerate, { name: k.name })}
                          okText={t.common.confirm}
                          cancelText={t.common.cancel}
                          okButtonProps={{ danger: true }}
                          onConfirm={() =>
                            void run(() => regenerateApiKey(k.id)).then(
                              (r) => r.ok && setSecret(r.data.secret),
                            )
                          }
                        >
                          <Button size="small">{t.access.regenerate}</Button>
                        </Popconfirm>
                        <DeleteButton name={k.name} onDelete={() => deleteApiKey(k.id)} />
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <CursorPager
          totalCount={apiKeys.totalCount}
          endCursor={apiKeys.pageInfo.endCursor}
          hasNextPage={apiKeys.pageInfo.hasNextPage}
        />
      </Card>

      <FormModal<KeyForm>
        testId="api-key-form"
        open={editing !== null}
        title={editing?.key ? t.access.editKey : t.access.newKey}
        submitting={running}
        onClose={() => setEditing(null)}
        initialValues={
          editing?.key
            ? {
                name: editing.key.name,
                description: editing.key.description ?? '',
                scopes: editing.key.scopes,
                rateLimitPerMinute: editing.key.rateLimitPerMinute,
                expiresAt: editing.key.expiresAt ? dayjs(editing.key.expiresAt) : null,
              }
            : { scopes: ['read:badges'] }
        }
        onSubmit={async ({ expiresAt, ...values }) => {
          const result = await run(() =>
            saveApiKey({
              ...values,
              id: editing?.key?.id,
              expiresAt: expiresAt?.toISOString() ?? null,
            }),
          );
          if (result.ok && result.data.secret) setSecret(result.data.secret);
          return result.ok;
        }}
      >
        <Form.Item name="name" label={t.common.name} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t.access.description}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="scopes" label={t.access.scopes} rules={[{ required: true }]}>
          <Select mode="multiple" options={API_KEY_SCOPES.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="rateLimitPerMinute" label={t.access.rateLimit}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
          <Form.Item name="expiresAt" label={t.access.expiresAt}>
            <DatePicker showTime />
          </Form.Item>
        </Space>
      </FormModal>

      <Modal
        open={secret !== null}
        destroyOnHidden
        title={t.access.secretTitle}
        closable={false}
        mask={{ closable: false }}
        footer={
          <Button type="primary" data-testid="secret-done" onClick={() => setSecret(null)}>
            {t.access.done}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t.access.secretText} style={{ marginBottom: 12 }} />
        <Typography.Paragraph
          code
          copyable={{
            text: secret ?? '',
            icon: <CopyOutlined />,
            tooltips: [t.access.copy, t.access.copied],
          }}
          data-testid="api-key-secret"
          style={{ wordBreak: 'break-all' }}
        >
          {secret}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
