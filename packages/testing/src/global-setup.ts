// vitest globalSetup for projects that need PostgreSQL (wired in the root vitest.config.ts).
//
// Every test project gets a database of its own: fresh, with every migration applied
// (`prisma migrate deploy` through prisma/scripts/prisma.sh) and the seed loaded. Its URL is
// provided to the tests (`testDatabaseUrl()` from @badge/testing); tests share it and keep apart by
// creating their own rows with unique ids. Databases are dropped WITH (FORCE) at teardown unless
// KEEP_TEST_DB=1 (then their URLs are printed for inspection).
//
// Speed: the first project of a run migrates and seeds a database once; every project then gets
// a copy of it (CREATE DATABASE … TEMPLATE, ~0.2 s instead of ~4 s per project). The template is
// dropped with the last project's teardown. All global setups run in the one vitest main process,
// so the template is shared through globalThis.
import type { TestProject } from 'vitest/node';
import './provided-context.js';
import { createTestDatabase, dropStaleTestDatabases, type TestDatabase } from './database.js';

interface SharedTemplate {
  database: Promise<TestDatabase>;
  users: number;
}

const SHARED = Symbol.for('@badge/testing/migrated-template');
type GlobalWithTemplate = typeof globalThis & { [SHARED]?: SharedTemplate };

async function acquireTemplate(): Promise<TestDatabase> {
  const g = globalThis as GlobalWithTemplate;
  if (!g[SHARED]) {
    g[SHARED] = {
      database: dropStaleTestDatabases().then(() =>
        createTestDatabase({ migrate: true, seed: true }),
      ),
      users: 0,
    };
  }
  const shared = g[SHARED];
  shared.users += 1;
  try {
    return await shared.database;
  } catch (error) {
    delete g[SHARED]; // let the next project try again
    throw error;
  }
}

async function releaseTemplate(keep: boolean): Promise<void> {
  const g = globalThis as GlobalWithTemplate;
  const shared = g[SHARED];
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  delete g[SHARED];
  const template = await shared.database;
  if (!keep) await template.drop();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await acquireTemplate();
  let database: TestDatabase;
  try {
    database = await createTestDatabase({ template: template.name });
  } catch (error) {
    await releaseTemplate(false);
    throw error;
  }
  project.provide('databaseUrl', database.url);

  return async () => {
    const keep = process.env.KEEP_TEST_DB === '1';
    if (keep) console.log(`[${project.name}] KEEP_TEST_DB=1: kept test database ${database.url}`);
    else await database.drop();
    await releaseTemplate(keep);
  };
}
