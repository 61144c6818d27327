import { readFileSync } from 'node:fs';
import { allow } from '@badge/service-kit';
import type { SubgraphModule } from '@badge/service-kit/graphql';

/** Types shared by this subgraph's modules. Access is decided by the field returning them. */
export const commonModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./common.graphql', import.meta.url), 'utf8'),
  resolvers: {},
  permissions: { PageInfo: allow },
};
