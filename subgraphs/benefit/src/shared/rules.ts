import { GraphQLError } from 'graphql';
import { rule } from 'graphql-shield';
import {
  isKind,
  or,
  requirePermission,
  requireScope,
  type ApiKeyScope,
  type AuthContext,
  type IRule,
  type Permission,
} from '@badge/service-kit';

/** A shield rule or a logic rule (`or`, `and`, …). */
export type ShieldRule = Parameters<typeof or>[number];

/**
 * Shield refuses two different rule instances with the same name, so every module of this
 * subgraph takes its permission, scope and kind rules from here: one instance per name.
 */
const instances = new Map<string, IRule>();
const once = (name: string, make: () => IRule): IRule => {
  let rule = instances.get(name);
  if (!rule) instances.set(name, (rule = make()));
  return rule;
};
export const perm = (code: Permission): IRule =>
  once(`perm:${code}`, () => requirePermission(code));
export const scope = (s: ApiKeyScope): IRule => once(`scope:${s}`, () => requireScope(s));
export const endUser: IRule = once('kind:user', () => isKind('user'));

const forbidden = () => new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });

/** An end user reading a row of their own (a parent with `userId`: grants, redemptions). */
export const isHolder: IRule = rule('benefit:holder', { cache: 'strict' })(
  (parent: { userId?: unknown } | undefined, _args: unknown, ctx: AuthContext) =>
    ctx.identity.kind === 'user' && parent?.userId === ctx.identity.subject ? true : forbidden(),
);

/** An end user acting for themself through an input object (`input.userId` = their subject). */
export const isSelfInput: IRule = rule('benefit:self-input', { cache: 'strict' })(
  (_parent: unknown, args: { input?: { userId?: unknown } }, ctx: AuthContext) =>
    ctx.identity.kind === 'user' && args.input?.userId === ctx.identity.subject
      ? true
      : forbidden(),
);

/**
 * Who may read benefit catalogue data (benefits, redemption rules, the benefits a badge unlocks):
 * console readers of the domain, partners of the programme and end users. Which rows each sees is
 * the service's business (non-admins: PUBLISHED benefits and ACTIVE rules only).
 */
export const canReadCatalog: ShieldRule = or(
  perm('benefit:benefit:read'),
  perm('benefit:benefit:write'),
  perm('benefit:grant:read'),
  perm('benefit:redemption:read'),
  perm('benefit:redemption:write'),
  perm('badge:badge:read'),
  scope('read:badges'),
  scope('read:users'),
  scope('read:grants'),
  scope('read:redemption'),
  scope('write:redemption'),
  endUser,
);

/** Console-only catalogue internals (pools, links, type settings). */
export const isCatalogAdmin: ShieldRule = or(
  perm('benefit:benefit:read'),
  perm('benefit:benefit:write'),
);

export const canWriteCatalog: IRule = perm('benefit:benefit:write');
