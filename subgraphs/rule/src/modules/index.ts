import { templateModule } from './template/index.js';

/** Every GraphQL module of the rule subgraph (the supergraph is composed from their .graphql). */
export const modules = [templateModule];
