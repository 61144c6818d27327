import { z } from 'zod';
import type { OperationLogFilterInput } from '../../../graphql/generated/graphql';

const zFilter = z.object({
  module: z.string().trim().max(64).optional(),
  action: z.string().trim().max(128).optional(),
  actorType: z.enum(['ADMIN', 'API_KEY', 'SYSTEM', 'USER']).optional(),
  targetId: z.string().trim().max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** The operation log filter from URL or action input; unknown or malformed values are dropped. */
export function operationLogFilter(raw: unknown): OperationLogFilterInput {
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const filter: OperationLogFilterInput = {};
  for (const key of Object.keys(zFilter.shape) as (keyof typeof zFilter.shape)[]) {
    const parsed = zFilter.shape[key].safeParse(source[key]);
    if (parsed.success && parsed.data) Object.assign(filter, { [key]: parsed.data });
  }
  return filter;
}
