import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OperationRecordedSchema, toOutboxRecord, type AttributePlain } from '@badge/proto';
import { AppError, operationRecorded, type Identity } from '@badge/service-kit';
import { CelCompileError } from '../../engine/cel.js';
import {
  compileRule,
  DEFAULT_ENGINE_OPTIONS,
  type Check,
  type CompiledRule,
  type EngineOptions,
  type RuleDefinition,
} from '../../engine/compile.js';
import { PURCHASE, REFUND, type RuleEvent } from '../../engine/event.js';
import {
  REVOKE_ON_REFUND,
  SUPPORTED_TEMPLATES,
  TemplateConfigError,
  validateParams,
  type ParamDefinition,
  type ParamValues,
} from '../../engine/params.js';
import { rowToState } from '../../engine/serialize.js';
import type { AggregateState } from '../../engine/state.js';
import { isValidTimeZone } from '../../engine/time.js';
import type {
  RuleFields,
  RuleRepository,
  RuleRow,
  RuleStatus,
  RuleTx,
  RuleVersionRow,
  TemplateForRule,
} from './rule.repository.js';

const SERVICE = 'rule-subgraph';

// ---------------------------------------------------------------------------------------------
// DTOs
// ---------------------------------------------------------------------------------------------

export interface RuleParamDto {
  name: string;
  value: string;
}

export interface RuleDto {
  id: string;
  name: string;
  description: string | null;
  badgeId: string;
  eventTypes: string[];
  templateCode: string;
  params: RuleParamDto[];
  celCondition: string | null;
  revokeOnRefund: boolean;
  status: RuleStatus;
  currentVersion: number | null;
  activeFrom: string | null;
  activeUntil: string | null;
  perUserGrantLimit: number | null;
  grantQuantity: number;
  timezone: string | null;
  priority: number;
  lockVersion: number;
  createdBy: string | null;
  updatedBy: string | null;
  publishedAt: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RuleVersionDto {
  id: string;
  ruleId: string;
  version: number;
  badgeId: string;
  eventTypes: string[];
  templateCode: string;
  params: RuleParamDto[];
  celCondition: string | null;
  revokeOnRefund: boolean;
  activeFrom: string | null;
  activeUntil: string | null;
  perUserGrantLimit: number | null;
  grantQuantity: number;
  timezone: string | null;
  changeNote: string | null;
  publishedBy: string;
  publishedAt: string;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

const paramsDto = (params: ParamValues): RuleParamDto[] =>
  Object.entries(params)
    .filter(([name]) => name !== REVOKE_ON_REFUND)
    .map(([name, value]) => ({ name, value: String(value) }));

export const toRuleDto = (r: RuleRow): RuleDto => ({
  id: r.id,
  name: r.name,
  description: r.description,
  badgeId: r.badgeId,
  eventTypes: r.eventTypes,
  templateCode: r.templateCode,
  params: paramsDto(r.params),
  celCondition: r.celCondition,
  revokeOnRefund: r.params[REVOKE_ON_REFUND] === true,
  status: r.status,
  currentVersion: r.currentVersion,
  activeFrom: iso(r.activeFrom),
  activeUntil: iso(r.activeUntil),
  perUserGrantLimit: r.perUserGrantLimit,
  grantQuantity: r.grantQuantity,
  timezone: r.timezone,
  priority: r.priority,
  lockVersion: r.lockVersion,
  createdBy: r.createdBy,
  updatedBy: r.updatedBy,
  publishedAt: iso(r.publishedAt),
  disabledAt: iso(r.disabledAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const toVersionDto = (v: RuleVersionRow): RuleVersionDto => ({
  id: v.id,
  ruleId: v.ruleId,
  version: v.version,
  badgeId: v.badgeId,
  eventTypes: v.eventTypes,
  templateCode: v.templateCode,
  params: paramsDto(v.params),
  celCondition: v.celCondition,
  revokeOnRefund: v.params[REVOKE_ON_REFUND] === true,
  activeFrom: iso(v.activeFrom),
  activeUntil: iso(v.activeUntil),
  perUserGrantLimit: v.perUserGrantLimit,
  grantQuantity: v.grantQuantity,
  timezone: v.timezone,
  changeNote: v.changeNote,
  publishedBy: v.publishedBy,
  publishedAt: v.publishedAt.toISOString(),
});

/** The engine's definition of a working copy (version 0) or a published version. */
export function definitionOf(r: RuleRow | RuleVersionRow): RuleDefinition {
  return {
    ruleId: 'ruleId' in r ? r.ruleId : r.id,
    version: 'version' in r ? r.version : 0,
    badgeId: r.badgeId,
    eventTypes: r.eventTypes,
    templateCode: r.templateCode,
    params: r.params,
    celCondition: r.celCondition,
    activeFrom: r.activeFrom,
    activeUntil: r.activeUntil,
    perUserGrantLimit: r.perUserGrantLimit,
    grantQuantity: r.grantQuantity,
    timezone: r.timezone,
  };
}

/** Whether the working copy differs from a published version (what publishing would change). */
export function differsFrom(r: RuleRow, v: RuleVersionRow): boolean {
  const a = definitionOf(r);
  const b = definitionOf(v);
  const norm = (d: RuleDefinition) =>
    JSON.stringify([
      d.badgeId,
      [...d.eventTypes].sort(),
      d.templateCode,
      Object.entries(d.params).sort(([x], [y]) => x.localeCompare(y)),
      d.celCondition ?? null,
      iso(d.activeFrom),
      iso(d.activeUntil),
      d.perUserGrantLimit,
      d.grantQuantity,
      d.timezone,
    ]);
  return norm(a) !== norm(b);
}

// ---------------------------------------------------------------------------------------------
// validation
// ---------------------------------------------------------------------------------------------

const EVENT_TYPE = /^[a-z][a-z0-9_]{0,63}$/;
const zIsoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)) && /\d{4}-\d{2}-\d{2}T/.test(s), {
    message: 'must be an RFC 3339 date-time, e.g. 2025-03-01T00:00:00Z',
  })
  .transform((s) => new Date(s));
const zParams = z
  .array(z.object({ name: z.string().min(1).max(64), value: z.string().max(200) }))
  .max(50)
  .refine((ps) => new Set(ps.map((p) => p.name)).size === ps.length, {
    message: 'a parameter is given twice',
  });
const zTimezone = z
  .string()
  .refine(isValidTimeZone, { message: 'must be an IANA time zone, e.g. Asia/Shanghai' });
const zEventTypes = z
  .array(z.string().regex(EVENT_TYPE, 'must be lowercase snake_case, e.g. check_in'))
  .min(1, 'at least one event type')
  .max(20)
  .refine((t) => new Set(t).size === t.length, { message: 'an event type is given twice' });

const fieldShapes = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullish(),
  badgeId: z.uuid(),
  eventTypes: zEventTypes.nullish(),
  templateCode: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
  params: zParams.nullish(),
  celCondition: z.string().max(2000).nullish(),
  revokeOnRefund: z.boolean().nullish(),
  activeFrom: zIsoDate.nullish(),
  activeUntil: zIsoDate.nullish(),
  perUserGrantLimit: z.number().int().min(1).max(1_000_000).nullish(),
  grantQuantity: z.number().int().min(1).max(1000).nullish(),
  timezone: zTimezone.nullish(),
  priority: z.number().int().min(-1000).max(1000).nullish(),
};

export const ZCreateRuleInput = z.object(fieldShapes);
export type TCreateRuleInput = z.input<typeof ZCreateRuleInput>;

export const ZUpdateRuleInput = ZCreateRuleInput.partial().extend({
  id: z.uuid(),
  lockVersion: z.number().int().min(1),
});
export type TUpdateRuleInput = z.input<typeof ZUpdateRuleInput>;

const ZLockInput = z.object({ id: z.uuid(), lockVersion: z.number().int().min(1) });
const ZPublishInput = ZLockInput.extend({ changeNote: z.string().trim().max(500).nullish() });
const ZDisableInput = ZLockInput.extend({ reason: z.string().trim().max(500).nullish() });

const ZListInput = z.object({
  filter: z
    .object({
      status: z.enum(['DRAFT', 'PUBLISHED', 'DISABLED']).nullish(),
      badgeId: z.uuid().nullish(),
      templateCode: z.string().max(64).nullish(),
      eventType: z.string().max(64).nullish(),
      search: z.string().max(200).nullish(),
    })
    .nullish(),
  first: z.number().int().min(1).max(200).nullish(),
  after: z.string().max(200).nullish(),
});

const ZDryRunEvent = z.object({
  eventId: z.string().min(1).max(128).nullish(),
  type: z.string().regex(EVENT_TYPE, 'must be lowercase snake_case, e.g. check_in'),
  occurredAt: zIsoDate.nullish(),
  amount: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a non-negative integer (minor units)')
    .nullish(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
  orderId: z.string().max(128).nullish(),
  refundOfEventId: z.string().max(128).nullish(),
  source: z.string().max(64).nullish(),
  attributes: z.string().max(20_000).nullish(),
  timezone: zTimezone.nullish(),
});
const ZDryRunInput = z.object({
  ruleId: z.uuid(),
  version: z.number().int().min(1).nullish(),
  event: ZDryRunEvent,
  userId: z.string().min(1).max(128).nullish(),
  history: z.array(ZDryRunEvent).max(1000).nullish(),
  grantCount: z.number().int().min(0).max(1_000_000).nullish(),
});
export type TDryRunInput = z.input<typeof ZDryRunInput>;

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success)
    throw new AppError('BAD_USER_INPUT', `invalid ${what}`, {
      issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  return r.data;
}

function templateParams(template: TemplateForRule): ParamDefinition[] {
  const schema = template.parameterSchema as { version?: number; params?: unknown } | null;
  if (!schema || schema.version !== 1 || !Array.isArray(schema.params))
    throw new AppError(
      'INTERNAL',
      `rule template ${template.code} has an unsupported parameter schema`,
    );
  return schema.params as ParamDefinition[];
}

function celError(err: CelCompileError): AppError {
  return new AppError('BAD_USER_INPUT', `invalid CEL condition: ${err.summary}`, {
    field: 'celCondition',
    message: err.summary,
    start: err.start,
    end: err.end,
    line: err.line,
    column: err.column,
    detail: err.detail,
  });
}

/** Compiles a definition; invalid conditions/params become BAD_USER_INPUT. */
function compileOrThrow(def: RuleDefinition, options: EngineOptions): CompiledRule {
  try {
    return compileRule(def, options);
  } catch (err) {
    if (err instanceof CelCompileError) throw celError(err);
    if (err instanceof TemplateConfigError)
      throw new AppError('BAD_USER_INPUT', err.message, { field: 'params' });
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// dry run helpers
// ---------------------------------------------------------------------------------------------

function toAttributePlain(v: unknown, path: string): AttributePlain {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map((x, i) => toAttributePlain(x, `${path}[${i}]`));
  throw new AppError(
    'BAD_USER_INPUT',
    `attribute ${path} must be a string, number, boolean or list`,
    {
      field: 'attributes',
    },
  );
}

function dryRunEvent(
  input: z.output<typeof ZDryRunEvent>,
  userId: string,
  fallbackTime: number,
): RuleEvent {
  let attributes: Record<string, AttributePlain> = {};
  if (input.attributes) {
    let raw: unknown;
    try {
      raw = JSON.parse(input.attributes);
    } catch {
      throw new AppError('BAD_USER_INPUT', 'attributes must be a JSON object', {
        field: 'attributes',
      });
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new AppError('BAD_USER_INPUT', 'attributes must be a JSON object', {
        field: 'attributes',
      });
    attributes = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, toAttributePlain(v, k)]),
    );
  }
  const isTransaction = input.type === PURCHASE || input.type === REFUND;
  const tz =
    input.timezone ?? (typeof attributes.timezone === 'string' ? attributes.timezone : null);
  return {
    id: input.eventId ?? `dry-run-${randomUUID()}`,
    userId,
    type: input.type,
    kind: isTransaction ? 'transaction' : 'engagement',
    occurredAt: input.occurredAt?.getTime() ?? fallbackTime,
    amount: input.amount ? Number(input.amount) : 0,
    currency: input.currency ?? (isTransaction ? 'CNY' : ''),
    orderId: input.orderId ?? '',
    refundOf: input.refundOfEventId ?? '',
    source: input.source ?? 'dry-run',
    attributes,
    items: [],
    timezone: tz && isValidTimeZone(tz) ? tz : null,
    traceparent: '',
    tracestate: '',
    correlationId: '',
  };
}

export interface DryRunResultDto {
  wouldGrant: boolean;
  wouldRevoke: boolean;
  result: string;
  reason: string;
  checks: Check[];
  version: number;
  grantNumber: number | null;
  progress: { current: number; target: number; ratio: number };
  historyResults: string[];
}

const ratio = (current: number, target: number) =>
  target <= 0 ? 1 : Math.max(0, Math.min(1, current / target));

// ---------------------------------------------------------------------------------------------
// service
// ---------------------------------------------------------------------------------------------

export function createRuleService(
  repository: RuleRepository,
  options: { engine?: EngineOptions; now?: () => number } = {},
) {
  const engine = options.engine ?? DEFAULT_ENGINE_OPTIONS;
  const now = options.now ?? Date.now;

  async function templateFor(code: string): Promise<TemplateForRule> {
    const template = await repository.templateByCode(code);
    if (!template)
      throw new AppError('BAD_USER_INPUT', `unknown rule template ${code}`, {
        field: 'templateCode',
      });
    if (!(SUPPORTED_TEMPLATES as readonly string[]).includes(code))
      throw new AppError('BAD_USER_INPUT', `template ${code} is not supported by the rule engine`, {
        field: 'templateCode',
      });
    return template;
  }

  /** Validates a complete working copy (params against the template, CEL, window). */
  async function validated(
    fields: Omit<RuleFields, 'params'> & {
      paramInput: Record<string, string>;
      revokeOnRefund: boolean;
    },
    options: { requireEnabledTemplate: boolean },
  ): Promise<RuleFields> {
    const template = await templateFor(fields.templateCode);
    if (options.requireEnabledTemplate && !template.isEnabled)
      throw new AppError('BAD_USER_INPUT', `rule template ${template.code} is disabled`, {
        field: 'templateCode',
      });
    const { params, issues } = validateParams(templateParams(template), fields.paramInput);
    if (issues.length)
      throw new AppError('BAD_USER_INPUT', 'invalid rule parameters', {
        field: 'params',
        issues: issues.map((i) => ({ path: `params.${i.param}`, message: i.message })),
      });
    if (fields.activeFrom && fields.activeUntil && fields.activeFrom >= fields.activeUntil)
      throw new AppError('BAD_USER_INPUT', 'activeFrom must be before activeUntil', {
        field: 'activeUntil',
      });
    const complete: RuleFields = {
      name: fields.name,
      description: fields.description,
      badgeId: fields.badgeId,
      eventTypes: fields.eventTypes,
      templateCode: fields.templateCode,
      params: { ...params, [REVOKE_ON_REFUND]: fields.revokeOnRefund },
      celCondition: fields.celCondition,
      activeFrom: fields.activeFrom,
      activeUntil: fields.activeUntil,
      perUserGrantLimit: fields.perUserGrantLimit,
      grantQuantity: fields.grantQuantity,
      timezone: fields.timezone,
      priority: fields.priority,
    };
    compileOrThrow({ ...complete, ruleId: 'validation', version: 0 }, engine);
    return complete;
  }

  const paramInputOf = (params: ParamValues): Record<string, string> =>
    Object.fromEntries(
      Object.entries(params)
        .filter(([k]) => k !== REVOKE_ON_REFUND)
        .map(([k, v]) => [k, String(v)]),
    );

  const audit = (
    identity: Identity,
    action: string,
    targetId: string,
    before?: unknown,
    after?: unknown,
  ) =>
    toOutboxRecord(
      OperationRecordedSchema,
      operationRecorded(identity, {
        service: SERVICE,
        module: 'rule',
        action,
        targetType: 'Rule',
        targetId,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
      }),
    );

  async function locked(tx: RuleTx, id: string, lockVersion: number): Promise<RuleRow> {
    const row = await tx.lock(id);
    if (!row) throw new AppError('NOT_FOUND', `rule ${id} not found`);
    if (row.lockVersion !== lockVersion)
      throw new AppError('CONFLICT', 'the rule was changed by someone else; reload it and retry', {
        lockVersion: row.lockVersion,
      });
    return row;
  }

  async function load(id: string): Promise<RuleRow> {
    const [row] = await repository.findByIds([id]);
    if (!row) throw new AppError('NOT_FOUND', `rule ${id} not found`);
    return row;
  }

  return {
    async list(input: unknown) {
      const args = parse(ZListInput, input, 'rule filter');
      let after: { createdAt: Date; id: string } | null = null;
      if (args.after) {
        try {
          const [t, id] = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8')) as [
            string,
            string,
          ];
          after = { createdAt: new Date(t), id: z.uuid().parse(id) };
          if (Number.isNaN(after.createdAt.getTime())) throw new Error('bad date');
        } catch {
          throw new AppError('BAD_USER_INPUT', 'invalid cursor', { field: 'after' });
        }
      }
      const f = args.filter ?? {};
      const page = await repository.list(
        {
          status: f.status ?? undefined,
          badgeId: f.badgeId ?? undefined,
          templateCode: f.templateCode ?? undefined,
          eventType: f.eventType ?? undefined,
          search: f.search ?? undefined,
        },
        { first: args.first ?? 20, after },
      );
      const last = page.rows.at(-1);
      return {
        nodes: page.rows.map(toRuleDto),
        totalCount: page.totalCount,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          endCursor: last
            ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString(
                'base64url',
              )
            : null,
        },
      };
    },

    async byIds(ids: readonly string[]): Promise<(RuleDto | null)[]> {
      const valid = ids.filter((id) => z.uuid().safeParse(id).success);
      const rows = new Map((await repository.findByIds(valid)).map((r) => [r.id, toRuleDto(r)]));
      return ids.map((id) => rows.get(id) ?? null);
    },

    async versionsByRuleIds(ruleIds: readonly string[]): Promise<RuleVersionDto[][]> {
      const rows = await repository.findVersions(ruleIds);
      return ruleIds.map((id) => rows.filter((v) => v.ruleId === id).map(toVersionDto));
    },

    /** Whether a rule's working copy differs from its current version. */
    hasUnpublishedChanges(rule: RuleDto, versions: readonly RuleVersionDto[]): boolean {
      if (rule.currentVersion === null) return true;
      const current = versions.find((v) => v.version === rule.currentVersion);
      if (!current) return true;
      const key = (x: RuleDto | RuleVersionDto) =>
        JSON.stringify([
          x.badgeId,
          [...x.eventTypes].sort(),
          x.templateCode,
          [...x.params].sort((a, b) => a.name.localeCompare(b.name)),
          x.celCondition ?? null,
          x.revokeOnRefund,
          x.activeFrom,
          x.activeUntil,
          x.perUserGrantLimit,
          x.grantQuantity,
          x.timezone,
        ]);
      return key(rule) !== key(current);
    },

    async create(identity: Identity, input: unknown): Promise<RuleDto> {
      const args = parse(ZCreateRuleInput, input, 'rule');
      const template = await templateFor(args.templateCode);
      const fields = await validated(
        {
          name: args.name,
          description: args.description ?? null,
          badgeId: args.badgeId,
          eventTypes: args.eventTypes ?? template.defaultEventTypes,
          templateCode: args.templateCode,
          paramInput: Object.fromEntries((args.params ?? []).map((p) => [p.name, p.value])),
          revokeOnRefund: args.revokeOnRefund ?? false,
          celCondition: args.celCondition?.trim() ? args.celCondition : null,
          activeFrom: args.activeFrom ?? null,
          activeUntil: args.activeUntil ?? null,
          perUserGrantLimit: args.perUserGrantLimit ?? null,
          grantQuantity: args.grantQuantity ?? 1,
          timezone: args.timezone ?? null,
          priority: args.priority ?? 0,
        },
        { requireEnabledTemplate: true },
      );
      if (fields.eventTypes.length === 0)
        throw new AppError('BAD_USER_INPUT', 'the rule needs at least one event type', {
          field: 'eventTypes',
        });
      const row = await repository.transaction(async (tx) => {
        const created = await tx.create(fields, identity.subject);
        await tx.addOutbox([
          audit(identity, 'rule.create', created.id, undefined, toRuleDto(created)),
        ]);
        return created;
      });
      return toRuleDto(row);
    },

    async update(identity: Identity, input: unknown): Promise<RuleDto> {
      const args = parse(ZUpdateRuleInput, input, 'rule update');
      const row = await repository.transaction(async (tx) => {
        const before = await locked(tx, args.id, args.lockVersion);
        if (
          args.templateCode &&
          args.templateCode !== before.templateCode &&
          before.currentVersion !== null
        )
          throw new AppError(
            'INVALID_STATE',
            'the template of a published rule cannot change: create a new rule',
            { field: 'templateCode' },
          );
        const has = (k: keyof typeof args) =>
          Object.prototype.hasOwnProperty.call(args, k) && args[k] !== undefined;
        const templateChanged = has('templateCode') && args.templateCode !== before.templateCode;
        const fields = await validated(
          {
            name: args.name ?? before.name,
            description: has('description') ? (args.description ?? null) : before.description,
            badgeId: args.badgeId ?? before.badgeId,
            eventTypes: args.eventTypes ?? before.eventTypes,
            templateCode: args.templateCode ?? before.templateCode,
            paramInput: args.params
              ? Object.fromEntries(args.params.map((p) => [p.name, p.value]))
              : templateChanged
                ? {}
                : paramInputOf(before.params),
            revokeOnRefund: args.revokeOnRefund ?? before.params[REVOKE_ON_REFUND] === true,
            celCondition: has('celCondition')
              ? args.celCondition?.trim()
                ? args.celCondition
                : null
              : before.celCondition,
            activeFrom: has('activeFrom') ? (args.activeFrom ?? null) : before.activeFrom,
            activeUntil: has('activeUntil') ? (args.activeUntil ?? null) : before.activeUntil,
            perUserGrantLimit: has('perUserGrantLimit')
              ? (args.perUserGrantLimit ?? null)
              : before.perUserGrantLimit,
            grantQuantity: args.grantQuantity ?? before.grantQuantity,
            timezone: has('timezone') ? (args.timezone ?? null) : before.timezone,
            priority: args.priority ?? before.priority,
          },
          { requireEnabledTemplate: templateChanged },
        );
        const after = await tx.update(args.id, args.lockVersion, fields, identity.subject);
        if (!after)
          throw new AppError(
            'CONFLICT',
            'the rule was changed by someone else; reload it and retry',
          );
        await tx.addOutbox([
          audit(identity, 'rule.update', args.id, toRuleDto(before), toRuleDto(after)),
        ]);
        return after;
      });
      return toRuleDto(row);
    },

    async delete(identity: Identity, input: unknown): Promise<{ id: string }> {
      const args = parse(ZLockInput, input, 'rule');
      await repository.transaction(async (tx) => {
        const before = await locked(tx, args.id, args.lockVersion);
        if (before.currentVersion !== null || (await tx.maxVersion(args.id)) > 0)
          throw new AppError(
            'INVALID_STATE',
            'a rule that was published cannot be deleted: disable it',
          );
        if (!(await tx.delete(args.id, args.lockVersion)))
          throw new AppError(
            'CONFLICT',
            'the rule was changed by someone else; reload it and retry',
          );
        await tx.addOutbox([audit(identity, 'rule.delete', args.id, toRuleDto(before))]);
      });
      return { id: args.id };
    },

    async publish(identity: Identity, input: unknown): Promise<RuleDto> {
      const args = parse(ZPublishInput, input, 'publish request');
      const row = await repository.transaction(async (tx) => {
        const before = await locked(tx, args.id, args.lockVersion);
        // Re-validate: the template or the engine may have changed since the rule was saved.
        const fields = await validated(
          {
            ...before,
            paramInput: paramInputOf(before.params),
            revokeOnRefund: before.params[REVOKE_ON_REFUND] === true,
          },
          { requireEnabledTemplate: true },
        );
        if (fields.eventTypes.length === 0)
          throw new AppError('BAD_USER_INPUT', 'the rule needs at least one event type', {
            field: 'eventTypes',
          });
        if (before.status === 'PUBLISHED' && before.currentVersion !== null) {
          const [current] = (await repository.findVersions([before.id])).filter(
            (v) => v.version === before.currentVersion,
          );
          if (current && !differsFrom(before, current))
            throw new AppError(
              'INVALID_STATE',
              `version ${before.currentVersion} is already published and the rule has no changes`,
            );
        }
        const version = (await tx.maxVersion(before.id)) + 1;
        const snapshot = await tx.createVersion(
          { ...before, params: fields.params },
          version,
          identity.subject,
          args.changeNote ?? null,
        );
        const after = await tx.update(
          before.id,
          before.lockVersion,
          {
            params: fields.params,
            status: 'PUBLISHED',
            currentVersion: version,
            publishedAt: snapshot.publishedAt,
            disabledAt: null,
          },
          identity.subject,
        );
        if (!after)
          throw new AppError(
            'CONFLICT',
            'the rule was changed by someone else; reload it and retry',
          );
        await tx.addOutbox([
          audit(identity, 'rule.publish', before.id, toRuleDto(before), {
            ...toRuleDto(after),
            publishedVersion: toVersionDto(snapshot),
          }),
        ]);
        return after;
      });
      return toRuleDto(row);
    },

    async disable(identity: Identity, input: unknown): Promise<RuleDto> {
      const args = parse(ZDisableInput, input, 'disable request');
      const row = await repository.transaction(async (tx) => {
        const before = await locked(tx, args.id, args.lockVersion);
        if (before.status !== 'PUBLISHED')
          throw new AppError(
            'INVALID_STATE',
            `only a published rule can be disabled (it is ${before.status})`,
          );
        const after = await tx.update(
          before.id,
          before.lockVersion,
          { status: 'DISABLED', disabledAt: new Date() },
          identity.subject,
        );
        if (!after)
          throw new AppError(
            'CONFLICT',
            'the rule was changed by someone else; reload it and retry',
          );
        await tx.addOutbox([
          audit(identity, 'rule.disable', before.id, toRuleDto(before), {
            ...toRuleDto(after),
            ...(args.reason ? { reason: args.reason } : {}),
          }),
        ]);
        return after;
      });
      return toRuleDto(row);
    },

    async dryRun(input: unknown): Promise<DryRunResultDto> {
      const args = parse(ZDryRunInput, input, 'dry run');
      const rule = await load(args.ruleId);
      let def: RuleDefinition;
      if (args.version) {
        const v = await repository.findVersion(rule.id, args.version);
        if (!v) throw new AppError('NOT_FOUND', `rule ${rule.id} has no version ${args.version}`);
        def = definitionOf(v);
      } else {
        def = definitionOf(rule);
      }
      const compiled = compileOrThrow(def, engine);
      const userId = args.userId ?? 'dry-run-user';
      let state: AggregateState | null = null;
      let grantCount = 0;
      if (args.userId) {
        const stored = await repository.userState(rule.id, args.userId);
        if (stored.aggregate) state = rowToState(stored.aggregate);
        grantCount = stored.grantCount;
      }
      if (args.grantCount !== undefined && args.grantCount !== null) grantCount = args.grantCount;

      const at = now();
      const historyResults: string[] = [];
      for (const [i, h] of (args.history ?? []).entries()) {
        const e = dryRunEvent(h, userId, at - (args.history!.length - i));
        if (e.type === REFUND && compiled.reversesRefunds && state) {
          const rev = compiled.reverseRefund(state, e);
          grantCount = Math.max(0, grantCount - rev.revocations.length);
          historyResults.push(
            rev.matched
              ? `refund_reversed${rev.revocations.length ? ' (revoked)' : ''}`
              : 'refund_unmatched',
          );
        }
        if (compiled.listensTo(e.type)) {
          const out = compiled.evaluate(state, e, grantCount);
          state = out.state;
          if (out.evaluation.grant) grantCount += 1;
          historyResults.push(out.evaluation.result);
        } else if (e.type !== REFUND) historyResults.push('ignored');
      }

      const event = dryRunEvent(args.event, userId, at);
      const checks: Check[] = [];
      let wouldRevoke = false;
      let result: string;
      let grantNumber: number | null = null;
      if (event.type === REFUND && compiled.reversesRefunds) {
        const rev = state ? compiled.reverseRefund(state, event) : null;
        wouldRevoke = (rev?.revocations.length ?? 0) > 0;
        checks.push({
          name: 'aggregate',
          passed: rev?.matched ?? false,
          detail: rev ? rev.detail : 'the user has no aggregate for this rule',
        });
        grantCount = Math.max(0, grantCount - (rev?.revocations.length ?? 0));
      }
      if (compiled.listensTo(event.type) || !(event.type === REFUND && compiled.reversesRefunds)) {
        const out = compiled.evaluate(state, event, grantCount, true);
        state = out.state;
        checks.push(...out.evaluation.checks);
        result = out.evaluation.result;
        grantNumber = out.evaluation.grant?.n ?? null;
        if (out.evaluation.grant) grantCount += 1;
      } else {
        result = wouldRevoke ? 'would_revoke' : 'refund_reversed';
      }
      const wouldGrant = result === 'granted';
      const failed = checks.find((c) => !c.passed);
      const progress = compiled.progress(state, event.occurredAt, grantCount);
      return {
        wouldGrant,
        wouldRevoke,
        result,
        reason: wouldGrant
          ? `would grant (grant #${grantNumber}): ${checks.find((c) => c.name === 'template')?.detail ?? ''}`
          : wouldRevoke
            ? `would revoke: ${checks[0]?.detail ?? ''}`
            : `would not grant: ${failed?.detail ?? result}`,
        checks,
        version: def.version,
        grantNumber,
        progress: { ...progress, ratio: ratio(progress.current, progress.target) },
        historyResults,
      };
    },
  };
}
export type RuleService = ReturnType<typeof createRuleService>;
