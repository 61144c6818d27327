import { GraphQLError } from 'graphql';
import { rule } from 'graphql-shield';
import {
  isKind,
  isService,
  requirePermission,
  requireScope,
  type ApiKeyScope,
  type AuthContext,
  type IRule,
  type Permission,
} from '@badge/service-kit';

const forbidden = () => new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } });

/**
 * An admin holding the `super_admin` role. The permission vocabulary has no "read unmasked PII"
 * code, so plaintext phone numbers and e-mail addresses are shown only to super admins (see
 * README: decisions).
 */
export const isSuperAdmin: IRule = rule('role:super_admin', { cache: 'contextual' })(
  (_p, _a, ctx: AuthContext) =>
    ctx.identity.kind === 'admin' && ctx.identity.roles.includes('super_admin')
      ? true
      : forbidden(),
);

/** An end user acting on their own record through `input.id` (e.g. `upsertUser`). */
export const isSelfInput: IRule = rule('self-input', { cache: 'strict' })(
  (_p, args: { input?: { id?: unknown } }, ctx: AuthContext) =>
    ctx.identity.kind === 'user' && args.input?.id === ctx.identity.subject ? true : forbidden(),
);

/** An end user asking for their own record by the `id` argument (e.g. `user(id:)`). */
export const isSelfId: IRule = rule('self-id', { cache: 'strict' })(
  (_p, args: { id?: unknown }, ctx: AuthContext) =>
    ctx.identity.kind === 'user' && args.id === ctx.identity.subject ? true : forbidden(),
);

// graphql-shield refuses two rule instances with one name, and the kit's factories return a new
// instance per call: the modules of this subgraph share one instance per rule.
const instances = new Map<string, IRule>();
const once = (name: string, make: () => IRule): IRule => {
  let r = instances.get(name);
  if (!r) instances.set(name, (r = make()));
  return r;
};

export const perm = (code: Permission): IRule =>
  once(`perm:${code}`, () => requirePermission(code));
export const scope = (s: ApiKeyScope): IRule => once(`scope:${s}`, () => requireScope(s));
export const service = (subject: string): IRule =>
  once(`service:${subject}`, () => isService(subject));
export const kind = (k: Parameters<typeof isKind>[0]): IRule => once(`kind:${k}`, () => isKind(k));
