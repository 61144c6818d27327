/**
 * Deny by default is only safe if it is never the reason a field works or fails by accident:
 * every field of every subgraph (so every field of the supergraph) must be named by a shield
 * rule. A new field without a rule fails this test.
 */
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import {
  buildModulesSchema,
  fieldsWithoutRule,
  type SubgraphModule,
} from '@badge/service-kit/graphql';
import { modules as badge } from '@badge/subgraph-badge/modules';
import { modules as benefit } from '@badge/subgraph-benefit/modules';
import { modules as rule } from '@badge/subgraph-rule/modules';
import { modules as user } from '@badge/subgraph-user/modules';

const SUBGRAPHS: Record<string, readonly SubgraphModule[]> = { badge, rule, benefit, user };

describe('shield coverage of the supergraph', () => {
  it.each(Object.keys(SUBGRAPHS))('every field of the %s subgraph has a rule', (name) => {
    const { schema, rules } = buildModulesSchema(SUBGRAPHS[name]!);
    expect(fieldsWithoutRule(schema, rules)).toEqual([]);
  });

  it('every field of the public API is served by a subgraph checked above', () => {
    const api = Supergraph.build(
      readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8'),
    ).apiSchema();
    const served = new Set(
      Object.values(SUBGRAPHS).flatMap((mods) => {
        const { schema } = buildModulesSchema(mods);
        return Object.values(schema.getTypeMap()).flatMap((t) =>
          'getFields' in t && !t.name.startsWith('__')
            ? Object.keys(t.getFields()).map((f) => `${t.name}.${f}`)
            : [],
        );
      }),
    );
    const missing: string[] = [];
    for (const type of api.types()) {
      if (type.kind !== 'ObjectType' || type.isIntrospectionType() || type.name.startsWith('_'))
        continue;
      for (const field of type.fields()) {
        if (field.name.startsWith('__')) continue;
        if (!served.has(`${type.name}.${field.name}`)) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
