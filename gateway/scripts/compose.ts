/**
 * Composes the supergraph from the four subgraphs' module SDL (Federation 2, offline, no Rover)
 * and writes gateway/supergraph.graphql. `--check` fails when the committed file is out of date.
 *   pnpm --filter @badge/gateway supergraph:compose | supergraph:check
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';

import { readGraphQLFiles, subgraphTypeDefs } from '@badge/service-kit/graphql';

const SUBGRAPHS = ['badge', 'rule', 'benefit', 'user'] as const;
const root = new URL('../../', import.meta.url);
const target = new URL('../supergraph.graphql', import.meta.url);

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

const isMain = import.meta.url === new URL(process.argv[1] ?? '', 'file://').href;
if (isMain) {
  const sdl = composeSupergraph();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (committed !== sdl) {
      console.error(
        'gateway/supergraph.graphql is out of date: run `pnpm --filter @badge/gateway supergraph:compose` and commit it.',
      );
      process.exit(1);
    }
    console.log('supergraph.graphql is up to date');
  } else {
    writeFileSync(target, sdl);
    console.log(`wrote ${target.pathname}`);
  }
}
