import { AppError } from '@badge/service-kit';
import { z } from 'zod';

/** `first`/`after` of every console list (cursor pagination). */
export const ZConnectionArgs = z.object({
  first: z
    .number()
    .int()
    .min(1)
    .max(100)
    .nullish()
    .transform((v) => v ?? 20),
  after: z.string().max(512).nullish(),
});

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}
export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Opaque cursor: base64url of a JSON array (the sort key of the last row). */
export const encodeCursor = (key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export function decodeCursor<T extends readonly unknown[]>(
  cursor: string | null | undefined,
  schema: z.ZodType<T>,
): T | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new AppError('BAD_USER_INPUT', 'invalid cursor', { field: 'after' });
}

/** Rows fetched with `take: first + 1` → a page (the extra row only says there is more). */
export function toConnection<R, T>(
  rows: readonly R[],
  first: number,
  totalCount: number,
  toNode: (row: R) => T,
  cursorOf: (row: R) => readonly (string | number)[],
): Connection<T> {
  const page = rows.slice(0, first);
  const last = page[page.length - 1];
  return {
    nodes: page.map(toNode),
    pageInfo: {
      endCursor: last === undefined ? null : encodeCursor(cursorOf(last)),
      hasNextPage: rows.length > first,
    },
    totalCount,
  };
}

/** Zod issues → the `details` of a BAD_USER_INPUT error. */
export function badInput(message: string, error: z.ZodError): AppError {
  return new AppError('BAD_USER_INPUT', message, {
    issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** Parses with zod or throws a typed BAD_USER_INPUT listing every issue. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badInput(`invalid ${what}`, result.error);
  return result.data;
}
