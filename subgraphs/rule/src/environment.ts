import { parseEnv, subgraphEnvSchema, type TSubgraphEnv } from '@badge/service-kit';

export const loadEnvironment = (): TSubgraphEnv => parseEnv(subgraphEnvSchema(4002), process.env);
