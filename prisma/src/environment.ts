// The only reader of process.env in @badge/db (used by the seed command; the library itself takes
// its configuration as arguments).
export interface DbEnvironment {
  databaseUrl: string;
  /** SEED_DEMO=0 skips the demo catalogue */
  seedDemo: boolean;
}

export function readDbEnvironment(env: NodeJS.ProcessEnv = process.env): DbEnvironment {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/badge).');
  }
  return { databaseUrl, seedDemo: env.SEED_DEMO !== '0' };
}
