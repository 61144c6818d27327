// Shape of rule.rule_template.parameter_schema (JSON). The rule subgraph validates a rule's
// `params` against it when a rule is saved; the console renders a form from it.

export type RuleParameterType = 'int' | 'decimal' | 'duration' | 'string' | 'enum';

/** i18n text: { "zh-CN": "…", "en-US": "…" } */
export type LocalizedText = Record<string, string>;

export interface RuleParameterDefinition {
  name: string;
  type: RuleParameterType;
  required: boolean;
  label: LocalizedText;
  description?: LocalizedText;
  /** int/decimal: inclusive minimum; duration: minimum in seconds */
  min?: number;
  /** int/decimal: inclusive maximum; duration: maximum in seconds */
  max?: number;
  /** enum: allowed values */
  values?: string[];
  /** default when not required and omitted (decimal as string, duration as ISO 8601) */
  default?: string | number;
}

/**
 * Durations are ISO 8601 strings (`P7D`, `PT12H`, `P1M`). Decimals are strings to keep precision
 * (`"99.90"`).
 */
export interface RuleTemplateParameterSchema {
  version: 1;
  params: RuleParameterDefinition[];
}
