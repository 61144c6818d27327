import { allow, deny, rule, shield, type IRule, type IRules } from 'graphql-shield';
import type { IMiddlewareGenerator } from 'graphql-middleware';
import { GraphQLError } from 'graphql';
import type { ApiKeyScope, Permission } from './permissions.js';
import { hasPermission, hasScope, type Identity } from './identity.js';

/** Every resolver context carries the verified identity. */
export interface AuthContext {
  identity: Identity;
}

const forbidden = () =>
  new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });

// Rules are cached per request; the identity does not change within one.
export const requirePermission = (code: Permission): IRule =>
  rule(`perm:${code}`, { cache: 'contextual' })((_p, _a, ctx: AuthContext) =>
    hasPermission(ctx.identity, code) ? true : forbidden(),
  );

export const requireScope = (scope: ApiKeyScope): IRule =>
  rule(`scope:${scope}`, { cache: 'contextual' })((_p, _a, ctx: AuthContext) =>
    hasScope(ctx.identity, scope) ? true : forbidden(),
  );

export const isAuthenticated: IRule = rule('authenticated', { cache: 'contextual' })(
  (_p, _a, ctx: AuthContext) => (ctx.identity.kind !== 'anonymous' ? true : forbidden()),
);

/**
 * An end user acting on their own data: the `userId` argument (or, for fields of `User`, the
 * parent's id) must be the identity's subject.
 */
export const isSelf: IRule = rule('self', { cache: 'strict' })(
  (parent: { id?: unknown } | undefined, args: { userId?: unknown }, ctx: AuthContext) => {
    if (ctx.identity.kind !== 'user') return forbidden();
    const target = args.userId ?? parent?.id;
    return target === ctx.identity.subject ? true : forbidden();
  },
);

export { allow, deny, and, or, not, chain, race } from 'graphql-shield';

/**
 * Shield with deny-by-default: a field without a rule is denied, federation's own `_service` and
 * `_entities` (and `_Service.sdl`) are allowed — entity fields keep their own rules, and rule errors are not swallowed
 * silently: they surface as FORBIDDEN and are logged through `onRuleError`.
 */
export function createShield(
  rules: IRules,
  options: { onRuleError?: (err: unknown) => void; debug?: boolean } = {},
): IMiddlewareGenerator<unknown, AuthContext, unknown> {
  const base = (rules ?? {}) as Record<string, unknown>;
  const query = (base.Query ?? {}) as Record<string, unknown>;
  return shield(
    { ...base, Query: { ...query, _service: allow, _entities: allow }, _Service: { sdl: allow } } as IRules,
    {
      fallbackRule: deny,
      allowExternalErrors: true,
      debug: options.debug ?? false,
      fallbackError: (thrown) => {
        if (thrown instanceof GraphQLError) return thrown;
        if (thrown) options.onRuleError?.(thrown);
        return forbidden();
      },
    },
  ) as IMiddlewareGenerator<unknown, AuthContext, unknown>;
}
