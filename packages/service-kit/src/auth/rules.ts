import { allow, deny, rule, shield, type IRule, type IRules } from 'graphql-shield';
import type { IMiddlewareGenerator } from 'graphql-middleware';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { ApiKeyScope, Permission } from './permissions.js';
import { hasPermission, hasScope, type Identity } from './identity.js';

/** Every resolver context carries the verified identity. */
export interface AuthContext {
  identity: Identity;
}

const forbidden = () => new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });

// Rules are cached per request; the identity does not change within one.
export const requirePermission = (code: Permission): IRule =>
  rule(`perm:${code}`, { cache: 'contextual' })((_p, _a, ctx: AuthContext) =>
    hasPermission(ctx.identity, code) ? true : forbidden(),
  );

export const requireScope = (scope: ApiKeyScope): IRule =>
  rule(`scope:${scope}`, { cache: 'contextual' })((_p, _a, ctx: AuthContext) =>
    hasScope(ctx.identity, scope) ? true : forbidden(),
  );

/** Any caller of this identity kind (e.g. any signed-in admin, whatever their roles). */
export const isKind = (kind: Identity['kind']): IRule =>
  rule(`kind:${kind}`, { cache: 'contextual' })((_p, _a, ctx: AuthContext) =>
    ctx.identity.kind === kind ? true : forbidden(),
  );

/** An internal service with its own identity (e.g. the gateway resolving admin access). */
export const isService = (subject: string): IRule =>
  rule(`service:${subject}`, { cache: 'contextual' })((_p, _a, ctx: AuthContext) =>
    ctx.identity.kind === 'service' && ctx.identity.subject === subject ? true : forbidden(),
  );

export const isAuthenticated: IRule = rule('authenticated', { cache: 'contextual' })(
  (_p, _a, ctx: AuthContext) => (ctx.identity.kind !== 'anonymous' ? true : forbidden()),
);

/**
 * An end user acting on their own data: the `userId` argument (or, for fields of `User`, the
 * parent's id) must be the identity's subject.
 */
export const isSelf: IRule = rule('self', { cache: 'strict' })((
  parent: { id?: unknown } | undefined,
  args: { userId?: unknown },
  ctx: AuthContext,
) => {
  if (ctx.identity.kind !== 'user') return forbidden();
  const target = args.userId ?? parent?.id;
  return target === ctx.identity.subject ? true : forbidden();
});

export { allow, deny, and, or, not, chain, race } from 'graphql-shield';

/**
 * Shield with deny-by-default: a field without a rule is denied, federation's own `_service` and
 * `_entities` (and `_Service.sdl`) are allowed — entity fields keep their own rules, and rule errors are not swallowed
 * silently: they surface as FORBIDDEN and are logged through `onRuleError`.
 */
export function createShield(
  rules: IRules,
  options: { schema: GraphQLSchema; onRuleError?: (err: unknown) => void; debug?: boolean },
): IMiddlewareGenerator<unknown, AuthContext, unknown> {
  const base = (rules ?? {}) as Record<string, unknown>;
  const query = (base.Query ?? {}) as Record<string, unknown>;
  // A subgraph without entities has no _entities field; shield refuses rules for absent fields.
  const hasEntities = Boolean(options.schema.getQueryType()?.getFields()._entities);
  return shield<unknown, AuthContext, unknown>(
    {
      ...base,
      Query: { ...query, _service: allow, ...(hasEntities ? { _entities: allow } : {}) },
      _Service: { sdl: allow },
      LocalizedText: allow,
    },
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
  );
}
export type { IRule, IRules } from 'graphql-shield';
