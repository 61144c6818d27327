'use client';

import { DeleteOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  Avatar,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  List,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type {
  ConsoleBadgeFormOptionsQuery,
  ConsoleBadgeHoldersQuery,
  ConsoleBadgeQuery,
  ConsoleBadgeRulesQuery,
} from '../../../../graphql/generated/graphql';
import { useI18n } from '../../../../i18n/client';
import { format } from '../../../../i18n/messages';
import { formatTime, localized } from '../../../../ui/localized';
import { PageTitle } from '../../../../ui/page-title';
import { useAction } from '../../../../ui/use-action';
import { useHydrated } from '../../../../ui/use-hydrated';
import { setBadgeDependencies } from '../actions';
import { STATUS_COLORS } from '../badge-enums';
import { BadgeFormModal } from '../badge-form';
import { BadgeLifecycle } from '../badge-lifecycle';
import { DependencyGraph } from './dependency-graph';

type TBadge = NonNullable<ConsoleBadgeQuery['badge']>;

interface DependencyForm {
  groups: { operator: 'AND' | 'OR'; badgeIds: string[] }[];
}

export function BadgeDetailView({
  badge,
  allBadges,
  options,
  holders,
  rules,
  canWrite,
  canPublish,
  canWriteDependencies,
}: {
  badge: TBadge;
  allBadges: ConsoleBadgeQuery['allBadges']['nodes'];
  options: ConsoleBadgeFormOptionsQuery;
  holders: ConsoleBadgeHoldersQuery['badgeHolders'] | null;
  rules: ConsoleBadgeRulesQuery['rules']['nodes'] | null;
  canWrite: boolean;
  canPublish: boolean;
  canWriteDependencies: boolean;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const { run, running } = useAction();
  const [editing, setEditing] = useState(false);
  const [editingDeps, setEditingDeps] = useState(false);
  const [form] = Form.useForm<DependencyForm>();
  const hydrated = useHydrated();
  const name = localized(badge.name, locale);

  const saveDependencies = async ({ groups }: DependencyForm) => {
    const result = await run(() =>
      setBadgeDependencies({
        badgeId: badge.id,
        groups: groups
          .filter((g) => g.badgeIds?.length)
          .map((g) => ({
            operator: g.operator,
            items: g.badgeIds.map((requiredBadgeId) => ({ requiredBadgeId })),
          })),
      }),
    );
    if (result.ok) setEditingDeps(false);
  };

  return (
    <>
      <PageTitle
        title={
          <Space>
            <Avatar shape="square" src={badge.imageUrl ?? undefined} icon={<TrophyOutlined />} />
            {name}
            <Tag color={STATUS_COLORS[badge.status]} data-testid="badge-status">
              {t.badges.statuses[badge.status]}
            </Tag>
          </Space>
        }
        subtitle={badge.code}
        extra={
          <>
            {canWrite && badge.status !== 'ARCHIVED' ? (
              <Button
                disabled={!hydrated}
                onClick={() => setEditing(true)}
                data-testid="edit-badge"
              >
                {t.common.edit}
              </Button>
            ) : null}
            <BadgeLifecycle
              badge={badge}
              canWrite={canWrite}
              canPublish={canPublish}
              size="middle"
              onDeleted={() => router.push('/badges')}
            />
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t.badges.info}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t.badges.category}>
                {localized(badge.category.name, locale)}
              </Descriptions.Item>
              <Descriptions.Item label={t.badges.series}>
                {badge.series ? localized(badge.series.name, locale) : t.common.none}
              </Descriptions.Item>
              <Descriptions.Item label={t.common.nameZh}>
                {badge.name.zhCN ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t.common.nameEn}>
                {badge.name.enUS ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t.badges.stock}>
                {badge.totalStock == null
                  ? t.badges.unlimited
                  : `${badge.remainingStock ?? 0} / ${badge.totalStock}`}
              </Descriptions.Item>
              <Descriptions.Item label={t.badges.perUserLimit}>
                {badge.perUserCap ?? t.badges.unlimited}
              </Descriptions.Item>
              <Descriptions.Item label={t.badges.validity}>
                {t.badges.validityKind[badge.validity.kind]}
                {badge.validity.kind === 'RELATIVE' ? ` (${badge.validity.validDays ?? ''})` : ''}
                {badge.validity.kind === 'FIXED'
                  ? ` (${formatTime(badge.validity.validFrom, locale)} → ${formatTime(badge.validity.validUntil, locale)})`
                  : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t.badges.repeatable}>
                {badge.isRepeatable ? t.common.yes : t.common.no}
              </Descriptions.Item>
              <Descriptions.Item label={t.badges.hiddenUntilEarned}>
                {badge.isHiddenUntilEarned ? t.common.yes : t.common.no}
              </Descriptions.Item>
              <Descriptions.Item label={t.badges.version}>{badge.version}</Descriptions.Item>
              <Descriptions.Item label={t.badges.published}>
                {formatTime(badge.publishedAt, locale)}
              </Descriptions.Item>
              <Descriptions.Item label={t.common.updatedAt}>
                {formatTime(badge.updatedAt, locale)} {badge.updatedBy ?? ''}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t.badges.rules} size="small" style={{ marginBottom: 16 }}>
            {rules === null ? null : (
              <List
                size="small"
                dataSource={rules}
                locale={{ emptyText: t.common.none }}
                renderItem={(r) => (
                  <List.Item extra={<Tag>{r.status}</Tag>}>
                    <Link href={`/rules/${r.id}`}>{r.name}</Link> · {r.templateCode}
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card title={t.badges.benefits} size="small">
            <List
              size="small"
              dataSource={badge.benefits}
              locale={{ emptyText: t.common.none }}
              renderItem={(b) => (
                <List.Item>
                  <Link href={`/benefits?q=${encodeURIComponent(b.code)}`}>
                    {localized(b.name, locale)}
                  </Link>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card
            title={`${t.badges.dependencies} · ${t.badges.dependencyGraph}`}
            extra={
              canWriteDependencies ? (
                <Button
                  size="small"
                  disabled={!hydrated}
                  data-testid="edit-dependencies"
                  onClick={() => {
                    form.setFieldsValue({
                      groups: badge.dependencyGroups.map((g) => ({
                        operator: g.operator,
                        badgeIds: g.items.map((i) => i.requiredBadge.id),
                      })),
                    });
                    setEditingDeps(true);
                  }}
                >
                  {t.badges.editDependencies}
                </Button>
              ) : null
            }
          >
            {badge.dependencyGroups.length === 0 && badge.dependents.length === 0 ? (
              <Empty description={t.badges.noDependencies} />
            ) : (
              <DependencyGraph
                badge={badge}
                groups={badge.dependencyGroups}
                dependents={badge.dependents}
              />
            )}
          </Card>
        </Col>
        {holders ? (
          <Col span={24}>
            <Card title={format(t.badges.holdersCount, { count: String(holders.totalCount) })}>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={holders.nodes}
                columns={[
                  {
                    title: t.badges.user,
                    render: (_, h) => <Link href={`/users/${h.userId}`}>{h.userId}</Link>,
                  },
                  { title: t.badges.quantity, dataIndex: 'quantity' },
                  { title: t.badges.source, dataIndex: 'source' },
                  { title: t.badges.grantedAt, render: (_, h) => formatTime(h.grantedAt, locale) },
                ]}
              />
            </Card>
          </Col>
        ) : null}
      </Row>

      <BadgeFormModal
        open={editing}
        badge={badge}
        options={options}
        onClose={() => setEditing(false)}
      />
      <Modal
        open={editingDeps}
        title={t.badges.editDependencies}
        width={640}
        okText={t.common.save}
        cancelText={t.common.cancel}
        confirmLoading={running}
        onCancel={() => setEditingDeps(false)}
        onOk={() => form.submit()}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void saveDependencies(v)}>
          <Form.List name="groups">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Card
                    key={field.key}
                    size="small"
                    title={`${t.badges.group} ${i + 1}`}
                    style={{ marginBottom: 12 }}
                    extra={
                      <Button
                        size="small"
                        type="text"
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                      />
                    }
                  >
                    <Form.Item name={[field.name, 'operator']} label={t.badges.operator}>
                      <Select
                        options={[
                          { value: 'AND', label: 'AND' },
                          { value: 'OR', label: 'OR' },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'badgeIds']}
                      label={t.badges.requiredBadges}
                      rules={[{ required: true }]}
                    >
                      <Select
                        mode="multiple"
                        showSearch={{ optionFilterProp: 'label' }}
                        options={allBadges
                          .filter((b) => b.id !== badge.id)
                          .map((b) => ({ value: b.id, label: localized(b.name, locale) }))}
                      />
                    </Form.Item>
                  </Card>
                ))}
                <Button
                  block
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ operator: 'AND', badgeIds: [] })}
                >
                  {t.badges.addGroup}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}
