'use client';

import {
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  type FormInstance,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import type {
  BenefitType,
  BenefitValidityKind,
  ConsoleBenefitFieldsFragment,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { FormModal } from '../../../ui/form-modal';
import { LocalizedFields, localizedFormValues } from '../../../ui/localized-fields';
import { useAction } from '../../../ui/use-action';
import { saveBenefit } from './actions';
import { BENEFIT_TYPES, BENEFIT_VALIDITY_KINDS } from './benefit-enums';

interface BenefitForm {
  code: string;
  type: BenefitType;
  nameZh?: string;
  nameEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  imageUrl?: string;
  totalStock?: number | null;
  perUserLimit?: number | null;
  validityKind: BenefitValidityKind;
  validDays?: number | null;
  validWindow?: [Dayjs | null, Dayjs | null];
  points?: number | null;
  faceValue?: string;
  currency?: string;
  sku?: string;
  privilegeCode?: string;
  extraJson?: string;
}

function formValues(benefit: ConsoleBenefitFieldsFragment): Partial<BenefitForm> {
  return {
    code: benefit.code,
    type: benefit.type,
    ...localizedFormValues(benefit),
    imageUrl: benefit.imageUrl ?? '',
    totalStock: benefit.totalStock,
    perUserLimit: benefit.perUserLimit,
    validityKind: benefit.validity.kind,
    validDays: benefit.validity.validDays,
    validWindow: [
      benefit.validity.validFrom ? dayjs(benefit.validity.validFrom) : null,
      benefit.validity.validUntil ? dayjs(benefit.validity.validUntil) : null,
    ],
    points: benefit.config.points,
    faceValue: benefit.config.faceValue ?? '',
    currency: benefit.config.currency ?? '',
    sku: benefit.config.sku ?? '',
    privilegeCode: benefit.config.privilegeCode ?? '',
    extraJson: benefit.config.extraJson ?? '',
  };
}

const NEW_BENEFIT: Partial<BenefitForm> = {
  type: 'COUPON',
  validityKind: 'NONE',
  currency: 'CNY',
};

const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'JPY', 'GBP', 'SGD'];

/** The settings of one benefit type (points, face value, SKU, privilege) plus further JSON. */
function TypeSettings({ form }: { form: FormInstance<BenefitForm> }) {
  const { t } = useI18n();
  const type = Form.useWatch('type', form);
  return (
    <>
      {type === 'POINTS' ? (
        <Form.Item
          name="points"
          label={t.benefits.points}
          extra={t.benefits.pointsHelp}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={100_000_000} precision={0} style={{ width: 200 }} />
        </Form.Item>
      ) : null}
      {type === 'COUPON' ? (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="faceValue"
              label={t.benefits.faceValue}
              extra={t.benefits.faceValueHelp}
              rules={[{ pattern: /^\d{1,9}(\.\d{1,2})?$/, message: t.benefits.invalidFaceValue }]}
            >
              <Input placeholder="10.00" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="currency" label={t.benefits.currency}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={CURRENCIES.map((c) => ({ value: c, label: c }))}
              />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      {type === 'PHYSICAL' ? (
        <Form.Item name="sku" label={t.benefits.sku} rules={[{ required: true, max: 64 }]}>
          <Input />
        </Form.Item>
      ) : null}
      {type === 'PRIVILEGE' ? (
        <Form.Item
          name="privilegeCode"
          label={t.benefits.privilegeCode}
          rules={[{ required: true, max: 64 }]}
        >
          <Input />
        </Form.Item>
      ) : null}
      <Form.Item
        name="extraJson"
        label={t.benefits.extraJson}
        extra={t.benefits.extraJsonHelp}
        rules={[
          {
            validator: async (_, value: unknown) => {
              if (typeof value !== 'string' || !value.trim()) return;
              try {
                const parsed: unknown = JSON.parse(value);
                if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return;
              } catch {
                // reported below
              }
              throw new Error(t.benefits.invalidJson);
            },
          },
        ]}
      >
        <Input.TextArea
          rows={2}
          spellCheck={false}
          placeholder='{"key": "value"}'
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
        />
      </Form.Item>
    </>
  );
}

/** Create a benefit (then open it) or edit one: every field CreateBenefitInput has. */
export function BenefitFormModal({
  open,
  benefit,
  onClose,
}: {
  open: boolean;
  benefit?: ConsoleBenefitFieldsFragment;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { run, running } = useAction();
  const router = useRouter();
  // Stable while the dialog is open (FormModal resets the form when its initial values change).
  const initialValues = useMemo(() => (benefit ? formValues(benefit) : NEW_BENEFIT), [benefit]);
  return (
    <FormModal<BenefitForm>
      testId="benefit-form"
      width={720}
      open={open}
      title={benefit ? t.benefits.editBenefit : t.benefits.newBenefit}
      submitting={running}
      onClose={onClose}
      initialValues={initialValues}
      onSubmit={async ({ validWindow, ...values }) => {
        const result = await run(() =>
          saveBenefit({
            ...values,
            id: benefit?.id,
            version: benefit?.version,
            validFrom: validWindow?.[0]?.toISOString() ?? null,
            validUntil: validWindow?.[1]?.toISOString() ?? null,
          }),
        );
        if (result.ok && !benefit) router.push(`/benefits/${result.data.id}`);
        return result.ok;
      }}
    >
      {(form) => (
        <>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                name="code"
                label={t.common.code}
                extra={benefit && benefit.status !== 'DRAFT' ? t.benefits.codeFixed : undefined}
                rules={[
                  { required: true },
                  { pattern: /^[a-z][a-z0-9_]{1,63}$/, message: t.benefits.codeRule },
                ]}
              >
                <Input disabled={benefit !== undefined && benefit.status !== 'DRAFT'} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="type"
                label={t.benefits.type}
                extra={benefit ? t.benefits.typeFixed : undefined}
                rules={[{ required: true }]}
              >
                <Select
                  disabled={benefit !== undefined}
                  data-testid="benefit-type"
                  options={BENEFIT_TYPES.map((type) => ({
                    value: type,
                    label: t.benefits.types[type],
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <LocalizedFields />
          <Form.Item name="imageUrl" label={t.benefits.imageUrl} rules={[{ type: 'url' }]}>
            <Input placeholder="https://" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="totalStock" label={t.benefits.totalStock}>
                <InputNumber min={0} max={100_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="perUserLimit" label={t.benefits.perUserLimit}>
                <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="validityKind" label={t.benefits.validity}>
            <Radio.Group
              options={BENEFIT_VALIDITY_KINDS.map((k) => ({
                value: k,
                label: t.benefits.validityKinds[k],
              }))}
            />
          </Form.Item>
          <Form.Item noStyle dependencies={['validityKind']}>
            {() =>
              form.getFieldValue('validityKind') === 'RELATIVE' ? (
                <Form.Item
                  name="validDays"
                  label={t.benefits.validDays}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={1} max={36_500} precision={0} />
                </Form.Item>
              ) : form.getFieldValue('validityKind') === 'FIXED' ? (
                <Form.Item
                  name="validWindow"
                  label={t.benefits.validWindow}
                  extra={t.benefits.validWindowHelp}
                  rules={[
                    {
                      validator: async (_, value?: [Dayjs | null, Dayjs | null]) => {
                        if (!value?.[1]) throw new Error(t.benefits.validUntilRequired);
                      },
                    },
                  ]}
                >
                  <DatePicker.RangePicker showTime allowEmpty={[true, false]} />
                </Form.Item>
              ) : null
            }
          </Form.Item>
          <TypeSettings form={form} />
        </>
      )}
    </FormModal>
  );
}
