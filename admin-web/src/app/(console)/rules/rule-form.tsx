'use client';

import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRouter } from 'next/navigation';
import type {
  ConsoleRuleFieldsFragment,
  ConsoleRuleFormOptionsQuery,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { format } from '../../../i18n/messages';
import { localized } from '../../../ui/localized';
import { useAction } from '../../../ui/use-action';
import { saveRule } from './actions';

type TTemplate = ConsoleRuleFormOptionsQuery['ruleTemplates'][number];
type TParameter = TTemplate['parameters'][number];

interface RuleForm {
  name: string;
  description?: string;
  badgeId: string;
  templateCode: string;
  eventTypes: string[];
  params: Record<string, string | number | null | undefined>;
  celCondition?: string;
  activeWindow?: [Dayjs | null, Dayjs | null];
  perUserGrantLimit?: number | null;
  grantQuantity?: number;
  priority?: number;
  revokeOnRefund: boolean;
  timezone?: string;
}

function initialValues(rule?: ConsoleRuleFieldsFragment): Partial<RuleForm> {
  if (!rule)
    return { eventTypes: [], params: {}, revokeOnRefund: false, grantQuantity: 1, priority: 0 };
  return {
    name: rule.name,
    description: rule.description ?? '',
    badgeId: rule.badge.id,
    templateCode: rule.templateCode,
    eventTypes: rule.eventTypes,
    params: Object.fromEntries(rule.params.map((p) => [p.name, p.value])),
    celCondition: rule.celCondition ?? '',
    activeWindow: [
      rule.activeFrom ? dayjs(rule.activeFrom) : null,
      rule.activeUntil ? dayjs(rule.activeUntil) : null,
    ],
    perUserGrantLimit: rule.perUserGrantLimit,
    grantQuantity: rule.grantQuantity,
    priority: rule.priority,
    revokeOnRefund: rule.revokeOnRefund,
    timezone: rule.timezone ?? '',
  };
}

/** One typed input per template parameter (numbers, enums, durations, text). */
function ParameterInput({ parameter }: { parameter: TParameter }) {
  if (parameter.type === 'ENUM') {
    return <Select options={(parameter.values ?? []).map((v) => ({ value: v, label: v }))} />;
  }
  if (parameter.type === 'INT' || parameter.type === 'DECIMAL') {
    return (
      <InputNumber
        style={{ width: '100%' }}
        min={parameter.min ?? undefined}
        max={parameter.max ?? undefined}
        precision={parameter.type === 'INT' ? 0 : undefined}
        stringMode={parameter.type === 'DECIMAL'}
      />
    );
  }
  return <Input placeholder={parameter.type === 'DURATION' ? 'P7D' : undefined} />;
}

/**
 * Create or edit a rule: template picker, the template's typed parameters, a CEL condition whose
 * compile errors (from the rule service) show inline at the field, and the delivery limits.
 */
export function RuleFormCard({
  rule,
  options,
  onSaved,
}: {
  rule?: ConsoleRuleFieldsFragment;
  options: ConsoleRuleFormOptionsQuery;
  onSaved?: () => void;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const { run, running } = useAction();
  const [form] = Form.useForm<RuleForm>();
  const templateCode = Form.useWatch('templateCode', form);
  const template = options.ruleTemplates.find((tpl) => tpl.code === templateCode);

  const submit = async ({ activeWindow, ...values }: RuleForm) => {
    const result = await run(() =>
      saveRule({
        ...values,
        id: rule?.id,
        lockVersion: rule?.lockVersion,
        activeFrom: activeWindow?.[0]?.toISOString() ?? null,
        activeUntil: activeWindow?.[1]?.toISOString() ?? null,
      }),
    );
    if (result.ok) {
      if (rule) onSaved?.();
      else router.push(`/rules/${result.data.id}`);
      return;
    }
    const details = result.details ?? {};
    if (details.field === 'celCondition') {
      form.setFields([
        {
          name: 'celCondition',
          errors: [
            format(t.rules.conditionError, {
              line: typeof details.line === 'number' ? String(details.line) : '?',
              column: typeof details.column === 'number' ? String(details.column) : '?',
              message: typeof details.message === 'string' ? details.message : result.message,
            }),
          ],
        },
      ]);
    }
  };

  return (
    <Card>
      <Form<RuleForm>
        form={form}
        layout="vertical"
        initialValues={initialValues(rule)}
        onFinish={(values) => void submit(values)}
        data-testid="rule-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t.common.name} rules={[{ required: true, max: 128 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="badgeId" label={t.rules.badge} rules={[{ required: true }]}>
              <Select
                data-testid="rule-badge"
                showSearch={{ optionFilterProp: 'label' }}
                options={options.badges.nodes.map((b) => ({
                  value: b.id,
                  label: `${localized(b.name, locale)} (${b.code})`,
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t.rules.description}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="templateCode" label={t.rules.template} rules={[{ required: true }]}>
          <Select
            data-testid="rule-template"
            placeholder={t.rules.chooseTemplate}
            options={options.ruleTemplates.map((tpl) => ({
              value: tpl.code,
              label: localized(tpl.name, locale),
            }))}
            onChange={(code: string) => {
              const next = options.ruleTemplates.find((tpl) => tpl.code === code);
              form.setFieldsValue({
                params: Object.fromEntries(
                  (next?.parameters ?? []).map((p) => [p.name, p.defaultValue ?? undefined]),
                ),
              });
            }}
          />
        </Form.Item>
        {template ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={localized(template.description, locale)}
          />
        ) : null}
        {template && template.parameters.length > 0 ? (
          <>
            <Typography.Title level={5}>{t.rules.parameters}</Typography.Title>
            <Row gutter={16}>
              {template.parameters.map((p) => (
                <Col xs={24} md={8} key={p.name}>
                  <Form.Item
                    name={['params', p.name]}
                    label={localized(p.label, locale)}
                    tooltip={p.description ? localized(p.description, locale) : undefined}
                    rules={[{ required: p.required }]}
                  >
                    <ParameterInput parameter={p} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </>
        ) : null}
        <Form.Item name="eventTypes" label={t.rules.eventTypes} extra={t.rules.eventTypesHelp}>
          <Select
            mode="tags"
            data-testid="rule-event-types"
            tokenSeparators={[',', ' ']}
            placeholder={template?.defaultEventTypes.join(', ')}
          />
        </Form.Item>
        <Form.Item name="celCondition" label={t.rules.condition} extra={t.rules.conditionHelp}>
          <Input.TextArea
            rows={3}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
            data-testid="rule-cel"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="activeWindow" label={t.rules.activeWindow}>
              <DatePicker.RangePicker
                showTime
                allowEmpty={[true, true]}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="timezone" label={t.rules.timezone} extra={t.rules.timezoneHelp}>
              <Input placeholder="Asia/Shanghai" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="perUserGrantLimit" label={t.rules.perUserGrantLimit}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="grantQuantity" label={t.rules.grantQuantity}>
              <InputNumber min={1} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="priority" label={t.rules.priority}>
              <InputNumber min={0} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="revokeOnRefund" label={t.rules.revokeOnRefund} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={running} data-testid="save-rule">
          {t.common.save}
        </Button>
      </Form>
    </Card>
  );
}
