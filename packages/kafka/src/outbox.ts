// Transactional outbox: domain code inserts rows into <schema>.outbox_event in the same database
// transaction as its effect (docs/CONTRACTS.md); the relay below publishes them to Kafka and
// marks them published only after the broker acknowledged them.
//
// Delivery: at least once. A row is marked published after the broker acked it; if the process
// dies (or the UPDATE/COMMIT fails) between the ack and the commit, the row is published again
// later. Consumers dedupe by event id (inbox table), so the effect stays exactly once.
//
// Ordering (what a consumer can rely on): messages with the same key land on the same partition
// (murmur2 of the key = user id) in the order the relay publishes them, and the relay publishes
// in `created_at` order:
//   - One batch is in flight at a time per relay, and a failed batch is retried before anything
//     newer (the next claim picks the same oldest rows again), so one relay never reorders.
//   - `strictOrdering` (default on) makes the relays of one schema take turns through a
//     transaction-scoped advisory lock: with several replicas only one publishes at a time, so
//     ordering holds across replicas too and failover is automatic. With it off, replicas claim
//     disjoint batches concurrently (FOR UPDATE SKIP LOCKED) — more throughput, but two batches
//     may interleave, so per-key order is no longer guaranteed.
//   - Rows written by one transaction share `created_at` (DEFAULT now() is the transaction start,
//     millisecond precision). Ties are broken by physical position (ctid), which is insertion
//     order for rows inserted by one transaction in practice but is not a guarantee Postgres
//     makes. Writers that need a strict order inside one transaction should set distinct
//     created_at values themselves.
//   - A redelivery (see above) can repeat an earlier message after later ones.
//
// A row that can never be published (a topic that does not exist, a message over the size limit)
// blocks its relay: it is retried with backoff forever and never dropped. Alert on
// `outbox_publish_errors_total` / `outbox_pending` and the row's attempts/last_error.
import type { Logger } from 'pino';
import type { Pool, PoolClient } from 'pg';
import type { Registry } from 'prom-client';
import { counter, gauge } from './metrics.js';
import type { MessagePublisher, OutgoingMessage, TopicMessages } from './producer.js';
import { backoffDelay, errorMessage } from './util.js';

export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  eventType: string;
  payload: Buffer;
  headers: Record<string, string>;
  createdAt: Date;
  attempts: number;
  lastError: string | null;
}

export interface OutboxBatchResult {
  /** Rows claimed (locked) in this round. */
  claimed: number;
  /** Rows marked published. */
  published: number;
  /** Rows whose publish failed (attempts/last_error recorded, still unpublished). */
  failed: number;
  /** The publish error, when the batch failed. */
  error?: unknown;
  /** strictOrdering: another relay holds the schema's lock; nothing was claimed. */
  lockedByOther?: boolean;
  /** Per-topic counts of published rows. */
  publishedByTopic: Record<string, number>;
}

/** Publishes a claimed batch; resolves only when the broker acked every row, rejects otherwise. */
export type PublishRows = (rows: OutboxRow[]) => Promise<void>;

export interface OutboxSubscription {
  close(): Promise<void>;
}

export interface OutboxStore {
  /** Used as the `outbox` metric label (the schema name). */
  readonly name: string;
  /**
   * In one transaction: claim up to `limit` unpublished rows (oldest first, FOR UPDATE SKIP
   * LOCKED), call `publish`, then mark them published — or, if `publish` rejects, record
   * attempts/last_error and leave them unpublished. Rejects only when the database fails (the
   * transaction is rolled back then; rows stay unpublished).
   */
  processBatch(limit: number, publish: PublishRows): Promise<OutboxBatchResult>;
  countPending(): Promise<number>;
  /** LISTEN for inserts (see {@link outboxNotifyTriggerSql}); `onError` when the connection breaks. */
  listen?(onNotify: () => void, onError: (err: Error) => void): Promise<OutboxSubscription>;
}

export interface CreatePgOutboxStoreOptions {
  pool: Pool;
  /** Domain schema holding outbox_event (badge, rule, benefit, user). */
  schema: string;
  /** Default true; see the ordering notes at the top of this file. */
  strictOrdering?: boolean;
  /** LISTEN channel; default `<schema>_outbox`. */
  channel?: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/i;

function quoteIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export function defaultOutboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

/**
 * DDL for an AFTER INSERT statement trigger that NOTIFYs the relay's channel, so rows are
 * published right after the writing transaction commits instead of at the next poll. (Schema
 * migrations own the DDL; this is what to put into one.)
 */
export function outboxNotifyTriggerSql(
  schema: string,
  channel = defaultOutboxChannel(schema),
): string {
  const s = quoteIdent(schema);
  quoteIdent(channel);
  return `CREATE OR REPLACE FUNCTION ${s}.outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${channel}', '');
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS outbox_event_notify ON ${s}.outbox_event;
CREATE TRIGGER outbox_event_notify AFTER INSERT ON ${s}.outbox_event
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.outbox_event_notify();`;
}

interface OutboxDbRow {
  id: string;
  topic: string;
  key: string;
  event_type: string;
  payload: Buffer;
  headers: unknown;
  created_at: Date;
  attempts: number;
  last_error: string | null;
}

function toHeaders(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

const MAX_LAST_ERROR = 2000;

export function createPgOutboxStore(options: CreatePgOutboxStoreOptions): OutboxStore {
  const { pool, schema } = options;
  const table = `${quoteIdent(schema)}.outbox_event`;
  const strictOrdering = options.strictOrdering ?? true;
  const channel = options.channel ?? defaultOutboxChannel(schema);
  quoteIdent(channel);
  const lockKey = `outbox:${schema}`;

  const claimSql = `SELECT id, topic, key, event_type, payload, headers, created_at, attempts, last_error
    FROM ${table}
    WHERE published_at IS NULL
    ORDER BY created_at, ctid
    LIMIT $1
    FOR UPDATE SKIP LOCKED`;
  const markPublishedSql = `UPDATE ${table}
    SET published_at = clock_timestamp(), attempts = attempts + 1
    WHERE id = ANY($1::uuid[])`;
  const markFailedSql = `UPDATE ${table}
    SET attempts = attempts + 1, last_error = $2
    WHERE id = ANY($1::uuid[])`;

  const rollback = async (client: PoolClient): Promise<void> => {
    try {
      await client.query('ROLLBACK');
    } catch {
      // the connection is broken; release(err) below discards it
    }
  };

  return {
    name: schema,

    async processBatch(limit, publish) {
      const client = await pool.connect();
      let released = false;
      try {
        await client.query('BEGIN');
        if (strictOrdering) {
          const lock = await client.query<{ ok: boolean }>(
            'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok',
            [lockKey],
          );
          if (!lock.rows[0]?.ok) {
            await client.query('COMMIT');
            return {
              claimed: 0,
              published: 0,
              failed: 0,
              lockedByOther: true,
              publishedByTopic: {},
            };
          }
        }
        const { rows } = await client.query<OutboxDbRow>(claimSql, [limit]);
        if (rows.length === 0) {
          await client.query('COMMIT');
          return { claimed: 0, published: 0, failed: 0, publishedByTopic: {} };
        }
        const batch: OutboxRow[] = rows.map((r) => ({
          id: r.id,
          topic: r.topic,
          key: r.key,
          eventType: r.event_type,
          payload: r.payload,
          headers: toHeaders(r.headers),
          createdAt: r.created_at,
          attempts: r.attempts,
          lastError: r.last_error,
        }));
        const ids = batch.map((r) => r.id);
        let publishError: unknown;
        let ok = false;
        try {
          await publish(batch);
          ok = true;
        } catch (err) {
          publishError = err;
        }
        if (ok) {
          await client.query(markPublishedSql, [ids]);
          await client.query('COMMIT');
          const publishedByTopic: Record<string, number> = {};
          for (const r of batch) publishedByTopic[r.topic] = (publishedByTopic[r.topic] ?? 0) + 1;
          return { claimed: batch.length, published: batch.length, failed: 0, publishedByTopic };
        }
        await client.query(markFailedSql, [
          ids,
          errorMessage(publishError).slice(0, MAX_LAST_ERROR),
        ]);
        await client.query('COMMIT');
        return {
          claimed: batch.length,
          published: 0,
          failed: batch.length,
          error: publishError,
          publishedByTopic: {},
        };
      } catch (err) {
        await rollback(client);
        client.release(err instanceof Error ? err : new Error(String(err)));
        released = true;
        throw err;
      } finally {
        if (!released) client.release();
      }
    },

    async countPending() {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE published_at IS NULL`,
      );
      return Number(rows[0]?.n ?? 0);
    },

    async listen(onNotify, onError) {
      const client = await pool.connect();
      let closed = false;
      const onNotification = (msg: { channel: string }): void => {
        if (msg.channel === channel) onNotify();
      };
      const onClientError = (err: Error): void => {
        if (closed) return;
        closed = true;
        client.removeListener('notification', onNotification);
        client.release(err);
        onError(err);
      };
      client.on('notification', onNotification);
      client.on('error', onClientError);
      try {
        await client.query(`LISTEN ${quoteIdent(channel)}`);
      } catch (err) {
        closed = true;
        client.removeListener('notification', onNotification);
        client.removeListener('error', onClientError);
        client.release(err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
      return {
        async close() {
          if (closed) return;
          closed = true;
          client.removeListener('notification', onNotification);
          try {
            await client.query('UNLISTEN *');
            client.removeListener('error', onClientError);
            client.release();
          } catch (err) {
            client.removeListener('error', onClientError);
            client.release(err instanceof Error ? err : new Error(String(err)));
          }
        },
      };
    },
  };
}

export interface CreateOutboxRelayOptions {
  store: OutboxStore;
  producer: MessagePublisher;
  logger: Logger;
  registry: Registry;
  /** Rows per claim/publish round. Default 100. */
  batchSize?: number;
  /** Idle poll period when nothing wakes the relay. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Backoff after a failed round (publish or database). Default { initialMs: 500, maxMs: 30 000 }. */
  backoff?: { initialMs: number; maxMs: number };
  /** LISTEN on the store's channel and wake on NOTIFY (holds one pool connection). Default false. */
  listen?: boolean;
  /** Minimum period between `outbox_pending` refreshes (a count query). Default 5000 ms. */
  pendingRefreshMs?: number;
}

export interface OutboxRelay {
  start(): Promise<void>;
  /** Finishes the in-flight round (its transaction commits), then stops. */
  stop(): Promise<void>;
  /** True while running and the last round reached the database and the broker. */
  readiness(): boolean;
  /** Wake the relay now (e.g. right after committing a transaction that wrote outbox rows). */
  notify(): void;
  /** One claim → publish → mark round, outside the loop (tests, drain scripts). */
  runOnce(): Promise<OutboxBatchResult>;
}

/** Kafka message for an outbox row: key, payload bytes, stored headers, created_at as timestamp. */
export function outboxRowToMessage(row: OutboxRow): OutgoingMessage {
  return {
    key: row.key,
    value: row.payload,
    headers: row.headers,
    timestamp: String(row.createdAt.getTime()),
  };
}

export function createOutboxRelay(options: CreateOutboxRelayOptions): OutboxRelay {
  const { store, producer, registry } = options;
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
  const pendingRefreshMs = options.pendingRefreshMs ?? 5000;
  const logger = options.logger.child({ component: 'outbox-relay', outbox: store.name });
  const labels = { outbox: store.name };

  const pending = gauge(registry, {
    name: 'outbox_pending',
    help: 'Unpublished outbox rows',
    labelNames: ['outbox'],
  });
  const published = counter(registry, {
    name: 'outbox_published_total',
    help: 'Outbox rows published to Kafka and marked published',
    labelNames: ['outbox', 'topic'],
  });
  const publishErrors = counter(registry, {
    name: 'outbox_publish_errors_total',
    help: 'Failed relay rounds (publish or database error)',
    labelNames: ['outbox'],
  });

  const publish: PublishRows = async (rows) => {
    // Group by topic, keeping created_at order inside each topic; one sendBatch call.
    const byTopic = new Map<string, TopicMessages>();
    for (const row of rows) {
      let entry = byTopic.get(row.topic);
      if (!entry) {
        entry = { topic: row.topic, messages: [] };
        byTopic.set(row.topic, entry);
      }
      entry.messages.push(outboxRowToMessage(row));
    }
    await producer.sendBatch([...byTopic.values()]);
  };

  let running = false;
  let healthy = false;
  let loopPromise: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let wakeRequested = false;
  let stopController = new AbortController();
  let subscription: OutboxSubscription | undefined;
  let listening = false;
  let lastPendingRefresh = 0;

  const notify = (): void => {
    wakeRequested = true;
    wake?.();
  };

  const refreshPending = async (force = false): Promise<void> => {
    const now = Date.now();
    if (!force && now - lastPendingRefresh < pendingRefreshMs) return;
    lastPendingRefresh = now;
    try {
      pending.set(labels, await store.countPending());
    } catch (err) {
      logger.warn({ err }, 'outbox pending count failed');
    }
  };

  const runOnce = async (): Promise<OutboxBatchResult> => {
    const result = await store.processBatch(batchSize, publish);
    for (const [topic, n] of Object.entries(result.publishedByTopic))
      published.inc({ ...labels, topic }, n);
    if (result.failed > 0) {
      publishErrors.inc(labels);
      logger.warn(
        { err: result.error, rows: result.failed },
        'outbox publish failed; rows stay pending',
      );
    } else if (result.published > 0) {
      logger.debug({ rows: result.published }, 'outbox rows published');
    }
    return result;
  };

  const ensureListening = async (): Promise<void> => {
    if (!options.listen || listening || !store.listen) return;
    listening = true;
    try {
      subscription = await store.listen(notify, (err) => {
        logger.warn({ err }, 'outbox LISTEN connection lost; polling until it is re-established');
        subscription = undefined;
        listening = false;
      });
    } catch (err) {
      listening = false;
      logger.warn({ err }, 'outbox LISTEN failed; polling');
    }
  };

  /** Waits `ms`, or less when stopped or (if `wakeable`) notified. */
  const idle = async (ms: number, wakeable: boolean): Promise<void> => {
    if (wakeable && wakeRequested) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = stopController.signal;
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
      if (wakeable) wake = done;
    });
  };

  const loop = async (): Promise<void> => {
    let failures = 0;
    while (running) {
      await ensureListening();
      wakeRequested = false;
      let delay = pollIntervalMs;
      let wakeable = true;
      try {
        const result = await runOnce();
        if (result.failed > 0) {
          failures++;
          healthy = false;
          delay = backoffDelay(failures, backoff.initialMs, backoff.maxMs);
          wakeable = false;
        } else {
          failures = 0;
          healthy = true;
          // A full batch means there is probably more: go again at once.
          if (result.claimed >= batchSize) delay = 0;
        }
        await refreshPending();
      } catch (err) {
        failures++;
        healthy = false;
        publishErrors.inc(labels);
        delay = backoffDelay(failures, backoff.initialMs, backoff.maxMs);
        wakeable = false;
        logger.error({ err, retryInMs: delay }, 'outbox relay round failed (database)');
      }
      if (!running) break;
      if (delay > 0) await idle(delay, wakeable);
    }
  };

  return {
    async start() {
      if (running) return;
      running = true;
      stopController = new AbortController();
      lastPendingRefresh = 0;
      await refreshPending(true);
      loopPromise = loop().catch((err: unknown) => {
        // loop() handles its own errors; this is a bug guard so the promise never floats.
        logger.fatal({ err }, 'outbox relay loop died');
        running = false;
        healthy = false;
      });
      logger.info(
        { batchSize, pollIntervalMs, listen: options.listen ?? false },
        'outbox relay started',
      );
    },
    async stop() {
      if (!running) return;
      running = false;
      stopController.abort();
      await loopPromise;
      loopPromise = undefined;
      healthy = false;
      const sub = subscription;
      subscription = undefined;
      listening = false;
      if (sub) await sub.close();
      await refreshPending(true);
      logger.info('outbox relay stopped');
    },
    readiness: () => running && healthy,
    notify,
    runOnce,
  };
}
