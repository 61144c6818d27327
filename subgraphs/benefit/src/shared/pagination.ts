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

/** Keyset cursor of most lists: (createdAt, id), newest first. */
export type TimeIdCursor = { at: Date; id: string };

const ZTimeIdKey = z.tuple([z.iso.datetime(), z.guid()]);

/** Opaque cursor: base64url of the JSON sort key of the last row. */
export const encodeCursor = (row: { createdAt: Date; id: string }): string =>
  Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id]), 'utf8').toString('base64url');

/** Decodes a cursor made by {@link encodeCursor}; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string | null | undefined): TimeIdCursor | undefined {
  if (cursor === null || cursor === undefined || cursor === '') return undefined;
  try {
    const parsed = ZTimeIdKey.safeParse(
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
    );
    if (parsed.success) return { at: new Date(parsed.data[0]), id: parsed.data[1] };
  } catch {
    // invalid below
  }
  throw new AppError('BAD_USER_INPUT', 'invalid cursor', { field: 'after' });
}

/**
 * Builds a connection from `rows` fetched with `take: first + 1` (the extra row says whether
 * there is a next page).
 */
export function toConnection<R extends { createdAt: Date; id: string }, T>(
  rows: readonly R[],
  first: number,
  map: (row: R) => T,
  count: () => Promise<number>,
): Connection<T> {
  const page = rows.slice(0, first);
  const last = page.at(-1);
  return {
    nodes: page.map(map),
    pageInfo: {
      endCursor: last === undefined ? null : encodeCursor(last),
      hasNextPage: rows.length > first,
    },
    totalCount: count,
  };
}
