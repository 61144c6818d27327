import { adminModule } from './admin/index.js';

/** Every GraphQL module of the user subgraph (the supergraph is composed from their .graphql). */
export const modules = [adminModule];
