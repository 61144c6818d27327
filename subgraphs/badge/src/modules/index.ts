import { catalogModule } from './catalog/index.js';

/** Every GraphQL module of the badge subgraph (the supergraph is composed from their .graphql). */
export const modules = [catalogModule];
