import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { IRules } from 'graphql-shield';

/** Types and fields federation or the kit guard by themselves (see createShield). */
const BUILT_IN: Readonly<Record<string, true | readonly string[]>> = {
  _Service: true,
  LocalizedText: true,
  Query: ['_service', '_entities'],
};

// Realm-safe: @apollo/subgraph (CommonJS) and ESM code may load different copies of graphql, so
// `isObjectType` (instanceof) can throw; graphql's types carry a Symbol.toStringTag instead.
const isObjectTypeLike = (type: unknown): type is GraphQLObjectType =>
  Object.prototype.toString.call(type) === '[object GraphQLObjectType]';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Every `Type.field` of the schema that no shield rule names: neither a field rule nor a
 * type-wide rule (nor a `*` wildcard). Shield would deny these by default, so each one is either
 * a forgotten rule or a dead field. Subgraph tests assert this list is empty.
 */
export function fieldsWithoutRule(schema: GraphQLSchema, rules: IRules): string[] {
  const tree = rules as Record<string, unknown>;
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectTypeLike(type) || type.name.startsWith('__')) continue;
    const builtIn = BUILT_IN[type.name];
    if (builtIn === true) continue;
    const typeRules = tree[type.name];
    if (typeRules !== undefined && !isPlainObject(typeRules)) continue; // type-wide rule
    for (const field of Object.keys(type.getFields())) {
      if (Array.isArray(builtIn) && builtIn.includes(field)) continue;
      if (
        isPlainObject(typeRules) &&
        (typeRules[field] !== undefined || typeRules['*'] !== undefined)
      )
        continue;
      missing.push(`${type.name}.${field}`);
    }
  }
  return missing.sort();
}
