/**
 * Composes the supergraph from the four subgraphs' module SDL (Federation 2, offline, no Rover)
 * and writes gateway/supergraph.graphql, plus gateway/api-schema.graphql: the graph clients see
 * (no federation internals), which the admin console's GraphQL codegen types its operations
 * against. `--check` fails when either committed file is out of date.
 *   pnpm --filter @badge/gateway supergraph:compose | supergraph:check
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { lexicographicSortSchema, printSchema } from 'graphql';

import { readGraphQLFiles, subgraphTypeDefs } from '@badge/service-kit/graphql';

const SUBGRAPHS = ['badge', 'rule', 'benefit', 'user'] as const;
const root = new URL('../../', import.meta.url);
const target = new URL('../supergraph.graphql', import.meta.url);
const apiTarget = new URL('../api-schema.graphql', import.meta.url);

export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map((name) => ({
      name,
      // Placeholder URLs: the gateway routes by subgraph name to SUBGRAPH_<NAME>_URL.
      url: `http://${name}-subgraph/graphql`,
      typeDefs: subgraphTypeDefs(
        readGraphQLFiles(new URL(`subgraphs/${name}/src/modules/`, root).pathname),
      ),
    })),
  );
  if (result.errors) {
    throw new Error(
      `Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}

/** The API schema of a supergraph, printed sorted so the file diffs well. */
export function apiSchemaSdl(supergraphSdl: string): string {
  const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

const isMain = import.meta.url === new URL(process.argv[1] ?? '', 'file://').href;
if (isMain) {
  const sdl = composeSupergraph();
  const outputs = [
    { url: target, text: sdl },
    { url: apiTarget, text: apiSchemaSdl(sdl) },
  ];
  if (process.argv.includes('--check')) {
    const stale = outputs.filter(({ url, text }) => {
      try {
        return readFileSync(url, 'utf8') !== text;
      } catch {
        return true; // missing counts as out of date
      }
    });
    if (stale.length > 0) {
      console.error(
        `${stale.map(({ url }) => url.pathname.split('/').slice(-2).join('/')).join(', ')} out of date: run \`pnpm --filter @badge/gateway supergraph:compose\` and commit.`,
      );
      process.exit(1);
    }
    console.log('supergraph.graphql and api-schema.graphql are up to date');
  } else {
    for (const { url, text } of outputs) {
      writeFileSync(url, text);
      console.log(`wrote ${url.pathname}`);
    }
  }
}
