// `pnpm --filter @badge/db seed`: loads reference data (and the demo catalogue unless
// SEED_DEMO=0) into DATABASE_URL. Safe to run any number of times.
import 'dotenv/config';
import { createPrismaClient } from '../client.js';
import { readDbEnvironment } from '../environment.js';
import { seed } from './seed.js';

const { databaseUrl, seedDemo } = readDbEnvironment();
const prisma = createPrismaClient({ url: databaseUrl, poolMax: 2, applicationName: 'badge-seed' });
try {
  const summary = await seed(prisma, { demo: seedDemo });
  console.log(`seed: ${JSON.stringify(summary)}`);
} finally {
  await prisma.$disconnect();
}
