// Fixtures shared by the user subgraph's integration tests: real services over the project's
// test database, PII keys, identities as the gateway forwards them, and polling.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createPrismaClient, type PrismaClient } from '@badge/db';
import {
  createLogger,
  Registry,
  type Identity,
  type Logger,
  type Permission,
} from '@badge/service-kit';
import { identities, startTestSubgraph, type TestSubgraph } from '@badge/testing';
import { createContextFactory, createUserServices, type UserServices } from '../src/context.js';
import { createBlindIndexer } from '../src/crypto/blind-index.js';
import { createFieldCipher, type FieldKey } from '../src/crypto/field-cipher.js';
import type { PiiCrypto } from '../src/crypto/keys.js';
import { createRepositories, type Repositories } from '../src/db.js';
import { userMetrics, type UserMetrics } from '../src/metrics.js';
import { modules } from '../src/modules/index.js';

export const newKey = (id: string): FieldKey => ({ id, key: randomBytes(32) });
export const BLIND_INDEX_KEY = randomBytes(32);

export const piiCrypto = (keys: FieldKey[]): PiiCrypto => ({
  cipher: createFieldCipher(keys),
  blindIndex: createBlindIndexer(BLIND_INDEX_KEY),
});

/** A logger whose every line is kept (to prove secrets never reach the logs). */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ name: 'test', level: 'trace', destination }), lines };
}

export interface Harness {
  prisma: PrismaClient;
  repositories: Repositories;
  services: UserServices;
  subgraph: TestSubgraph;
  metrics: UserMetrics;
  registry: Registry;
  crypto: PiiCrypto;
  stop(): Promise<void>;
}

/** The real subgraph (shield, identity check, services, repositories) on the given database. */
export async function startHarness(options: {
  databaseUrl: string;
  keys?: FieldKey[];
  bootstrapSubjects?: string[];
  touchApiKey?: (id: string) => void;
  touchAdminLogin?: (subject: string) => void;
}): Promise<Harness> {
  const prisma = createPrismaClient({ url: options.databaseUrl, poolMax: 4 });
  const repositories = createRepositories(prisma);
  const registry = new Registry();
  const metrics = userMetrics(registry);
  const crypto = piiCrypto(options.keys ?? [newKey('k1')]);
  const services = createUserServices(repositories, {
    bootstrapSubjects: options.bootstrapSubjects ?? [],
    crypto,
    phoneDefaultCountryCode: '86',
    metrics,
    ...(options.touchApiKey ? { touchApiKey: options.touchApiKey } : {}),
    ...(options.touchAdminLogin ? { touchAdminLogin: options.touchAdminLogin } : {}),
  });
  const subgraph = await startTestSubgraph({
    modules,
    createContext: createContextFactory(services, {
      ...(options.touchApiKey ? { touchApiKey: options.touchApiKey } : {}),
    }),
  });
  return {
    prisma,
    repositories,
    services,
    subgraph,
    metrics,
    registry,
    crypto,
    async stop() {
      await subgraph.stop();
      await prisma.$disconnect();
    },
  };
}

/** An admin as the gateway forwards them, optionally holding roles (e.g. super_admin). */
export const admin = (
  permissions: readonly Permission[],
  options: { subject?: string; roles?: string[] } = {},
): Identity => ({
  ...identities.admin(permissions, options.subject ?? 'test-admin'),
  roles: options.roles ?? [],
  ip: '203.0.113.7',
  userAgent: 'vitest',
});

export const gateway = (): Identity => identities.service('gateway');

export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val))
    .reduce((sum, v) => sum + v.value, 0);
}
