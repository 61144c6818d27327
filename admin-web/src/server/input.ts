import { z } from 'zod';

// Input rules shared by the console's server actions (the gateway validates again).

export const zId = z.string().trim().min(1).max(64);

/** Stable codes, the subgraphs' rule (service-kit ZCode): lower snake case, 2–64 characters. */
export const zCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, 'lower snake case (a-z, 0-9, _), starting with a letter');

const optionalText = (max: number) => z.string().trim().max(max).optional();

/** The zh-CN/en-US name and description fields every catalogue form has (a name is required). */
export const zLocalizedFields = {
  nameZh: optionalText(100),
  nameEn: optionalText(100),
  descriptionZh: optionalText(2000),
  descriptionEn: optionalText(2000),
};

export const zOptionalUrl = z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).optional();

export const LIFECYCLE_ACTIONS = ['publish', 'offline', 'archive'] as const;
export type TLifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** A lifecycle move of a versioned catalogue item (optimistic concurrency on its version). */
export const zLifecycleInput = z.object({
  id: zId,
  action: z.enum(LIFECYCLE_ACTIONS),
  expectedVersion: z.number().int(),
});
