import { GraphQLError } from 'graphql';
import { rule } from 'graphql-shield';
import {
  isKind,
  or,
  requirePermission,
  requireScope,
  type ApiKeyScope,
  type AuthContext,
  type Identity,
  type IRule,
  type Permission,
} from '@badge/service-kit';

// graphql-shield refuses two different rule instances with the same name, and the kit's
// constructors make a new instance per call: every module of this subgraph takes its rules from
// here, one instance per permission, scope and kind.
const cache = new Map<string, IRule>();
const once = (key: string, make: () => IRule): IRule => {
  let r = cache.get(key);
  if (!r) {
    r = make();
    cache.set(key, r);
  }
  return r;
};
export const perm = (code: Permission): IRule =>
  once(`perm:${code}`, () => requirePermission(code));
export const scope = (s: ApiKeyScope): IRule => once(`scope:${s}`, () => requireScope(s));
export const kind = (k: Identity['kind']): IRule => once(`kind:${k}`, () => isKind(k));

const forbidden = () => new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });

/** An end user reading a row of their own (a parent with `userId`: user badges, wall items). */
export const isHolder: IRule = rule('badge:holder', { cache: 'strict' })(
  (parent: { userId?: unknown } | undefined, _args: unknown, ctx: AuthContext) =>
    ctx.identity.kind === 'user' && parent?.userId === ctx.identity.subject ? true : forbidden(),
);

/**
 * Who may read catalogue data (badges, categories, series, dependencies): console readers, the
 * console pages that show badges next to grants and tasks (and the dashboard's top badges), partners with `read:badges` or
 * `read:users`, and end users. Which rows each of them sees is decided by the service (non-admins:
 * published and not hidden, plus what they hold).
 */
export const canReadCatalog: ReturnType<typeof or> = or(
  perm('badge:badge:read'),
  perm('badge:category:read'),
  perm('badge:series:read'),
  perm('badge:dependency:read'),
  perm('user:badge:read'),
  perm('grant:grant:read'),
  perm('grant:revoke:read'),
  perm('grant:task:read'),
  perm('stats:overview:read'),
  scope('read:badges'),
  scope('read:users'),
  kind('user'),
);

/** Client apps and partners reading the public catalogue. */
export const isCatalogClient: ReturnType<typeof or> = or(scope('read:badges'), kind('user'));
