import { z } from 'zod';
import { AppError } from '@badge/service-kit';

/** `first` / `after` of every console list (cursor pagination). */
export const ZPageArgs = z.object({
  first: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  after: z.string().max(512).nullish(),
});
export type TPageArgs = z.infer<typeof ZPageArgs>;

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * A page of a list. `totalCount` is a function: GraphQL's default resolver calls it only when the
 * client asks for it, so the COUNT query runs only then.
 */
export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/** Opaque cursor: base64url of the JSON sort key of the last row. */
export const encodeCursor = (key: readonly unknown[]): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** Decodes a cursor made by {@link encodeCursor}; anything else is BAD_USER_INPUT. */
export function decodeCursor<S extends z.ZodType>(
  cursor: string | null | undefined,
  schema: S,
): z.infer<S> | undefined {
  if (cursor === null || cursor === undefined || cursor === '') return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // invalid below
  }
  throw new AppError('BAD_USER_INPUT', 'invalid cursor', { field: 'after' });
}

/** Cursor key (timestamp, id) used by most lists. */
export const ZTimeIdKey = z.tuple([z.iso.datetime(), z.guid()]);

/**
 * Builds a connection from `rows` fetched with `take: first + 1` (the extra row says whether
 * there is a next page).
 */
export function toConnection<R, T>(
  rows: readonly R[],
  first: number,
  map: (row: R) => T,
  cursorOf: (row: R) => readonly unknown[],
  count: () => Promise<number>,
): Connection<T> {
  const page = rows.slice(0, first);
  const last = page.at(-1);
  return {
    nodes: page.map(map),
    pageInfo: {
      endCursor: last === undefined ? null : encodeCursor(cursorOf(last)),
      hasNextPage: rows.length > first,
    },
    totalCount: count,
  };
}
