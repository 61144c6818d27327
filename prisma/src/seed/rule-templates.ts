import type { LocalizedText, RuleTemplateParameterSchema } from '../rule-template-schema.js';

export interface RuleTemplateDefinition {
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  parameterSchema: RuleTemplateParameterSchema;
  defaultEventTypes: string[];
  displayOrder: number;
}

const windowParam = {
  name: 'window',
  type: 'duration',
  required: true,
  min: 60,
  label: { 'zh-CN': '时间窗口', 'en-US': 'Window' },
  description: { 'zh-CN': 'ISO 8601 时长，如 P7D', 'en-US': 'ISO 8601 duration, e.g. P7D' },
} as const;

const amountFieldParam = {
  name: 'field',
  type: 'string',
  required: false,
  default: 'amount',
  label: { 'zh-CN': '数值字段', 'en-US': 'Value field' },
  description: { 'zh-CN': '事件中参与计算的数值字段', 'en-US': 'Numeric event field to evaluate' },
} as const;

/** The rule templates of DESIGN.md §4 (system templates; parameters typed for the console form). */
export const RULE_TEMPLATES: readonly RuleTemplateDefinition[] = [
  {
    code: 'first_event',
    name: { 'zh-CN': '首次事件', 'en-US': 'First event' },
    description: {
      'zh-CN': '用户第一次产生指定类型的事件时发放',
      'en-US': "Grants on the user's first event of the rule's event types",
    },
    parameterSchema: { version: 1, params: [] },
    defaultEventTypes: [],
    displayOrder: 1,
  },
  {
    code: 'single_event_threshold',
    name: { 'zh-CN': '单次事件阈值', 'en-US': 'Single event threshold' },
    description: {
      'zh-CN': '单个事件的数值字段达到阈值时发放（如单笔消费满 100）',
      'en-US': 'Grants when one event’s value reaches a threshold (e.g. one purchase ≥ 100)',
    },
    parameterSchema: {
      version: 1,
      params: [
        amountFieldParam,
        {
          name: 'operator',
          type: 'enum',
          required: true,
          values: ['gte', 'gt', 'eq', 'lte', 'lt'],
          default: 'gte',
          label: { 'zh-CN': '比较方式', 'en-US': 'Comparison' },
        },
        {
          name: 'threshold',
          type: 'decimal',
          required: true,
          min: 0,
          label: { 'zh-CN': '阈值', 'en-US': 'Threshold' },
        },
      ],
    },
    defaultEventTypes: ['purchase'],
    displayOrder: 2,
  },
  {
    code: 'count_in_window',
    name: { 'zh-CN': '窗口内次数', 'en-US': 'Count in window' },
    description: {
      'zh-CN': '在时间窗口内事件次数达到 N 次时发放',
      'en-US': 'Grants when the user has N events within the window',
    },
    parameterSchema: {
      version: 1,
      params: [
        {
          name: 'count',
          type: 'int',
          required: true,
          min: 1,
          label: { 'zh-CN': '次数', 'en-US': 'Count' },
        },
        windowParam,
      ],
    },
    defaultEventTypes: ['checkin'],
    displayOrder: 3,
  },
  {
    code: 'sum_in_window',
    name: { 'zh-CN': '窗口内累计', 'en-US': 'Sum in window' },
    description: {
      'zh-CN': '在时间窗口内数值累计达到阈值时发放（退款会扣减）',
      'en-US':
        'Grants when the summed value within the window reaches a threshold (refunds subtract)',
    },
    parameterSchema: {
      version: 1,
      params: [
        amountFieldParam,
        {
          name: 'threshold',
          type: 'decimal',
          required: true,
          min: 0,
          label: { 'zh-CN': '累计阈值', 'en-US': 'Threshold' },
        },
        windowParam,
      ],
    },
    defaultEventTypes: ['purchase'],
    displayOrder: 4,
  },
  {
    code: 'consecutive_days',
    name: { 'zh-CN': '连续天数', 'en-US': 'Consecutive days' },
    description: {
      'zh-CN': '连续 N 天（按用户时区）每天至少一次事件时发放',
      'en-US': "Grants after events on N consecutive days (in the user's time zone)",
    },
    parameterSchema: {
      version: 1,
      params: [
        {
          name: 'days',
          type: 'int',
          required: true,
          min: 2,
          max: 3650,
          label: { 'zh-CN': '天数', 'en-US': 'Days' },
        },
      ],
    },
    defaultEventTypes: ['checkin'],
    displayOrder: 5,
  },
  {
    code: 'distinct_days_in_period',
    name: { 'zh-CN': '周期内活跃天数', 'en-US': 'Distinct days in period' },
    description: {
      'zh-CN': '在一个周期内有 N 个不同日期产生事件时发放（不要求连续）',
      'en-US':
        'Grants after events on N distinct days within a period (not necessarily consecutive)',
    },
    parameterSchema: {
      version: 1,
      params: [
        {
          name: 'days',
          type: 'int',
          required: true,
          min: 1,
          label: { 'zh-CN': '天数', 'en-US': 'Days' },
        },
        {
          name: 'period',
          type: 'duration',
          required: true,
          min: 86_400,
          label: { 'zh-CN': '周期', 'en-US': 'Period' },
          description: {
            'zh-CN': 'ISO 8601 时长，如 P30D',
            'en-US': 'ISO 8601 duration, e.g. P30D',
          },
        },
      ],
    },
    defaultEventTypes: ['checkin'],
    displayOrder: 6,
  },
];
