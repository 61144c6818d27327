'use client';

import { TrophyOutlined, UserOutlined } from '@ant-design/icons';
import {
  Avatar,
  Badge as Dot,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
} from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import type {
  ConsoleGrantableBadgesQuery,
  ConsoleUserBadgesQuery,
  ConsoleUserBenefitsQuery,
  ConsoleUserQuery,
} from '../../../../graphql/generated/graphql';
import { useI18n } from '../../../../i18n/client';
import { format } from '../../../../i18n/messages';
import { formatTime, localized } from '../../../../ui/localized';
import { PageTitle } from '../../../../ui/page-title';
import { useAction } from '../../../../ui/use-action';
import { grantBadge, revokeBadge } from '../actions';
import { USER_STATUS_COLORS } from '../users-view';

type TUser = NonNullable<ConsoleUserQuery['user']>;
type TBadges = ConsoleUserBadgesQuery['badgeUser'];
type TUserBadge = TBadges['badges']['nodes'][number];

interface ManualForm {
  badgeId: string;
  quantity: number;
  reason: string;
}

export function UserDetailView({
  user,
  badges,
  benefits,
  grantable,
  canGrant,
  canRevoke,
}: {
  user: TUser;
  badges: TBadges | null;
  benefits: ConsoleUserBenefitsQuery['benefitUser'] | null;
  grantable: ConsoleGrantableBadgesQuery['badges']['nodes'];
  canGrant: boolean;
  canRevoke: boolean;
}) {
  const { t, locale } = useI18n();
  const { run, running } = useAction();
  const [manual, setManual] = useState<{
    mode: 'grant' | 'revoke';
    item?: TUserBadge;
    key: string;
  } | null>(null);
  const [form] = Form.useForm<ManualForm>();

  const open = (mode: 'grant' | 'revoke', item?: TUserBadge) => {
    form.resetFields();
    form.setFieldsValue({ quantity: 1, badgeId: item?.badge.id });
    setManual({ mode, item, key: crypto.randomUUID() });
  };

  const submit = async (values: ManualForm) => {
    if (!manual) return;
    const input = { ...values, userId: user.id, idempotencyKey: manual.key };
    const result = await run(
      () =>
        manual.mode === 'grant'
          ? grantBadge(input)
          : revokeBadge({ ...input, userBadgeId: manual.item?.id }),
      { success: manual.mode === 'grant' ? t.users.granted : t.users.revoked },
    );
    if (result.ok) setManual(null);
  };

  const wall = badges ? (
    <Card
      title={`${t.users.badgeWall} · ${format(t.users.earned, { count: String(badges.badgeWall.earnedCount) })}`}
    >
      {badges.badgeWall.items.filter((i) => i.isEarned).length === 0 ? (
        <Empty />
      ) : (
        <Space wrap size="large" data-testid="badge-wall">
          {badges.badgeWall.items
            .filter((i) => i.isEarned)
            .map((item) => (
              <Tooltip
                key={item.badge.id}
                title={`${formatTime(item.firstGrantedAt, locale)}${item.nextExpiresAt ? ` → ${formatTime(item.nextExpiresAt, locale)}` : ''}`}
              >
                <Space direction="vertical" align="center" data-testid={`wall-${item.badge.code}`}>
                  <Dot count={item.quantity > 1 ? item.quantity : 0}>
                    <Avatar
                      size={56}
                      shape="square"
                      src={item.badge.imageUrl ?? undefined}
                      icon={<TrophyOutlined />}
                    />
                  </Dot>
                  <Link href={`/badges/${item.badge.id}`}>
                    {localized(item.badge.name, locale)}
                  </Link>
                </Space>
              </Tooltip>
            ))}
        </Space>
      )}
    </Card>
  ) : null;

  const tabs = [
    ...(badges
      ? [
          {
            key: 'badges',
            label: t.users.badges,
            children: (
              <Table<TUserBadge>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={badges.badges.nodes}
                data-testid="user-badges"
                columns={[
                  {
                    title: t.users.badge,
                    render: (_, b) => (
                      <Link href={`/badges/${b.badge.id}`}>{localized(b.badge.name, locale)}</Link>
                    ),
                  },
                  { title: t.common.status, render: (_, b) => <Tag>{b.status}</Tag> },
                  { title: t.users.quantity, dataIndex: 'quantity' },
                  { title: t.users.source, dataIndex: 'source' },
                  { title: t.users.grantedAt, render: (_, b) => formatTime(b.grantedAt, locale) },
                  { title: t.users.expiresAt, render: (_, b) => formatTime(b.expiresAt, locale) },
                  ...(canRevoke
                    ? [
                        {
                          title: t.common.actions,
                          render: (_: unknown, b: TUserBadge) =>
                            b.status === 'ACTIVE' ? (
                              <Button
                                size="small"
                                danger
                                data-testid={`revoke-${b.badge.code}`}
                                onClick={() => open('revoke', b)}
                              >
                                {t.users.revokeBadge}
                              </Button>
                            ) : null,
                        },
                      ]
                    : []),
                ]}
              />
            ),
          },
          {
            key: 'history',
            label: t.users.history,
            children: (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={badges.badgeHistory.nodes}
                columns={[
                  { title: t.common.createdAt, render: (_, h) => formatTime(h.createdAt, locale) },
                  { title: t.users.badge, render: (_, h) => localized(h.badge.name, locale) },
                  { title: t.users.action, dataIndex: 'action' },
                  {
                    title: t.users.quantity,
                    render: (_, h) => (h.delta > 0 ? `+${h.delta}` : h.delta),
                  },
                  { title: t.users.source, render: (_, h) => h.source ?? t.common.none },
                  { title: t.users.actor, render: (_, h) => `${h.actorType} ${h.actorId ?? ''}` },
                  { title: t.users.reason, render: (_, h) => h.reason ?? t.common.none },
                ]}
              />
            ),
          },
        ]
      : []),
    ...(benefits
      ? [
          {
            key: 'benefits',
            label: t.users.benefits,
            children: (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={benefits.benefitGrants.nodes}
                data-testid="user-benefits"
                columns={[
                  { title: t.users.benefit, render: (_, g) => localized(g.benefit.name, locale) },
                  { title: t.common.status, render: (_, g) => <Tag>{g.status}</Tag> },
                  { title: t.users.source, dataIndex: 'source' },
                  {
                    title: t.users.fromBadge,
                    render: (_, g) => g.sourceBadge?.code ?? t.common.none,
                  },
                  { title: t.users.coupon, render: (_, g) => g.couponCode ?? t.common.none },
                  {
                    title: t.users.grantedAt,
                    render: (_, g) => formatTime(g.grantedAt ?? g.createdAt, locale),
                  },
                ]}
              />
            ),
          },
        ]
      : []),
    {
      key: 'notifications',
      label: `${t.users.notifications} (${user.unreadNotificationCount})`,
      children: (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={user.notifications.nodes}
          columns={[
            { title: t.common.createdAt, render: (_, n) => formatTime(n.createdAt, locale) },
            { title: t.common.name, render: (_, n) => localized(n.title, locale) },
            { title: 'Type', dataIndex: 'type' },
            {
              title: t.common.status,
              render: (_, n) =>
                n.isRead ? t.users.read : <Tag color="blue">{t.users.unread}</Tag>,
            },
          ]}
        />
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={
          <Space>
            <Avatar src={user.avatarUrl ?? undefined} icon={<UserOutlined />} />
            {user.nickname ?? user.id}
            <Tag color={USER_STATUS_COLORS[user.status]}>{t.users.statuses[user.status]}</Tag>
          </Space>
        }
        subtitle={user.id}
        extra={
          canGrant ? (
            <Button type="primary" data-testid="grant-badge" onClick={() => open('grant')}>
              {t.users.grantBadge}
            </Button>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t.users.email}>{user.maskedEmail ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t.users.phone}>{user.maskedPhone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t.users.locale}>{user.locale}</Descriptions.Item>
              <Descriptions.Item label={t.users.timezone}>{user.timezone}</Descriptions.Item>
              <Descriptions.Item label={t.users.joined}>
                {formatTime(user.createdAt, locale)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          {wall}
        </Col>
        <Col span={24}>
          <Card>
            <Tabs items={tabs} />
          </Card>
        </Col>
      </Row>
      <Modal
        open={manual !== null}
        title={manual?.mode === 'revoke' ? t.users.revokeBadge : t.users.grantBadge}
        okText={t.common.confirm}
        cancelText={t.common.cancel}
        okButtonProps={{ danger: manual?.mode === 'revoke' }}
        confirmLoading={running}
        onCancel={() => setManual(null)}
        onOk={() => form.submit()}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="badgeId" label={t.users.badge} rules={[{ required: true }]}>
            <Select
              disabled={manual?.mode === 'revoke'}
              showSearch={{ optionFilterProp: 'label' }}
              options={(manual?.item ? [manual.item.badge] : grantable).map((b) => ({
                value: b.id,
                label: `${localized(b.name, locale)} (${b.code})`,
              }))}
            />
          </Form.Item>
          <Form.Item name="quantity" label={t.users.quantity}>
            <InputNumber min={1} max={1000} />
          </Form.Item>
          <Form.Item name="reason" label={t.users.reason} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
