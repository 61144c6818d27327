import { z } from 'zod';
import { parseEnv, subgraphEnvSchema, type TSubgraphEnv } from '@badge/service-kit';

/**
 * Settings of the benefit domain: the external points system (POINTS benefits) and the retry of
 * failed grants. Shared by the server (manual grants, retries, revocations from the console) and
 * the worker (auto-benefits, redemptions, clawback, the retry loop).
 */
export const ZBenefitEnv = z
  .object({
    /** Base URL of the points system (`POST <url>/credit`, `POST <url>/reverse`); unset = in-memory ledger that only logs. */
    POINTS_PROVIDER_URL: z.url().optional(),
    /** HMAC-SHA256 secret signing every request to the points system (required with the URL). */
    POINTS_PROVIDER_SECRET: z.string().min(32, 'needs at least 32 characters').optional(),
    /** Key id sent with the signature (`x-badge-key-id`), for secret rotation on the provider side. */
    POINTS_PROVIDER_KEY_ID: z.string().min(1).default('default'),
    /** Timeout of one call to the points system. */
    POINTS_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** Consecutive failures that open the points circuit, and how long it stays open. */
    POINTS_PROVIDER_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
    POINTS_PROVIDER_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(0).default(10_000),
    /** How often the worker retries FAILED (retryable) and stale PENDING grants; 0 = off. */
    BENEFIT_GRANT_RETRY_INTERVAL_MS: z.coerce.number().int().min(0).default(5_000),
    /** Backoff before retry n: base × 2^(n-1), at most max. */
    BENEFIT_GRANT_RETRY_BASE_MS: z.coerce.number().int().min(0).default(10_000),
    BENEFIT_GRANT_RETRY_MAX_MS: z.coerce.number().int().min(0).default(600_000),
    /** Attempts after which a failed grant is no longer retried automatically (console retry still works). */
    BENEFIT_GRANT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    /** A PENDING grant untouched this long (a worker died mid-delivery) is picked up by the retry loop. */
    BENEFIT_GRANT_PENDING_STALE_MS: z.coerce.number().int().min(0).default(60_000),
    /** Grants handled per retry round. */
    BENEFIT_GRANT_RETRY_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),
  })
  .refine((env) => !env.POINTS_PROVIDER_URL || env.POINTS_PROVIDER_SECRET, {
    path: ['POINTS_PROVIDER_SECRET'],
    message: 'is required when POINTS_PROVIDER_URL is set',
  });
export type TBenefitSettings = z.infer<typeof ZBenefitEnv>;

export type TBenefitEnv = TSubgraphEnv & TBenefitSettings;

const schema = subgraphEnvSchema(4003).and(ZBenefitEnv);

/** Parses an environment (tests pass their own record; the entry points pass process.env). */
export const parseBenefitEnvironment = (source: Record<string, string | undefined>): TBenefitEnv =>
  parseEnv(schema, source);

/** Server and worker. */
export const loadEnvironment = (): TBenefitEnv => parseBenefitEnvironment(process.env);
