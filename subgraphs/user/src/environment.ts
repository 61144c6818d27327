import { z } from 'zod';
import { parseEnv, subgraphEnvSchema } from '@badge/service-kit';

const csv = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const CHANNELS = ['IN_APP', 'PUSH', 'SMS', 'EMAIL', 'WEBHOOK'] as const;

/** `keyId:base64(32 bytes)` entries, comma-separated, the first is the current key. */
const ZFieldKeys = z
  .string()
  .transform(csv)
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9+/=_-]+$/, 'must be keyId:base64(32 bytes)'),
      )
      .min(1),
  )
  .transform((entries, ctx) => {
    const keys: { id: string; key: Buffer }[] = [];
    for (const entry of entries) {
      const at = entry.indexOf(':');
      const id = entry.slice(0, at);
      const key = Buffer.from(entry.slice(at + 1), 'base64');
      if (key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: `key ${id} is not 32 bytes of base64` });
        return z.NEVER;
      }
      if (keys.some((k) => k.id === id)) {
        ctx.addIssue({ code: 'custom', message: `key id ${id} appears twice` });
        return z.NEVER;
      }
      keys.push({ id, key });
    }
    return keys;
  });

const ZBase64Key = z
  .string()
  .transform((v) => Buffer.from(v, 'base64'))
  .refine((b) => b.length >= 32, 'must be at least 32 bytes of base64');

const ZUserEnv = subgraphEnvSchema(4004)
  .extend({
    /**
     * OIDC subjects that become active super admins on their first sign-in (bootstrapping an empty
     * installation). Everyone else starts PENDING until an admin grants a role.
     */
    ADMIN_BOOTSTRAP_SUBJECTS: z.string().default('').transform(csv),
    /**
     * Key-encryption keys for PII (AES-256-GCM envelope encryption): `keyId:base64(32 bytes)`,
     * comma-separated, the first encrypts new values, all decrypt. Required in production; in
     * development and test a key is derived from INTERNAL_IDENTITY_SECRETS when unset.
     */
    FIELD_ENCRYPTION_KEYS: ZFieldKeys.optional(),
    /** HMAC-SHA256 key (base64, ≥ 32 bytes) of the PII blind indexes. Same rules as above. */
    BLIND_INDEX_KEY: ZBase64Key.optional(),
    /** Country code assumed for phone numbers given without one (E.164 normalisation). */
    PHONE_DEFAULT_COUNTRY_CODE: z
      .string()
      .regex(/^[1-9]\d{0,2}$/)
      .default('86'),

    /** Channels of event-driven notifications (badge/benefit events) besides the user's opt-outs. */
    NOTIFICATION_DEFAULT_CHANNELS: z
      .string()
      .default('IN_APP,WEBHOOK')
      .transform(csv)
      .pipe(z.array(z.enum(CHANNELS))),
    /** The brand's webhook receiving every notification (signed); unset = no WEBHOOK channel. */
    NOTIFICATION_WEBHOOK_URL: z.url().optional(),
    /** HMAC-SHA256 secret signing webhook payloads (required with the URL, ≥ 32 chars). */
    NOTIFICATION_WEBHOOK_SECRET: z.string().min(32).optional(),
    /** Provider endpoints (JSON POST, bearer token); unset = the logging adapter. */
    NOTIFICATION_EMAIL_PROVIDER_URL: z.url().optional(),
    NOTIFICATION_EMAIL_PROVIDER_TOKEN: z.string().optional(),
    NOTIFICATION_SMS_PROVIDER_URL: z.url().optional(),
    NOTIFICATION_SMS_PROVIDER_TOKEN: z.string().optional(),
    NOTIFICATION_PUSH_PROVIDER_URL: z.url().optional(),
    NOTIFICATION_PUSH_PROVIDER_TOKEN: z.string().optional(),
    /** Delivery loop: attempts before FAILED, backoff (exponential, capped), HTTP timeout. */
    NOTIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    NOTIFICATION_RETRY_BASE_MS: z.coerce.number().int().min(1).default(2_000),
    NOTIFICATION_RETRY_MAX_MS: z.coerce.number().int().min(1).default(3_600_000),
    NOTIFICATION_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
    NOTIFICATION_DELIVERY_POLL_MS: z.coerce.number().int().min(10).default(1_000),
    NOTIFICATION_DELIVERY_BATCH: z.coerce.number().int().min(1).max(500).default(50),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.FIELD_ENCRYPTION_KEYS)
        ctx.addIssue({
          code: 'custom',
          path: ['FIELD_ENCRYPTION_KEYS'],
          message: 'required in production',
        });
      if (!env.BLIND_INDEX_KEY)
        ctx.addIssue({
          code: 'custom',
          path: ['BLIND_INDEX_KEY'],
          message: 'required in production',
        });
    }
    if (env.NOTIFICATION_WEBHOOK_URL && !env.NOTIFICATION_WEBHOOK_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFICATION_WEBHOOK_SECRET'],
        message: 'required when NOTIFICATION_WEBHOOK_URL is set',
      });
  });
export type UserEnv = z.infer<typeof ZUserEnv>;

export const loadEnvironment = (): UserEnv => parseEnv(ZUserEnv, process.env);
