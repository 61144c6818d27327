import { pipelineModule } from './pipeline/index.js';
import { progressModule } from './progress/index.js';
import { ruleModule } from './rule/index.js';
import { templateModule } from './template/index.js';

/** Every GraphQL module of the rule subgraph (the supergraph is composed from their .graphql). */
export const modules = [templateModule, ruleModule, progressModule, pipelineModule];
