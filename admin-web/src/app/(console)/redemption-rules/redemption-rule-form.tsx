'use client';

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  type FormInstance,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import type {
  ConsoleBenefitBadgeChoicesQuery,
  ConsoleRedemptionRuleBenefitsQuery,
  ConsoleRedemptionRuleFieldsFragment,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { FormModal } from '../../../ui/form-modal';
import { localized } from '../../../ui/localized';
import { LocalizedFields, localizedFormValues } from '../../../ui/localized-fields';
import { useAction } from '../../../ui/use-action';
import { saveRedemptionRule } from './actions';

type TRule = ConsoleRedemptionRuleFieldsFragment;
type TBadge = ConsoleBenefitBadgeChoicesQuery['badges']['nodes'][number];
type TBenefit = ConsoleRedemptionRuleBenefitsQuery['benefitCatalog']['nodes'][number];

interface RuleForm {
  code: string;
  benefitId: string;
  nameZh?: string;
  nameEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  benefitQuantity: number;
  items: { badgeId?: string; quantity: number }[];
  perUserLimit?: number | null;
  activeWindow?: [Dayjs | null, Dayjs | null];
}

const NEW_RULE: Partial<RuleForm> = { benefitQuantity: 1, items: [{ quantity: 1 }] };

function formValues(rule: TRule): Partial<RuleForm> {
  return {
    code: rule.code,
    benefitId: rule.benefit.id,
    ...localizedFormValues(rule),
    benefitQuantity: rule.benefitQuantity,
    items: rule.items.map((i) => ({ badgeId: i.badge.id, quantity: i.quantity })),
    perUserLimit: rule.perUserLimit,
    activeWindow: [
      rule.activeFrom ? dayjs(rule.activeFrom) : null,
      rule.activeUntil ? dayjs(rule.activeUntil) : null,
    ],
  };
}

/** Badges to spend: 1–5 different badges, each with a quantity. */
function BadgeItems({
  form,
  badges,
  disabled,
}: {
  form: FormInstance<RuleForm>;
  badges: TBadge[] | null;
  disabled: boolean;
}) {
  const { t, locale } = useI18n();
  const chosen = Form.useWatch('items', form) ?? [];
  const taken = new Set(chosen.map((i) => i?.badgeId).filter(Boolean));
  return (
    <Form.List
      name="items"
      rules={[
        {
          validator: async (_, items?: RuleForm['items']) => {
            if (!items?.length || items.length > 5)
              throw new Error(t.benefits.redemptions.badgesLimit);
            const ids = items.map((i) => i?.badgeId).filter(Boolean);
            if (new Set(ids).size !== ids.length)
              throw new Error(t.benefits.redemptions.duplicateBadge);
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t.benefits.redemptions.requiredBadges} required>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item
                name={[field.name, 'badgeId']}
                rules={[{ required: true, message: t.benefits.redemptions.pickBadge }]}
                style={{ flex: 1, marginBottom: 8 }}
              >
                <Select
                  disabled={disabled}
                  data-testid={`rule-badge-${field.name}`}
                  placeholder={t.benefits.redemptions.badge}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(badges ?? [])
                    .filter(
                      (b) =>
                        b.id === chosen[field.name]?.badgeId ||
                        (!taken.has(b.id) && b.status !== 'ARCHIVED'),
                    )
                    .map((b) => ({
                      value: b.id,
                      label: `${localized(b.name, locale)} (${b.code})`,
                    }))}
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'quantity']}
                rules={[{ required: true }]}
                style={{ width: 140, marginBottom: 8 }}
              >
                <InputNumber
                  min={1}
                  max={1000}
                  precision={0}
                  prefix="×"
                  disabled={disabled}
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t.common.delete}
                disabled={disabled || fields.length <= 1}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            disabled={disabled || fields.length >= 5}
            data-testid="rule-add-badge"
            onClick={() => add({ quantity: 1 })}
          >
            {t.benefits.redemptions.addBadge}
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

/**
 * Create a redemption rule (DRAFT) or edit one: texts, limit and window any time; badges and the
 * benefit quantity only while DRAFT; code and benefit are fixed after creation.
 */
export function RedemptionRuleFormModal({
  open,
  rule,
  badges,
  benefits,
  onClose,
}: {
  open: boolean;
  rule?: TRule;
  badges: TBadge[] | null;
  benefits: TBenefit[] | null;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const { run, running } = useAction();
  const initialValues = useMemo(() => (rule ? formValues(rule) : NEW_RULE), [rule]);
  const isDraft = !rule || rule.status === 'DRAFT';
  // The rule's own benefit stays selectable even when it is archived (not in `benefits`).
  const benefitOptions = [
    ...(rule && !benefits?.some((b) => b.id === rule.benefit.id) ? [rule.benefit] : []),
    ...(benefits ?? []),
  ];
  return (
    <FormModal<RuleForm>
      testId="redemption-rule-form"
      width={720}
      open={open}
      title={rule ? t.benefits.redemptions.editRule : t.benefits.redemptions.newRule}
      submitting={running}
      onClose={onClose}
      initialValues={initialValues}
      onSubmit={async ({ activeWindow, ...values }) => {
        const result = await run(() =>
          saveRedemptionRule({
            ...values,
            id: rule?.id,
            isDraft,
            activeFrom: activeWindow?.[0]?.toISOString() ?? null,
            activeUntil: activeWindow?.[1]?.toISOString() ?? null,
          }),
        );
        return result.ok;
      }}
    >
      {(form) => (
        <>
          {!isDraft ? (
            <Alert
              type="info"
              showIcon
              title={t.benefits.redemptions.draftOnly}
              style={{ marginBottom: 12 }}
            />
          ) : null}
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                name="code"
                label={t.common.code}
                rules={[
                  { required: true },
                  { pattern: /^[a-z][a-z0-9_]{1,63}$/, message: t.benefits.codeRule },
                ]}
              >
                <Input disabled={rule !== undefined} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="benefitId"
                label={t.benefits.redemptions.benefit}
                extra={rule ? t.benefits.redemptions.benefitFixed : undefined}
                rules={[{ required: true }]}
              >
                <Select
                  disabled={rule !== undefined}
                  data-testid="rule-benefit"
                  showSearch={{ optionFilterProp: 'label' }}
                  options={benefitOptions.map((b) => ({
                    value: b.id,
                    label: `${localized(b.name, locale)} (${b.code} · ${t.benefits.types[b.type]})`,
                  }))}
                  onChange={(id: string) => {
                    if (benefitOptions.find((b) => b.id === id)?.type === 'COUPON')
                      form.setFieldValue('benefitQuantity', 1);
                  }}
                />
              </Form.Item>
            </Col>
          </Row>
          <LocalizedFields />
          <BadgeItems form={form} badges={badges} disabled={!isDraft || badges === null} />
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item noStyle dependencies={['benefitId']}>
                {() => {
                  const isCoupon =
                    benefitOptions.find((b) => b.id === form.getFieldValue('benefitId'))?.type ===
                    'COUPON';
                  return (
                    <Form.Item
                      name="benefitQuantity"
                      label={t.benefits.redemptions.benefitQuantity}
                      extra={isCoupon ? t.benefits.couponQuantityOne : undefined}
                      rules={[{ required: true }]}
                    >
                      <InputNumber
                        min={1}
                        max={isCoupon ? 1 : 1000}
                        precision={0}
                        disabled={!isDraft || isCoupon}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  );
                }}
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="perUserLimit" label={t.benefits.redemptions.perUserLimit}>
                <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="activeWindow"
            label={t.benefits.redemptions.activeWindow}
            extra={t.benefits.redemptions.activeWindowHelp}
          >
            <DatePicker.RangePicker showTime allowEmpty={[true, true]} style={{ width: '100%' }} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
