'use server';

import { z } from 'zod';
import {
  ConsoleCreateRuleDocument,
  ConsoleDeleteRuleDocument,
  ConsoleDisableRuleDocument,
  ConsoleDryRunRuleDocument,
  ConsolePublishRuleDocument,
  ConsoleSendTestEventDocument,
  ConsoleUpdateRuleDocument,
  type ConsoleDryRunRuleQuery,
  type ConsoleSendTestEventMutation,
} from '../../../graphql/generated/graphql';
import { parseActionInput, toActionResult, type ActionResult } from '../../../server/action-result';
import { gatewayRequest } from '../../../server/gateway';
import { zId } from '../../../server/input';

const zTimestamp = z.iso.datetime({ offset: true });
const zEventType = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_.]{0,63}$/, 'lower-case event type');

const zRule = z.object({
  id: zId.optional(),
  lockVersion: z.number().int().optional(),
  name: z.string().trim().min(1).max(128),
  description: z.string().trim().max(2000).optional(),
  badgeId: zId,
  templateCode: z.string().trim().min(1).max(64),
  eventTypes: z.array(zEventType).max(20).default([]),
  params: z
    .record(z.string().max(64), z.union([z.string().max(200), z.number()]).nullish())
    .default({}),
  celCondition: z.string().trim().max(4000).optional(),
  activeFrom: zTimestamp.nullish(),
  activeUntil: zTimestamp.nullish(),
  perUserGrantLimit: z.number().int().min(1).max(1_000_000).nullish(),
  grantQuantity: z.number().int().min(1).max(1000).optional(),
  priority: z.number().int().min(0).max(10_000).optional(),
  revokeOnRefund: z.boolean().optional(),
  timezone: z.string().trim().max(64).optional(),
});

export async function saveRule(raw: unknown): Promise<ActionResult<{ id: string }>> {
  return toActionResult(async () => {
    const r = parseActionInput(zRule, raw);
    const fields = {
      name: r.name,
      description: r.description || null,
      badgeId: r.badgeId,
      templateCode: r.templateCode,
      eventTypes: r.eventTypes.length > 0 ? r.eventTypes : null,
      params: Object.entries(r.params)
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([name, value]) => ({ name, value: String(value) })),
      celCondition: r.celCondition || null,
      activeFrom: r.activeFrom ?? null,
      activeUntil: r.activeUntil ?? null,
      perUserGrantLimit: r.perUserGrantLimit ?? null,
      grantQuantity: r.grantQuantity,
      priority: r.priority,
      revokeOnRefund: r.revokeOnRefund,
      timezone: r.timezone || null,
    };
    if (r.id) {
      await gatewayRequest(ConsoleUpdateRuleDocument, {
        input: { id: r.id, lockVersion: r.lockVersion ?? 0, ...fields },
      });
      return { id: r.id };
    }
    const created = await gatewayRequest(ConsoleCreateRuleDocument, { input: fields });
    return { id: created.createRule.rule.id };
  });
}

export async function publishRule(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({
        id: zId,
        lockVersion: z.number().int(),
        changeNote: z.string().trim().max(500).optional(),
      }),
      raw,
    );
    await gatewayRequest(ConsolePublishRuleDocument, {
      input: { ...input, changeNote: input.changeNote || null },
    });
    return null;
  });
}

export async function disableRule(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({
        id: zId,
        lockVersion: z.number().int(),
        reason: z.string().trim().max(500).optional(),
      }),
      raw,
    );
    await gatewayRequest(ConsoleDisableRuleDocument, {
      input: { ...input, reason: input.reason || null },
    });
    return null;
  });
}

export async function deleteRule(raw: unknown): Promise<ActionResult> {
  return toActionResult(async () => {
    const input = parseActionInput(z.object({ id: zId, lockVersion: z.number().int() }), raw);
    await gatewayRequest(ConsoleDeleteRuleDocument, { input });
    return null;
  });
}

const zAttributes = z
  .string()
  .trim()
  .max(4000)
  .refine((text) => {
    if (!text) return true;
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  }, 'must be a JSON object')
  .optional();

export async function dryRunRule(
  raw: unknown,
): Promise<ActionResult<ConsoleDryRunRuleQuery['dryRunRule']>> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({
        ruleId: zId,
        userId: z.string().trim().max(128).optional(),
        event: z.object({
          type: zEventType,
          amount: z
            .string()
            .trim()
            .regex(/^-?\d+(\.\d+)?$/, 'a decimal number')
            .optional()
            .or(z.literal('')),
          occurredAt: zTimestamp.optional(),
          attributes: zAttributes,
        }),
      }),
      raw,
    );
    const { event } = input;
    const result = await gatewayRequest(ConsoleDryRunRuleDocument, {
      input: {
        ruleId: input.ruleId,
        userId: input.userId || null,
        event: {
          type: event.type,
          amount: event.amount || null,
          occurredAt: event.occurredAt ?? null,
          attributes: event.attributes || null,
        },
      },
    });
    return result.dryRunRule;
  });
}

/** A sample event produced to Kafka by the rule service, as the brand's app would send it. */
export async function sendTestEvent(
  raw: unknown,
): Promise<ActionResult<ConsoleSendTestEventMutation['sendTestEvent']>> {
  return toActionResult(async () => {
    const input = parseActionInput(
      z.object({
        userId: z.string().trim().min(1, 'a user id is needed to send an event').max(128),
        type: zEventType,
        amount: z
          .string()
          .trim()
          .regex(/^\d+$/, 'minor units, a whole number')
          .optional()
          .or(z.literal('')),
        occurredAt: zTimestamp.optional(),
        attributes: zAttributes,
      }),
      raw,
    );
    const result = await gatewayRequest(ConsoleSendTestEventDocument, {
      input: {
        userId: input.userId,
        type: input.type,
        amount: input.amount ? Number(input.amount) : null,
        occurredAt: input.occurredAt ?? null,
        attributes: input.attributes || null,
      },
    });
    return result.sendTestEvent;
  });
}
