import type { GatewayEnv } from './environment.js';

/** Subgraph name (as in supergraph.graphql) → URL from configuration. */
export const subgraphUrls = (env: GatewayEnv): Record<string, string> => ({
  badge: env.SUBGRAPH_BADGE_URL,
  rule: env.SUBGRAPH_RULE_URL,
  benefit: env.SUBGRAPH_BENEFIT_URL,
  user: env.SUBGRAPH_USER_URL,
});
