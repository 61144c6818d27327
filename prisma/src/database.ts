import { createPrismaClient, poolStats, type CreatePrismaClientOptions } from './client.js';
import type { PrismaClient } from './generated/client.js';

/** The shape of a readiness check (structurally the service kit's ReadinessCheck). */
export interface DatabaseCheck {
  name: string;
  critical: boolean;
  check: () => Promise<void>;
}

export interface Database {
  prisma: PrismaClient;
  /** Critical readiness check: PostgreSQL down means the service is down. */
  check: DatabaseCheck;
  /** Pool occupancy, for the db pool gauge and the "pool > 80%" alert. */
  pool: () => { max: number; total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** What every deployable does with the database: a sized client, a readiness check, a close. */
export function createDatabase(options: CreatePrismaClientOptions): Database {
  const prisma = createPrismaClient(options);
  return {
    prisma,
    check: {
      name: 'postgres',
      critical: true,
      check: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
    },
    pool: () => poolStats(prisma) ?? { max: 0, total: 0, idle: 0, waiting: 0 },
    close: () => prisma.$disconnect(),
  };
}
