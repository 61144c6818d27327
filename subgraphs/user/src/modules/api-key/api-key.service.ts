import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_SCOPES, AppError, type Identity } from '@badge/service-kit';
import { z } from 'zod';
import { auditRecord, type AuditBuilder } from '../../audit.js';
import type { UserMetrics } from '../../metrics.js';
import {
  decodeCursor,
  parseInput,
  toConnection,
  ZConnectionArgs,
  type Connection,
} from '../../pagination.js';
import type {
  ApiKeyPatch,
  ApiKeyRepository,
  ApiKeyRow,
  ApiKeyState,
} from './api-key.repository.js';

/** `bk_<12 hex>_<43 base64url>`: the prefix identifies the key, 32 random bytes are the secret. */
export const API_KEY_PATTERN = /^bk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

/** SHA-256 hex of the full key — the only form stored (and what the gateway sends). */
export const hashApiKey = (key: string): string =>
  createHash('sha256').update(key, 'utf8').digest('hex');

function generateKey(): { key: string; prefix: string; keyHash: string } {
  const prefix = `bk_${randomBytes(6).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

const ZScopes = z
  .array(z.enum(API_KEY_SCOPES))
  .min(1, 'at least one scope')
  .transform((s) => [...new Set(s)].sort());
const ZRateLimit = z.number().int().min(1).max(1_000_000);
const ZFutureDate = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .refine((d) => d.getTime() > Date.now(), 'must be in the future');

export const ZCreateApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullish(),
  scopes: ZScopes,
  rateLimitPerMinute: ZRateLimit.nullish(),
  expiresAt: ZFutureDate.nullish(),
});
export type TCreateApiKeyInput = z.input<typeof ZCreateApiKeyInput>;

export const ZUpdateApiKeyInput = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1).max(100).nullish(),
  description: z.string().trim().max(500).nullish(),
  scopes: ZScopes.nullish(),
  /** null = the gateway default; absent = unchanged. */
  rateLimitPerMinute: ZRateLimit.nullish(),
  /** null = never expires; absent = unchanged. */
  expiresAt: ZFutureDate.nullish(),
});
export type TUpdateApiKeyInput = z.input<typeof ZUpdateApiKeyInput>;

export const ZApiKeysArgs = ZConnectionArgs.extend({
  filter: z
    .object({
      status: z.enum(['ACTIVE', 'DISABLED', 'EXPIRED']).nullish(),
      search: z.string().trim().max(100).nullish(),
    })
    .nullish(),
});
export type TApiKeysArgs = z.input<typeof ZApiKeysArgs>;

const ZKeyHash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');
const ZId = z.uuid();
const ZCursor = z.tuple([z.iso.datetime(), z.uuid()]);

export interface ApiKeyDto {
  id: string;
  name: string;
  description: string | null;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  expiresAt: string | null;
  isEnabled: boolean;
  status: ApiKeyState;
  lastUsedAt: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the gateway needs to authenticate a partner (see gateway/src/auth/api-key-access.ts). */
export interface ApiKeyAccessDto {
  id: string;
  name: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  expiresAt: string | null;
  isEnabled: boolean;
  /** Enabled and not expired: the gateway must refuse the key otherwise. */
  isActive: boolean;
}

export const stateOf = (k: ApiKeyRow, now = new Date()): ApiKeyState =>
  !k.isEnabled ? 'DISABLED' : k.expiresAt && k.expiresAt <= now ? 'EXPIRED' : 'ACTIVE';

const toDto = (k: ApiKeyRow): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  description: k.description,
  prefix: k.prefix,
  scopes: k.scopes,
  rateLimitPerMinute: k.rateLimitPerMinute,
  expiresAt: k.expiresAt?.toISOString() ?? null,
  isEnabled: k.isEnabled,
  status: stateOf(k),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  createdById: k.createdBy,
  createdAt: k.createdAt.toISOString(),
  updatedAt: k.updatedAt.toISOString(),
});

// Audit snapshots: never the hash, never the key.
const snapshot = (k: ApiKeyRow | null) =>
  k && {
    name: k.name,
    description: k.description,
    prefix: k.prefix,
    scopes: k.scopes,
    rateLimitPerMinute: k.rateLimitPerMinute,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    isEnabled: k.isEnabled,
    deleted: k.revokedAt !== null,
  };

/**
 * Partner API keys. The plaintext exists only in the create/regenerate response; the database
 * holds the prefix (to recognise a key in the console) and the SHA-256 of the whole key.
 */
export function createApiKeyService(deps: {
  repository: ApiKeyRepository;
  /** Admin uuid of the caller (the creator column references admin_user). */
  adminIdOf: (subject: string) => Promise<string | null>;
  metrics: UserMetrics;
  /** Coalesced last-used bookkeeping (fire-and-forget). */
  touchLastUsed?: (id: string) => void;
}) {
  const { repository } = deps;

  const audit =
    (identity: Identity, action: string): AuditBuilder<ApiKeyRow> =>
    (before, after) => [
      auditRecord(identity, {
        module: 'system',
        action,
        targetType: 'ApiKey',
        targetId: (after ?? before)!.id,
        ...(before ? { before: snapshot(before) } : {}),
        ...(after ? { after: snapshot(after) } : {}),
      }),
    ];

  const change = async (
    identity: Identity,
    id: string,
    action: string,
    patch: ApiKeyPatch | ((before: ApiKeyRow) => ApiKeyPatch),
  ): Promise<ApiKeyRow> => {
    const keyId = parseInput(ZId, id, 'API key id');
    const row = await repository.update(keyId, patch, audit(identity, action));
    if (!row) throw new AppError('NOT_FOUND', 'API key not found', { id: keyId });
    return row;
  };

  const byIds = async (ids: readonly string[]): Promise<(ApiKeyDto | null)[]> => {
    const valid = ids.filter((id) => ZId.safeParse(id).success);
    const rows = new Map((await repository.findByIds(valid)).map((k) => [k.id, toDto(k)]));
    return ids.map((id) => rows.get(id) ?? null);
  };

  return {
    byIds,

    async get(id: string): Promise<ApiKeyDto | null> {
      return (await byIds([id]))[0] ?? null;
    },

    async list(args: TApiKeysArgs): Promise<Connection<ApiKeyDto>> {
      const { first, after, filter } = parseInput(ZApiKeysArgs, args, 'API key query');
      const cursor = decodeCursor(after, ZCursor);
      const { rows, totalCount } = await repository.list(
        { state: filter?.status ?? undefined, search: filter?.search || undefined },
        {
          take: first + 1,
          after: cursor ? { createdAt: new Date(cursor[0]), id: cursor[1] } : undefined,
        },
        new Date(),
      );
      return toConnection(rows, first, totalCount, toDto, (k) => [k.createdAt.toISOString(), k.id]);
    },

    /** Creates a key; the returned `key` is the only time the plaintext exists. */
    async create(
      identity: Identity,
      input: TCreateApiKeyInput,
    ): Promise<{ apiKey: ApiKeyDto; key: string }> {
      const data = parseInput(ZCreateApiKeyInput, input, 'API key');
      const generated = generateKey();
      const row = await repository.create(
        {
          name: data.name,
          description: data.description ?? null,
          prefix: generated.prefix,
          keyHash: generated.keyHash,
          scopes: data.scopes,
          rateLimitPerMinute: data.rateLimitPerMinute ?? null,
          expiresAt: data.expiresAt ?? null,
          createdBy: identity.kind === 'admin' ? await deps.adminIdOf(identity.subject) : null,
        },
        audit(identity, 'apikey.create'),
      );
      return { apiKey: toDto(row), key: generated.key };
    },

    /** A new secret (and prefix) for the key; the old one stops working at once. */
    async regenerate(identity: Identity, id: string): Promise<{ apiKey: ApiKeyDto; key: string }> {
      const generated = generateKey();
      const row = await change(identity, id, 'apikey.regenerate', {
        prefix: generated.prefix,
        keyHash: generated.keyHash,
      });
      return { apiKey: toDto(row), key: generated.key };
    },

    async update(identity: Identity, input: TUpdateApiKeyInput): Promise<ApiKeyDto> {
      const data = parseInput(ZUpdateApiKeyInput, input, 'API key update');
      const patch: ApiKeyPatch = {
        ...(data.name ? { name: data.name } : {}),
        ...(data.description !== undefined ? { description: data.description } : {}),
        ...(data.scopes ? { scopes: data.scopes } : {}),
        ...(data.rateLimitPerMinute !== undefined
          ? { rateLimitPerMinute: data.rateLimitPerMinute }
          : {}),
        ...(data.expiresAt !== undefined ? { expiresAt: data.expiresAt } : {}),
      };
      return toDto(await change(identity, data.id, 'apikey.update', patch));
    },

    async setEnabled(identity: Identity, id: string, isEnabled: boolean): Promise<ApiKeyDto> {
      return toDto(
        await change(identity, id, isEnabled ? 'apikey.enable' : 'apikey.disable', { isEnabled }),
      );
    },

    /** Expires the key now (it stays listed as EXPIRED; `updateApiKey` can extend it). */
    async expire(identity: Identity, id: string): Promise<ApiKeyDto> {
      return toDto(
        await change(identity, id, 'apikey.expire', (before) =>
          before.expiresAt && before.expiresAt <= new Date() ? {} : { expiresAt: new Date() },
        ),
      );
    },

    /** Deletes the key: it is refused from now on and no longer listed (the row is kept for the audit trail). */
    async delete(identity: Identity, id: string): Promise<ApiKeyDto> {
      return toDto(
        await change(identity, id, 'apikey.delete', { revokedAt: new Date(), isEnabled: false }),
      );
    },

    /**
     * The gateway's lookup by key hash: null for unknown or deleted keys; disabled and expired
     * keys are returned with `isActive: false` so the gateway can say why it refuses them. An
     * active key's last-used time is recorded without waiting.
     */
    async access(keyHash: string): Promise<ApiKeyAccessDto | null> {
      const hash = parseInput(ZKeyHash, keyHash, 'key hash');
      const row = await repository.findByHash(hash);
      if (!row || row.revokedAt) {
        deps.metrics.apiKeyLookups.inc({ result: 'not_found' });
        return null;
      }
      const state = stateOf(row);
      deps.metrics.apiKeyLookups.inc({ result: state.toLowerCase() });
      if (state === 'ACTIVE') deps.touchLastUsed?.(row.id);
      return {
        id: row.id,
        name: row.name,
        scopes: row.scopes,
        rateLimitPerMinute: row.rateLimitPerMinute,
        expiresAt: row.expiresAt?.toISOString() ?? null,
        isEnabled: row.isEnabled,
        isActive: state === 'ACTIVE',
      };
    },
  };
}
export type ApiKeyService = ReturnType<typeof createApiKeyService>;
