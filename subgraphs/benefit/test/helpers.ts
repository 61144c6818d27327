// Fixtures shared by the benefit integration tests: the real services over the project's test
// database, a real subgraph server, rows created with unique ids, and a polling helper.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrismaClient, type BenefitType, type PrismaClient } from '@badge/db';
import { decodeByType } from '@badge/proto';
import { createLogger, createMetrics } from '@badge/service-kit';
import { startTestSubgraph, testDatabaseUrl, uniqueId, type TestSubgraph } from '@badge/testing';
import { createContextFactory } from '../src/context.js';
import { createRepositories } from '../src/db.js';
import { parseBenefitEnvironment } from '../src/environment.js';
import { modules } from '../src/modules/index.js';
import { createMemoryPointsProvider } from '../src/points/memory-points-provider.js';
import { verifyPointsSignature, type PointsProvider } from '../src/points/index.js';
import { createServices, type Services } from '../src/services.js';

export const uuid = (): string => randomUUID();

/** Settings as the services read them (defaults of the environment). */
export const testSettings = () =>
  parseBenefitEnvironment({
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: '127.0.0.1:9092',
    INTERNAL_IDENTITY_SECRETS: 'test-identity-secret-test-identity-secret',
  });

export interface Harness {
  prisma: PrismaClient;
  services: Services;
  subgraph: TestSubgraph;
  stop(): Promise<void>;
}

/** The real subgraph (shield, errors, identity) over the real services and the test database. */
export async function startHarness(
  points?: PointsProvider,
  options: { url?: string } = {},
): Promise<Harness> {
  const prisma = createPrismaClient({ url: options.url ?? testDatabaseUrl(), poolMax: 6 });
  const logger = createLogger({ name: 'benefit-test', level: 'silent' });
  const services = createServices({
    repositories: createRepositories(prisma),
    settings: testSettings(),
    points: points ?? createMemoryPointsProvider(logger),
    registry: createMetrics({ service: 'benefit-test' }).registry,
    logger,
    producer: 'benefit-subgraph',
  });
  const subgraph = await startTestSubgraph({
    modules,
    createContext: createContextFactory(services),
  });
  return {
    prisma,
    services,
    subgraph,
    async stop() {
      await subgraph.stop();
      await prisma.$disconnect();
    },
  };
}

export async function createBenefit(
  prisma: PrismaClient,
  data: {
    type?: BenefitType;
    status?: 'DRAFT' | 'PUBLISHED' | 'OFFLINE' | 'ARCHIVED';
    stock?: number | null;
    perUserLimit?: number | null;
    points?: number;
    validUntil?: Date;
    validFrom?: Date;
  } = {},
) {
  const type = data.type ?? 'PRIVILEGE';
  return prisma.benefit.create({
    data: {
      id: uuid(),
      code: uniqueId('benefit'),
      type,
      name: { 'zh-CN': '权益', 'en-US': 'Benefit' },
      status: data.status ?? 'PUBLISHED',
      totalStock: data.stock ?? null,
      remainingStock: data.stock ?? null,
      perUserLimit: data.perUserLimit ?? null,
      config: type === 'POINTS' ? { points: data.points ?? 100 } : {},
      ...(data.validUntil
        ? { validityKind: 'FIXED', validUntil: data.validUntil, validFrom: data.validFrom ?? null }
        : {}),
    },
  });
}

export async function addCoupons(prisma: PrismaClient, benefitId: string, count: number) {
  const codes = Array.from({ length: count }, () => `T-${randomUUID().slice(0, 13)}`);
  await prisma.couponCode.createMany({ data: codes.map((code) => ({ benefitId, code })) });
  return codes;
}

export async function link(prisma: PrismaClient, badgeId: string, benefitId: string, quantity = 1) {
  return prisma.badgeBenefit.create({ data: { id: uuid(), badgeId, benefitId, quantity } });
}

export async function createRule(
  prisma: PrismaClient,
  benefitId: string,
  items: { badgeId: string; quantity: number }[],
  extra: {
    perUserLimit?: number;
    activeUntil?: Date;
    status?: 'DRAFT' | 'ACTIVE' | 'DISABLED';
  } = {},
) {
  return prisma.redemptionRule.create({
    data: {
      id: uuid(),
      code: uniqueId('rule'),
      name: { 'en-US': 'Spend badges' },
      benefitId,
      status: extra.status ?? 'ACTIVE',
      perUserLimit: extra.perUserLimit ?? null,
      activeUntil: extra.activeUntil ?? null,
      items: { create: items },
    },
  });
}

/** Outbox rows of the benefit schema for a key (user id), decoded. */
export async function outboxFor(prisma: PrismaClient, key: string, eventType?: string) {
  const rows = await prisma.benefitOutboxEvent.findMany({
    where: { key, ...(eventType ? { eventType } : {}) },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({ row: r, event: decodeByType(r.eventType, r.payload) }));
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what = 'condition',
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A points system over real HTTP: checks the HMAC signature, is idempotent on the key, and
 * answers per user as the test decides (ok, 503, or a 422 refusal).
 */
export interface PointsServer {
  url: string;
  secret: string;
  calls: { operation: string; key: string; userId: string; points: number; signed: boolean }[];
  /** Users whose calls fail (503) or are refused (422) for the given operation. */
  behaviour: Map<string, { credit?: 'fail' | 'reject'; reverse?: 'fail' | 'reject' }>;
  stop(): Promise<void>;
}

export async function startPointsServer(): Promise<PointsServer> {
  const secret = 'points-secret-points-secret-points-secret';
  const calls: PointsServer['calls'] = [];
  const behaviour: PointsServer['behaviour'] = new Map();
  const applied = new Map<string, string>();
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => resolve(text));
    });
  const server: Server = createServer((req, res) => {
    void body(req).then((text) => {
      const operation = (req.url ?? '').replace(/^\//, '');
      const signed = verifyPointsSignature({
        secrets: [secret],
        timestamp: req.headers['x-badge-timestamp'] as string | undefined,
        signature: req.headers['x-badge-signature'] as string | undefined,
        body: text,
      });
      const payload = JSON.parse(text) as {
        userId: string;
        points: number;
        idempotencyKey: string;
      };
      calls.push({
        operation,
        key: payload.idempotencyKey,
        userId: payload.userId,
        points: payload.points,
        signed,
      });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (!signed) return send(401, { error: 'bad signature' });
      const mode = behaviour.get(payload.userId)?.[operation as 'credit' | 'reverse'];
      if (mode === 'fail') return send(503, { error: 'points ledger unavailable' });
      if (mode === 'reject') return send(422, { error: 'points already spent' });
      const known = applied.get(payload.idempotencyKey) ?? `tx-${randomUUID()}`;
      applied.set(payload.idempotencyKey, known);
      send(200, { transactionId: known });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    calls,
    behaviour,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
