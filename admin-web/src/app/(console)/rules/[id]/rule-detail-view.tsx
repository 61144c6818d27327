'use client';

import { Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tabs, Tag } from 'antd';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type {
  ConsoleRuleFormOptionsQuery,
  ConsoleRuleQuery,
} from '../../../../graphql/generated/graphql';
import { useI18n } from '../../../../i18n/client';
import { formatTime, localized } from '../../../../ui/localized';
import { PageTitle } from '../../../../ui/page-title';
import { useAction } from '../../../../ui/use-action';
import { deleteRule, disableRule, publishRule } from '../actions';
import { RuleFormCard } from '../rule-form';
import { RULE_STATUS_COLORS } from '../rules-view';
import { DryRunPanel } from './dry-run-panel';
import { DeleteButton } from '../../../../ui/delete-button';

type TRule = NonNullable<ConsoleRuleQuery['rule']>;

export function RuleDetailView({
  rule,
  options,
  canWrite,
  canPublish,
  canTest,
}: {
  rule: TRule;
  options: ConsoleRuleFormOptionsQuery | null;
  canWrite: boolean;
  canPublish: boolean;
  canTest: boolean;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const { run, running } = useAction();
  const [publishing, setPublishing] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const [note] = Form.useForm<{ text?: string }>();
  const [reason] = Form.useForm<{ text?: string }>();

  const canPublishNow = rule.status !== 'PUBLISHED' || rule.hasUnpublishedChanges;

  const overview = (
    <Card>
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t.rules.badge}>
          {localized(rule.badge.name, locale)} ({rule.badge.code})
        </Descriptions.Item>
        <Descriptions.Item label={t.rules.template}>{rule.templateCode}</Descriptions.Item>
        <Descriptions.Item label={t.rules.eventTypes}>
          {rule.eventTypes.join(', ')}
        </Descriptions.Item>
        <Descriptions.Item label={t.rules.parameters}>
          {rule.params.map((p) => `${p.name}=${p.value}`).join(', ') || t.common.none}
        </Descriptions.Item>
        <Descriptions.Item label={t.rules.condition}>
          <code>{rule.celCondition || t.common.none}</code>
        </Descriptions.Item>
        <Descriptions.Item label={t.rules.activeWindow}>
          {formatTime(rule.activeFrom, locale)} → {formatTime(rule.activeUntil, locale)}
        </Descriptions.Item>
        <Descriptions.Item label={t.rules.perUserGrantLimit}>
          {rule.perUserGrantLimit ?? '∞'}
        </Descriptions.Item>
        <Descriptions.Item label={t.rules.revokeOnRefund}>
          {rule.revokeOnRefund ? t.common.yes : t.common.no}
        </Descriptions.Item>
        <Descriptions.Item label={t.common.updatedAt}>
          {formatTime(rule.updatedAt, locale)} {rule.updatedBy ?? ''}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );

  const versions = (
    <Card>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rule.versions}
        data-testid="rule-versions"
        columns={[
          { title: t.rules.version, dataIndex: 'version' },
          { title: t.rules.changeNote, render: (_, v) => v.changeNote ?? t.common.none },
          { title: t.rules.publishedBy, dataIndex: 'publishedBy' },
          { title: t.rules.published, render: (_, v) => formatTime(v.publishedAt, locale) },
          {
            title: t.rules.parameters,
            render: (_, v) => v.params.map((p) => `${p.name}=${p.value}`).join(', '),
          },
          { title: t.rules.condition, render: (_, v) => <code>{v.celCondition ?? ''}</code> },
        ]}
      />
    </Card>
  );

  return (
    <>
      <PageTitle
        title={
          <Space>
            {rule.name}
            <Tag color={RULE_STATUS_COLORS[rule.status]} data-testid="rule-status">
              {t.rules.statuses[rule.status]}
            </Tag>
            {rule.currentVersion ? <Tag>v{rule.currentVersion}</Tag> : null}
            {rule.status !== 'DRAFT' && rule.hasUnpublishedChanges ? (
              <Tag color="orange">{t.rules.unpublished}</Tag>
            ) : null}
          </Space>
        }
        extra={
          <>
            {canPublish && canPublishNow ? (
              <Button type="primary" data-testid="publish-rule" onClick={() => setPublishing(true)}>
                {t.rules.publish}
              </Button>
            ) : null}
            {canPublish && rule.status === 'PUBLISHED' ? (
              <Button danger data-testid="disable-rule" onClick={() => setDisabling(true)}>
                {t.rules.disable}
              </Button>
            ) : null}
            {canWrite && rule.status === 'DRAFT' ? (
              <DeleteButton
                name={rule.name}
                size="middle"
                testId="delete-rule"
                refresh={false}
                onDelete={() => deleteRule({ id: rule.id, lockVersion: rule.lockVersion })}
                onDeleted={() => router.push('/rules')}
              />
            ) : null}
          </>
        }
      />
      <Tabs
        items={[
          { key: 'overview', label: t.common.details, children: overview },
          ...(canWrite && options
            ? [
                {
                  key: 'edit',
                  label: t.rules.edit,
                  children: (
                    <RuleFormCard rule={rule} options={options} onSaved={() => router.refresh()} />
                  ),
                },
              ]
            : []),
          ...(canTest
            ? [
                {
                  key: 'dry-run',
                  label: t.rules.dryRun,
                  children: <DryRunPanel rule={rule} canSend={canTest} />,
                },
              ]
            : []),
          { key: 'versions', label: t.rules.versions, children: versions },
        ]}
      />
      <Modal
        open={publishing}
        title={t.rules.publishTitle}
        okText={t.rules.publish}
        cancelText={t.common.cancel}
        confirmLoading={running}
        onCancel={() => setPublishing(false)}
        onOk={() => note.submit()}
      >
        <Form
          form={note}
          name="publish"
          layout="vertical"
          onFinish={({ text }) =>
            void run(
              () => publishRule({ id: rule.id, lockVersion: rule.lockVersion, changeNote: text }),
              { success: t.rules.published },
            ).then((r) => r.ok && setPublishing(false))
          }
        >
          <Form.Item name="text" label={t.rules.changeNote}>
            <Input.TextArea rows={3} maxLength={500} data-testid="change-note" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={disabling}
        title={t.rules.confirmDisable}
        okText={t.rules.disable}
        okButtonProps={{ danger: true }}
        cancelText={t.common.cancel}
        confirmLoading={running}
        onCancel={() => setDisabling(false)}
        onOk={() => reason.submit()}
      >
        <Form
          form={reason}
          name="disable"
          layout="vertical"
          onFinish={({ text }) =>
            void run(() =>
              disableRule({ id: rule.id, lockVersion: rule.lockVersion, reason: text }),
            ).then((r) => r.ok && setDisabling(false))
          }
        >
          <Form.Item name="text" label={t.rules.disableReason}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
