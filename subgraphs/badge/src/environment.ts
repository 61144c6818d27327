import { parseEnv, subgraphEnvSchema, type TSubgraphEnv } from '@badge/service-kit';

export const loadEnvironment = (): TSubgraphEnv => parseEnv(subgraphEnvSchema(4001), process.env);
