/**
 * Input validation shared by every subgraph's services: zod schemas for the common input shapes
 * and `parseInput`, which turns a failure into BAD_USER_INPUT with every issue.
 */
import { z } from 'zod';
import { AppError } from './errors.js';
import type { LocalizedTextDto } from './i18n.js';

/**
 * Parses `input` with a zod schema; a failure is BAD_USER_INPUT with every issue (path + message)
 * in `details.issues`, which the console shows next to the fields.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError('BAD_USER_INPUT', `invalid ${what}`, {
    issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** Database ids (uuid). Anything else is refused before it reaches a query. */
export const ZId = z.guid('must be an id (uuid)');

/** External user ids (the brand's id, the end-user JWT subject): 1..128 chars, no edge spaces. */
export const ZUserId = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .refine((v) => v.trim() === v, 'must not start or end with spaces');

/** Stable codes (badges, categories, benefits, rules…): lower snake case. */
export const ZCode = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower snake case (a-z, 0-9, _), starting with a letter');

const text = (max: number) => z.string().trim().max(max).nullish();

/** GraphQL `LocalizedTextInput`. */
export const ZLocalizedTextInput = (max: number) =>
  z.object({ zhCN: text(max), enUS: text(max) }).strict();
export type TLocalizedTextInput = { zhCN?: string | null; enUS?: string | null };

/** A required i18n text: at least one locale. */
export const ZRequiredLocalizedText = (max: number) =>
  ZLocalizedTextInput(max).refine(
    (v) => Boolean(v.zhCN) || Boolean(v.enUS),
    'needs a text in at least one locale (zhCN, enUS)',
  );

/** The stored JSON form `{ "zh-CN": "…", "en-US": "…" }` (empty locales left out). */
export function toStoredText(value: TLocalizedTextInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (value.zhCN) out['zh-CN'] = value.zhCN;
  if (value.enUS) out['en-US'] = value.enUS;
  return out;
}

export const hasEveryLocale = (text: LocalizedTextDto | null): boolean =>
  Boolean(text?.zhCN) && Boolean(text?.enUS);

export const ZUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL');

/** A JSON object given as text (e.g. badge metadata). */
export const ZJsonObjectText = z
  .string()
  .max(20_000)
  .transform((v, ctx) => {
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
    return z.NEVER;
  });

/** ISO 8601 instant given as a string. */
export const ZInstant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
