import { readFileSync } from 'node:fs';
import { allow } from '@badge/service-kit';
import type { SubgraphModule } from '@badge/service-kit/graphql';

/** Types shared by the benefit modules (PageInfo is @shareable across subgraphs). */
export const commonModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./common.graphql', import.meta.url), 'utf8'),
  resolvers: {},
  permissions: { PageInfo: allow },
};
