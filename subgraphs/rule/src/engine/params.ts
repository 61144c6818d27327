// Typed template parameters: a rule's `params` checked against its template's parameter schema
// (rule.rule_template.parameter_schema, see prisma/src/rule-template-schema.ts), then turned into
// the template configuration the engine evaluates.
import { parseDurationMs, DAY_MS } from './time.js';

export type ParamType = 'int' | 'decimal' | 'duration' | 'string' | 'enum';

export interface ParamDefinition {
  name: string;
  type: ParamType;
  required: boolean;
  min?: number;
  max?: number;
  values?: string[];
  default?: string | number;
}

/** Stored params: ints as numbers, decimals and durations as strings (precision, ISO 8601). */
export type ParamValues = Record<string, string | number | boolean>;

export interface ParamIssue {
  param: string;
  message: string;
}

/**
 * Rule-level parameter every template accepts (not part of the template schemas):
 * `revoke_on_refund` — a refund that makes a grant's condition fail revokes that grant.
 */
export const REVOKE_ON_REFUND = 'revoke_on_refund';

const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;
const INT = /^-?\d{1,12}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function checkOne(def: ParamDefinition, raw: string | number): string | number | ParamIssue {
  const issue = (message: string): ParamIssue => ({ param: def.name, message });
  const text = String(raw).trim();
  switch (def.type) {
    case 'int': {
      if (!INT.test(text)) return issue('must be an integer');
      const n = Number(text);
      if (def.min !== undefined && n < def.min) return issue(`must be at least ${def.min}`);
      if (def.max !== undefined && n > def.max) return issue(`must be at most ${def.max}`);
      return n;
    }
    case 'decimal': {
      if (!DECIMAL.test(text))
        return issue('must be a non-negative decimal with at most 4 fraction digits, e.g. "99.90"');
      const n = Number(text);
      if (def.min !== undefined && n < def.min) return issue(`must be at least ${def.min}`);
      if (def.max !== undefined && n > def.max) return issue(`must be at most ${def.max}`);
      return text;
    }
    case 'duration': {
      const ms = parseDurationMs(text);
      if (ms === null) return issue('must be an ISO 8601 duration, e.g. P7D or PT12H');
      if (def.min !== undefined && ms < def.min * 1000)
        return issue(`must be at least ${def.min} seconds`);
      if (def.max !== undefined && ms > def.max * 1000)
        return issue(`must be at most ${def.max} seconds`);
      return text;
    }
    case 'enum':
      if (!def.values?.includes(text)) return issue(`must be one of ${def.values?.join(', ')}`);
      return text;
    case 'string':
      if (text.length === 0 || text.length > 200) return issue('must be 1–200 characters');
      return text;
  }
}

/**
 * Checks `input` against the template's parameter definitions: unknown names, missing required
 * values, types and bounds. Returns the normalised params (defaults filled in) or the issues.
 */
export function validateParams(
  definitions: readonly ParamDefinition[],
  input: Readonly<Record<string, string | number>>,
): { params: ParamValues; issues: ParamIssue[] } {
  const issues: ParamIssue[] = [];
  const params: ParamValues = {};
  const known = new Set(definitions.map((d) => d.name));
  for (const name of Object.keys(input)) {
    if (!known.has(name))
      issues.push({ param: name, message: 'is not a parameter of this template' });
  }
  for (const def of definitions) {
    const raw = input[def.name];
    if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
      if (def.default !== undefined) params[def.name] = checkDefault(def);
      else if (def.required) issues.push({ param: def.name, message: 'is required' });
      continue;
    }
    const checked = checkOne(def, raw);
    if (typeof checked === 'object') issues.push(checked);
    else params[def.name] = checked;
  }
  return { params, issues };
}

function checkDefault(def: ParamDefinition): string | number {
  const checked = checkOne(def, def.default!);
  // A template's own default that fails its own schema is a seed bug: keep the raw default.
  return typeof checked === 'object' ? def.default! : checked;
}

export type TemplateConfig =
  | { code: 'first_event' }
  | {
      code: 'single_event_threshold';
      field: string;
      operator: 'gte' | 'gt' | 'eq' | 'lte' | 'lt';
      threshold: number;
    }
  | { code: 'count_in_window'; count: number; windowMs: number }
  | { code: 'sum_in_window'; field: string; threshold: number; windowMs: number }
  | { code: 'consecutive_days'; days: number }
  | { code: 'distinct_days_in_period'; days: number; periodDays: number };

export const SUPPORTED_TEMPLATES = [
  'first_event',
  'single_event_threshold',
  'count_in_window',
  'sum_in_window',
  'consecutive_days',
  'distinct_days_in_period',
] as const;

export class TemplateConfigError extends Error {
  override readonly name = 'TemplateConfigError';
}

const num = (params: ParamValues, name: string): number => {
  const v = Number(params[name]);
  if (!Number.isFinite(v)) throw new TemplateConfigError(`parameter ${name} is missing or invalid`);
  return v;
};
const duration = (params: ParamValues, name: string): number => {
  const ms = parseDurationMs(String(params[name] ?? ''));
  if (ms === null) throw new TemplateConfigError(`parameter ${name} is not an ISO 8601 duration`);
  return ms;
};
const field = (params: ParamValues): string => {
  const f = String(params.field ?? 'amount');
  if (!IDENTIFIER.test(f))
    throw new TemplateConfigError('parameter field must be `amount` or an attribute name');
  return f;
};

/** The evaluable configuration of a template with (validated) params. */
export function templateConfig(code: string, params: ParamValues): TemplateConfig {
  switch (code) {
    case 'first_event':
      return { code };
    case 'single_event_threshold': {
      const operator = String(params.operator ?? 'gte');
      if (!['gte', 'gt', 'eq', 'lte', 'lt'].includes(operator))
        throw new TemplateConfigError('parameter operator must be gte, gt, eq, lte or lt');
      return {
        code,
        field: field(params),
        operator: operator as 'gte',
        threshold: num(params, 'threshold'),
      };
    }
    case 'count_in_window':
      return { code, count: num(params, 'count'), windowMs: duration(params, 'window') };
    case 'sum_in_window':
      return {
        code,
        field: field(params),
        threshold: num(params, 'threshold'),
        windowMs: duration(params, 'window'),
      };
    case 'consecutive_days':
      return { code, days: num(params, 'days') };
    case 'distinct_days_in_period':
      return {
        code,
        days: num(params, 'days'),
        periodDays: Math.max(1, Math.ceil(duration(params, 'period') / DAY_MS)),
      };
    default:
      throw new TemplateConfigError(`template ${code} is not supported by the rule engine`);
  }
}
