'use client';

import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Form,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type {
  BenefitType,
  ConsoleBenefitBadgeChoicesQuery,
  ConsoleBenefitBadgeLinksQuery,
} from '../../../../graphql/generated/graphql';
import { useI18n } from '../../../../i18n/client';
import { format } from '../../../../i18n/messages';
import { FormModal } from '../../../../ui/form-modal';
import { formatTime, localized } from '../../../../ui/localized';
import { useAction } from '../../../../ui/use-action';
import { linkBadgeBenefit, unlinkBadgeBenefit, updateBadgeBenefit } from '../actions';

type TLink = ConsoleBenefitBadgeLinksQuery['badgeBenefits'][number];
export type TBadgeChoice = ConsoleBenefitBadgeChoicesQuery['badges']['nodes'][number];

interface LinkForm {
  badgeId: string;
  quantity: number;
  isEnabled: boolean;
  clawbackOnRevoke: boolean;
}

/**
 * The badges that grant the benefit automatically: link a badge, change the units per grant,
 * pause a link or stop clawbacks, remove a link (confirmed). `badges` is null when the admin
 * may not read badges: links then show badge ids and no badge can be picked.
 */
export function BadgeLinks({
  benefit,
  links,
  badges,
  canWrite,
}: {
  benefit: { id: string; type: BenefitType; status: string };
  links: TLink[];
  badges: TBadgeChoice[] | null;
  canWrite: boolean;
}) {
  const { t, locale } = useI18n();
  const { run, running } = useAction();
  const [editing, setEditing] = useState<{ link?: TLink } | null>(null);
  const byId = useMemo(() => new Map((badges ?? []).map((b) => [b.id, b])), [badges]);
  const badgeName = (id: string) => {
    const badge = byId.get(id);
    return badge ? localized(badge.name, locale) : id;
  };
  const isCoupon = benefit.type === 'COUPON';
  const linked = new Set(links.map((l) => l.badge.id));
  const canLink = canWrite && badges !== null && benefit.status !== 'ARCHIVED';
  // Stable while the dialog is open (FormModal resets the form when its initial values change).
  const initialValues = useMemo<Partial<LinkForm>>(
    () =>
      editing?.link
        ? {
            badgeId: editing.link.badge.id,
            quantity: editing.link.quantity,
            isEnabled: editing.link.isEnabled,
            clawbackOnRevoke: editing.link.clawbackOnRevoke,
          }
        : { quantity: 1, isEnabled: true, clawbackOnRevoke: true },
    [editing],
  );

  return (
    <Card
      title={t.benefits.badgeLinks}
      extra={
        canLink ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            data-testid="link-badge"
            onClick={() => setEditing({})}
          >
            {t.benefits.linkBadge}
          </Button>
        ) : null
      }
    >
      <Table<TLink>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={links}
        locale={{ emptyText: t.benefits.noLinks }}
        onRow={(l) =>
          ({
            'data-testid': `badge-link-row-${byId.get(l.badge.id)?.code ?? l.badge.id}`,
          }) as object
        }
        columns={[
          {
            title: t.benefits.badge,
            render: (_, l) => <Link href={`/badges/${l.badge.id}`}>{badgeName(l.badge.id)}</Link>,
          },
          { title: t.benefits.linkQuantity, dataIndex: 'quantity' },
          {
            title: t.common.status,
            render: (_, l) =>
              l.isEnabled ? (
                <Tag color="green">{t.common.enabled}</Tag>
              ) : (
                <Tag>{t.common.disabled}</Tag>
              ),
          },
          {
            title: t.benefits.clawbackOnRevoke,
            render: (_, l) => (l.clawbackOnRevoke ? t.common.yes : t.common.no),
          },
          { title: t.common.createdAt, render: (_, l) => formatTime(l.createdAt, locale) },
          ...(canWrite
            ? [
                {
                  title: t.common.actions,
                  render: (_: unknown, l: TLink) => {
                    const code = byId.get(l.badge.id)?.code ?? l.badge.id;
                    return (
                      <Space wrap>
                        <Button
                          size="small"
                          data-testid={`edit-badge-link-${code}`}
                          onClick={() => setEditing({ link: l })}
                        >
                          {t.common.edit}
                        </Button>
                        <Popconfirm
                          title={format(t.benefits.confirmUnlink, { name: badgeName(l.badge.id) })}
                          okText={t.benefits.unlink}
                          cancelText={t.common.cancel}
                          okButtonProps={{ danger: true }}
                          onConfirm={() =>
                            void run(() => unlinkBadgeBenefit(l.id), {
                              success: t.benefits.unlinked,
                            })
                          }
                        >
                          <Button size="small" danger data-testid={`unlink-badge-${code}`}>
                            {t.benefits.unlink}
                          </Button>
                        </Popconfirm>
                      </Space>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      <FormModal<LinkForm>
        testId="badge-link-form"
        open={editing !== null}
        title={editing?.link ? t.benefits.editLink : t.benefits.linkBadge}
        submitting={running}
        onClose={() => setEditing(null)}
        initialValues={initialValues}
        onSubmit={async (values) => {
          const link = editing?.link;
          const result = await run(() =>
            link
              ? updateBadgeBenefit({
                  id: link.id,
                  quantity: values.quantity,
                  isEnabled: values.isEnabled,
                  clawbackOnRevoke: values.clawbackOnRevoke,
                })
              : linkBadgeBenefit({
                  badgeId: values.badgeId,
                  benefitId: benefit.id,
                  quantity: values.quantity,
                  clawbackOnRevoke: values.clawbackOnRevoke,
                }),
          );
          return result.ok;
        }}
      >
        <Form.Item name="badgeId" label={t.benefits.badge} rules={[{ required: true }]}>
          <Select
            disabled={editing?.link !== undefined}
            data-testid="link-badge-select"
            showSearch={{ optionFilterProp: 'label' }}
            options={(badges ?? [])
              .filter(
                (b) =>
                  b.id === editing?.link?.badge.id ||
                  (!linked.has(b.id) && b.status !== 'ARCHIVED'),
              )
              .map((b) => ({ value: b.id, label: `${localized(b.name, locale)} (${b.code})` }))}
          />
        </Form.Item>
        <Form.Item
          name="quantity"
          label={t.benefits.linkQuantity}
          extra={isCoupon ? t.benefits.couponQuantityOne : undefined}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={isCoupon ? 1 : 10_000} precision={0} disabled={isCoupon} />
        </Form.Item>
        {editing?.link ? (
          <Form.Item name="isEnabled" label={t.benefits.linkEnabled} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
        <Form.Item
          name="clawbackOnRevoke"
          label={t.benefits.clawbackOnRevoke}
          extra={t.benefits.clawbackHelp}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
