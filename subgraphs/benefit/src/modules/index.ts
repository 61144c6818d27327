import { benefitModule } from './benefit/index.js';

/** Every GraphQL module of the benefit subgraph (the supergraph is composed from their .graphql). */
export const modules = [benefitModule];
