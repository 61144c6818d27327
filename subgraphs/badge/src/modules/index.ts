import { batchModule } from './batch/index.js';
import { catalogModule } from './catalog/index.js';
import { dependencyModule } from './dependency/index.js';
import { statsModule } from './stats/index.js';
import { userBadgeModule } from './user-badge/index.js';

/** Every GraphQL module of the badge subgraph (the supergraph is composed from their .graphql). */
export const modules = [catalogModule, dependencyModule, userBadgeModule, batchModule, statsModule];
