/** A page's URL search parameters, as Next hands them to server components. */
export type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

export const PAGE_SIZE = 20;

/** One value of a search parameter (the first when repeated), trimmed; undefined when empty. */
export function param(
  params: Record<string, string | string[] | undefined>,
  key: string,
): string | undefined {
  const raw = params[key];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value.slice(0, 200) : undefined;
}

/** A search parameter that must be one of `allowed` (anything else is ignored). */
export function enumParam<T extends string>(
  params: Record<string, string | string[] | undefined>,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = param(params, key);
  return allowed.find((a) => a === value);
}

/** Cursor pagination arguments from the URL. */
export function pageArgs(params: Record<string, string | string[] | undefined>) {
  return { first: PAGE_SIZE, after: param(params, 'after') ?? null };
}
