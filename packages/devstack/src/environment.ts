import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Configuration of the local platform. Everything has a default that works on a machine of our
 * kind (PostgreSQL and Redis on localhost); Kafka and the OIDC provider are embedded unless
 * KAFKA_BROKERS / OIDC_ISSUER point at real ones.
 */
const ZDevstackEnv = z.object({
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/badge'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  KAFKA_BROKERS: z.string().optional(),
  OIDC_ISSUER: z.string().optional(),
  OIDC_CLIENT_ID: z.string().default('badge-admin'),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_AUDIENCE: z.string().default('urn:badge:gateway'),
  /** Ports: gateway = base, subgraphs base+1..4, their metrics base+101..104, workers' base+111..114. */
  DEVSTACK_PORT_BASE: z.coerce.number().int().min(1024).max(60000).default(4000),
  ADMIN_WEB_PORT: z.coerce.number().int().default(3000),
  /** Set to 0 to run without the Next.js console (e.g. API-only work). */
  DEVSTACK_ADMIN_WEB: z.enum(['0', '1']).default('1'),
  /** Where generated dev secrets live between runs (gitignored). */
  DEVSTACK_STATE_DIR: z.string().default(join(process.cwd(), '../../.devstack')),
  LOG_LEVEL: z.string().default('info'),
});
export type DevstackEnv = z.infer<typeof ZDevstackEnv>;

export const loadEnvironment = (): DevstackEnv => ZDevstackEnv.parse(process.env);

export interface DevSecrets {
  identitySecret: string;
  nextAuthSecret: string;
  oidcClientSecret: string;
  fieldEncryptionKey: string;
  blindIndexKey: string;
}

/** Random secrets generated once per checkout and reused, so console sessions survive restarts. */
export function loadDevSecrets(stateDir: string): DevSecrets {
  const file = join(stateDir, 'secrets.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  } catch {
    const secrets: DevSecrets = {
      identitySecret: randomBytes(32).toString('base64url'),
      nextAuthSecret: randomBytes(32).toString('base64url'),
      oidcClientSecret: randomBytes(24).toString('base64url'),
      fieldEncryptionKey: randomBytes(32).toString('base64'),
      blindIndexKey: randomBytes(32).toString('base64'),
    };
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}
