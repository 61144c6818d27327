'use client';

import { Alert, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRouter } from 'next/navigation';
import type {
  ConsoleBadgeFieldsFragment,
  ConsoleBadgeFormOptionsQuery,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { FormModal } from '../../../ui/form-modal';
import { localized } from '../../../ui/localized';
import { LocalizedFields, localizedFormValues } from '../../../ui/localized-fields';
import { useAction } from '../../../ui/use-action';
import { saveBadge } from './actions';
import { VALIDITY_KINDS } from './badge-enums';

interface BadgeForm {
  code: string;
  categoryId: string;
  seriesId?: string;
  nameZh?: string;
  nameEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  imageUrl?: string;
  displayOrder?: number;
  totalStock?: number | null;
  perUserCap?: number | null;
  isRepeatable: boolean;
  isHiddenUntilEarned: boolean;
  isAutoCascade: boolean;
  validityKind: (typeof VALIDITY_KINDS)[number];
  validDays?: number | null;
  validWindow?: [Dayjs | null, Dayjs | null];
}

function formValues(badge: ConsoleBadgeFieldsFragment): Partial<BadgeForm> {
  return {
    code: badge.code,
    categoryId: badge.category.id,
    seriesId: badge.series?.id,
    ...localizedFormValues(badge),
    imageUrl: badge.imageUrl ?? '',
    displayOrder: badge.displayOrder,
    totalStock: badge.totalStock,
    perUserCap: badge.perUserCap,
    isRepeatable: badge.isRepeatable,
    isHiddenUntilEarned: badge.isHiddenUntilEarned,
    isAutoCascade: badge.isAutoCascade,
    validityKind: badge.validity.kind,
    validDays: badge.validity.validDays,
    validWindow: [
      badge.validity.validFrom ? dayjs(badge.validity.validFrom) : null,
      badge.validity.validUntil ? dayjs(badge.validity.validUntil) : null,
    ],
  };
}

const NEW_BADGE: Partial<BadgeForm> = {
  validityKind: 'NONE',
  isRepeatable: false,
  isHiddenUntilEarned: false,
  isAutoCascade: false,
  displayOrder: 0,
};

/** Create a badge (then open it) or edit one, with every field the catalogue keeps. */
export function BadgeFormModal({
  open,
  badge,
  options,
  onClose,
}: {
  open: boolean;
  badge?: ConsoleBadgeFieldsFragment;
  options: ConsoleBadgeFormOptionsQuery;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const { run, running } = useAction();
  const router = useRouter();
  return (
    <FormModal<BadgeForm>
      testId="badge-form"
      width={720}
      open={open}
      title={badge ? t.badges.editBadge : t.badges.newBadge}
      submitting={running}
      onClose={onClose}
      initialValues={badge ? formValues(badge) : NEW_BADGE}
      onSubmit={async ({ validWindow, ...values }) => {
        const result = await run(() =>
          saveBadge({
            ...values,
            id: badge?.id,
            version: badge?.version,
            validFrom: validWindow?.[0]?.toISOString() ?? null,
            validUntil: validWindow?.[1]?.toISOString() ?? null,
          }),
        );
        if (result.ok && !badge) router.push(`/badges/${result.data.id}`);
        return result.ok;
      }}
    >
      {(form) => (
        <>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="code" label={t.common.code} rules={[{ required: true }]}>
                <Input disabled={badge !== undefined} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="categoryId" label={t.badges.category} rules={[{ required: true }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={options.badgeCategories.map((c) => ({
                    value: c.id,
                    label: localized(c.name, locale),
                  }))}
                  onChange={() => form.setFieldValue('seriesId', undefined)}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item noStyle dependencies={['categoryId']}>
            {() => (
              <Form.Item name="seriesId" label={t.badges.series}>
                <Select
                  allowClear
                  options={options.badgeSeriesList.nodes
                    .filter((s) => s.category.id === form.getFieldValue('categoryId'))
                    .map((s) => ({ value: s.id, label: localized(s.name, locale) }))}
                />
              </Form.Item>
            )}
          </Form.Item>
          <Alert
            type="info"
            showIcon
            title={t.badges.namesToPublish}
            style={{ marginBottom: 16 }}
          />
          <LocalizedFields />
          <Form.Item name="imageUrl" label={t.badges.imageUrl} rules={[{ type: 'url' }]}>
            <Input placeholder="https://" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="totalStock" label={t.badges.totalStock}>
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="perUserCap" label={t.badges.perUserCap}>
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="displayOrder" label={t.common.displayOrder}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="isRepeatable" label={t.badges.repeatable} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="isHiddenUntilEarned"
                label={t.badges.hiddenUntilEarned}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="isAutoCascade" label={t.badges.autoCascade} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="validityKind" label={t.badges.validity}>
            <Radio.Group
              options={VALIDITY_KINDS.map((k) => ({ value: k, label: t.badges.validityKind[k] }))}
            />
          </Form.Item>
          <Form.Item noStyle dependencies={['validityKind']}>
            {() =>
              form.getFieldValue('validityKind') === 'RELATIVE' ? (
                <Form.Item name="validDays" label={t.badges.validDays} rules={[{ required: true }]}>
                  <InputNumber min={1} max={3650} />
                </Form.Item>
              ) : form.getFieldValue('validityKind') === 'FIXED' ? (
                <Form.Item
                  name="validWindow"
                  label={t.badges.validWindow}
                  rules={[{ required: true }]}
                >
                  <DatePicker.RangePicker showTime />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
