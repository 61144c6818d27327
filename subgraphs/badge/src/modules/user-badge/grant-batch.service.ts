import { randomUUID } from 'node:crypto';
import {
  BadgeGrantedSchema,
  BadgeSource,
  toOutboxRecord,
  type ConsumeBadgesCommand,
  type GrantBadgeCommand,
  type RestoreBadgesCommand,
  type RevokeBadgeCommand,
} from '@badge/proto';
import { AfterCommit } from '../../shared/after-commit.js';
import type { BadgeMetrics } from '../../metrics.js';
import type { Balance, GrantRepository, LogWrite, Tx, UserBadgeWrite } from './grant.repository.js';
import {
  balanceKey,
  type BalanceAdd,
  type BatchBadge,
  type GrantBatchRepository,
  type SqlExecutor,
} from './grant-batch.repository.js';
import {
  expiryOf,
  grantabilityRefusal,
  grantedEvent,
  isCleanGrantRequest,
  isUuid,
  keyLock,
  userLock,
  type GrantRequest,
  type GrantService,
} from './grant.service.js';

/** A command of the grant-commands topic, decoded. */
export type BadgeCommand =
  | { type: 'grant'; message: GrantBadgeCommand }
  | { type: 'revoke'; message: RevokeBadgeCommand }
  | { type: 'consume'; message: ConsumeBadgesCommand }
  | { type: 'restore'; message: RestoreBadgesCommand };

export interface BatchCommand {
  command: BadgeCommand;
  /**
   * Runs `fn` in the command's trace context, so the events it emits continue the trace of the
   * message that carried it.
   */
  inContext: <T>(fn: () => T) => T;
}

export interface BatchOutcome {
  /** Grants written by the set-based path. */
  fast: number;
  /** Commands applied one by one (graph, refusals, revokes, redemptions, …). */
  sequential: number;
}

/**
 * Thrown by {@link GrantBatchService.applyAllSetBased} before it writes anything, when the batch's
 * reads show a command that needs the grant service (a refusal to record, a duplicate key, a
 * prerequisite, stock running out, …): the caller rolls the transaction back and runs the batch
 * with {@link GrantBatchService.applyCommands} instead.
 */
export class SequentialPathNeeded extends Error {
  constructor(readonly commands: number) {
    super(`${commands} command(s) of the batch need the grant service`);
    this.name = 'SequentialPathNeeded';
  }
}

/**
 * Many grant-commands-topic commands in the caller's ONE transaction (the consumer's batch, whose
 * inbox rows the caller already claimed), with the guarantees of applying them one by one through
 * the grant service:
 *
 *  1. the advisory locks of every command (idempotency keys, then users, each sorted: two batches
 *     never wait on each other in a cycle), in one statement;
 *  2. **set-based path** for the common case — a grant command (not a cascade) of a PUBLISHED
 *     badge without prerequisites or dependents, whose limits (one-time, per-user cap) and stock
 *     the batch's reads show are fine: balances, stock, user_badge rows, log rows and
 *     BadgeGranted outbox rows are written with one statement each for the whole batch (the
 *     balance and stock statements still check the limits row by row in SQL);
 *  3. everything else goes **through the grant service, one command at a time, in order**, each in
 *     a savepoint: a business refusal rolls back that command only and is recorded (log, metric,
 *     cascade log) like before, without touching the others.
 *
 * A user's commands all take the same path (the set-based one only when every command of the user
 * in the batch qualifies, limits checked in command order), so a user's commands keep their order.
 * Any other error is thrown: the caller's transaction rolls back and the consumer retries (and
 * isolates a bad message by splitting the batch).
 *
 * Two entry points: {@link applyCommands} runs all three steps in a Prisma transaction (the grant
 * service is Prisma-based); {@link applyAllSetBased} runs steps 1–2 in a plain SQL transaction for
 * a batch that {@link mayAllBeSetBased} says needs no grant service, and refuses
 * ({@link SequentialPathNeeded}) before writing when its reads say otherwise.
 */
export function createGrantBatchService(deps: {
  repository: GrantRepository;
  batches: GrantBatchRepository;
  grants: GrantService;
  metrics: BadgeMetrics;
  /** Producer name of the events (`badge-worker`). */
  service: string;
  /** The clock of the badge hints below (tests). */
  now?: () => number;
}) {
  const { repository: repo, batches, grants, metrics, service } = deps;
  const clock = deps.now ?? Date.now;

  /**
   * Badges whose grants recently sent a plain SQL attempt back to the grant service for a reason
   * of the badge itself (unknown, not grantable now, in a dependency graph, sold out), until when:
   * meanwhile a batch with one of them goes to the Prisma transaction directly instead of paying
   * for an attempt that will be rolled back. Reasons of one user (one-time, cap) do not count.
   */
  const sequentialBadges = new Map<string, number>();
  const HINT_MS = 10_000;

  /**
   * The grant request of a command the set-based path may take, or null. Worked out once per
   * command (validation included): the consumer asks {@link mayAllBeSetBased} first, then the
   * batch is applied, maybe twice (plain SQL, then Prisma).
   */
  const fastRequests = new WeakMap<BadgeCommand, GrantRequest | null>();
  function fastRequest(command: BadgeCommand): GrantRequest | null {
    let request = fastRequests.get(command);
    if (request === undefined) {
      request = grantRequestIfClean(command);
      fastRequests.set(command, request);
    }
    return request;
  }
  function grantRequestIfClean(command: BadgeCommand): GrantRequest | null {
    if (command.type !== 'grant' || command.message.source === BadgeSource.CASCADE) return null;
    let request: GrantRequest;
    try {
      request = grants.grantRequestOf(command.message);
    } catch {
      return null; // unknown source: the grant service refuses it
    }
    return isUuid(request.badgeId) && isCleanGrantRequest(request) ? request : null;
  }

  async function applySequentially(tx: Tx, item: BatchCommand, after: AfterCommit) {
    const { command } = item;
    const local = new AfterCommit();
    if (command.type === 'consume' || command.type === 'restore') {
      // Redemption saga: refusals are answers (BadgesConsumed ok=false), never errors.
      await item.inContext(() =>
        command.type === 'consume'
          ? grants.consumeForRedemption(tx, command.message, local)
          : grants.restoreRedemption(tx, command.message, local),
      );
    } else {
      await repo.savepoint(tx);
      try {
        await item.inContext(() =>
          command.type === 'grant'
            ? grants.grantCommand(tx, command.message, local)
            : grants.revokeCommand(tx, command.message, local),
        );
        await repo.releaseSavepoint(tx);
      } catch (err) {
        const reason = grants.refusalReason(err);
        if (!reason) throw err;
        await repo.rollbackToSavepoint(tx);
        await repo.releaseSavepoint(tx);
        local.clear();
        await item.inContext(() =>
          grants.recordRejection(tx, command, reason, (err as Error).message, local),
        );
      }
    }
    after.add(() => local.run());
    if (local.hasOutboxRows) after.wroteOutbox();
  }

  /**
   * Steps 1 and 2: locks every command, writes the set-based ones, and returns the users whose
   * commands are left for the grant service (step 3). With `allOrNothing`, throws
   * {@link SequentialPathNeeded} instead, before writing anything, when there is such a user.
   */
  async function applySetBased(
    sql: SqlExecutor,
    items: readonly BatchCommand[],
    after: AfterCommit,
    allOrNothing: boolean,
  ): Promise<Set<string>> {
    // 1. locks, as the grant service takes them per command (key, then user)
    const keys = new Set<string>();
    const users = new Set<string>();
    for (const { command } of items) {
      if (command.type === 'grant' || command.type === 'revoke')
        keys.add(keyLock(command.message.commandId));
      users.add(userLock(command.message.userId));
    }
    await batches.lockAll(sql, [...[...keys].sort(), ...[...users].sort()]);

    // 2. which users' commands can all take the set-based path
    const requests = new Map<BatchCommand, GrantRequest>();
    const slowUsers = new Set<string>();
    for (const item of items) {
      const request = fastRequest(item.command);
      if (request) requests.set(item, request);
      else slowUsers.add(item.command.message.userId);
    }
    const candidates = () =>
      [...requests].filter(([item]) => !slowUsers.has(item.command.message.userId));
    const slowBadges = new Set<string>();
    const refuseIfSlow = () => {
      if (!allOrNothing || slowUsers.size === 0) return;
      const until = clock() + HINT_MS;
      for (const badgeId of slowBadges) sequentialBadges.set(badgeId, until);
      throw new SequentialPathNeeded(
        items.filter((i) => slowUsers.has(i.command.message.userId)).length,
      );
    };
    refuseIfSlow();
    if (candidates().length === 0) return slowUsers;

    const first = candidates();
    const existing = await batches.existingIdempotencyKeys(
      sql,
      first.map(([, r]) => r.idempotencyKey),
    );
    const badges = new Map<string, BatchBadge>(
      (await batches.findBatchBadges(sql, [...new Set(first.map(([, r]) => r.badgeId))])).map(
        (b) => [b.id, b],
      ),
    );
    const balances = await batches.findBalances(
      sql,
      first.map(([, r]) => r),
    );
    const now = new Date();
    // limits in command order, on a running balance per (user, badge): a user's second grant
    // of a badge in the batch sees the first one
    const running = new Map<string, { activeQuantity: number; totalGranted: number }>();
    for (const [, r] of first) {
      const badge = badges.get(r.badgeId);
      const key = balanceKey(r.userId, r.badgeId);
      const balance = running.get(key) ??
        balances.get(key) ?? { activeQuantity: 0, totalGranted: 0 };
      // the badge itself (whatever the quantity), then this command and user
      const badgeIsFast =
        badge !== undefined &&
        !badge.hasPrerequisites &&
        !badge.hasDependents &&
        grantabilityRefusal(badge, 1, now) === null;
      if (!badgeIsFast) slowBadges.add(r.badgeId);
      const isFast =
        badgeIsFast &&
        grantabilityRefusal(badge, r.quantity, now) === null &&
        !existing.has(r.idempotencyKey) &&
        (badge.isRepeatable || balance.activeQuantity === 0) &&
        (badge.perUserCap === null || balance.totalGranted + r.quantity <= badge.perUserCap);
      if (!isFast) slowUsers.add(r.userId);
      running.set(key, {
        activeQuantity: balance.activeQuantity + r.quantity,
        totalGranted: balance.totalGranted + r.quantity,
      });
    }
    refuseIfSlow();
    // stock: reserved in batch order on the locked badge rows; whoever does not fit takes the
    // sequential path (and is refused OUT_OF_STOCK there)
    const limited = candidates().filter(([, r]) => badges.get(r.badgeId)?.totalStock !== null);
    if (limited.length > 0) {
      const remaining = await batches.lockStock(sql, [
        ...new Set(limited.map(([, r]) => r.badgeId)),
      ]);
      for (const [, r] of limited) {
        const left = remaining.get(r.badgeId) ?? 0;
        if (left >= r.quantity) remaining.set(r.badgeId, left - r.quantity);
        else {
          slowUsers.add(r.userId);
          slowBadges.add(r.badgeId);
        }
      }
      refuseIfSlow();
    }

    const fast = candidates();
    if (fast.length > 0) await writeSetBased(sql, fast, badges, balances, now, after);
    return slowUsers;
  }

  /** The writes of the set-based commands (limits and stock decided by the caller). */
  async function writeSetBased(
    sql: SqlExecutor,
    fast: readonly [BatchCommand, GrantRequest][],
    badges: ReadonlyMap<string, BatchBadge>,
    balances: ReadonlyMap<string, Balance>,
    now: Date,
    after: AfterCommit,
  ): Promise<void> {
    const stock = new Map<string, number>();
    for (const [, r] of fast)
      if (badges.get(r.badgeId)?.totalStock !== null)
        stock.set(r.badgeId, (stock.get(r.badgeId) ?? 0) + r.quantity);
    const reserved = await batches.reserveStocks(
      sql,
      [...stock].map(([badgeId, quantity]) => ({ badgeId, quantity })),
    );
    if (reserved !== stock.size)
      throw new Error(`stock of ${stock.size - reserved} badge(s) changed under its lock`);

    // A user's grants of one batch are 1 ms apart, in command order, so ordering by grant
    // time keeps their order (as when they were applied one by one).
    const nth = new Map<string, number>();
    const writes: (UserBadgeWrite & { item: BatchCommand; request: GrantRequest })[] = fast.map(
      ([item, r]) => {
        const badge = badges.get(r.badgeId)!;
        const n = nth.get(r.userId) ?? 0;
        nth.set(r.userId, n + 1);
        const grantedAt = new Date(now.getTime() + n);
        return {
          item,
          request: r,
          id: randomUUID(),
          userId: r.userId,
          badgeId: r.badgeId,
          quantity: r.quantity,
          source: r.source,
          sourceRef: r.sourceRef,
          idempotencyKey: r.idempotencyKey,
          grantedAt,
          expiresAt: expiryOf(badge, grantedAt),
        };
      },
    );
    // one balance change per (user, badge): the sum of its grants in the batch; each grant's
    // "active units after" follows from the balance read under the user lock
    const adds = new Map<string, BalanceAdd & Balance & { exists: boolean }>();
    const activeAfterById = new Map<string, number>();
    for (const w of writes) {
      const key = balanceKey(w.userId, w.badgeId);
      const badge = badges.get(w.badgeId)!;
      const read = balances.get(key);
      const add = adds.get(key) ?? {
        userId: w.userId,
        badgeId: w.badgeId,
        quantity: 0,
        isRepeatable: badge.isRepeatable,
        perUserCap: badge.perUserCap,
        activeQuantity: read?.activeQuantity ?? 0,
        totalGranted: read?.totalGranted ?? 0,
        exists: read !== undefined,
      };
      add.quantity += w.quantity;
      adds.set(key, add);
      activeAfterById.set(w.id, add.activeQuantity + add.quantity);
    }
    const activeAfter = (w: UserBadgeWrite) => activeAfterById.get(w.id)!;
    const updates = [...adds.values()].filter((a) => a.exists);
    const inserts = [...adds.values()].filter((a) => !a.exists);
    const written = await batches.writeBatchGrants(sql, {
      updates,
      inserts,
      grants: writes,
      logs: writes.map((w): LogWrite & { at: Date } => ({
        at: w.grantedAt,
        userBadgeId: w.id,
        userId: w.userId,
        badgeId: w.badgeId,
        action: 'GRANT',
        delta: w.quantity,
        quantityAfter: activeAfter(w),
        source: w.source,
        sourceRef: w.sourceRef,
        actorType: w.request.actor.type,
        actorId: w.request.actor.id,
        reason: w.request.reason ?? null,
        idempotencyKey: w.idempotencyKey,
      })),
    });
    if (
      written.updated !== updates.length ||
      written.inserted !== inserts.length ||
      written.grants !== writes.length ||
      written.logs !== writes.length
    )
      // only possible if a balance changed without the user lock: roll back, retry
      throw new Error(
        `batch grant writes do not match: ${JSON.stringify(written)} for ${updates.length} balance updates, ${inserts.length} inserts, ${writes.length} grants`,
      );
    const records = writes.map((w) =>
      w.item.inContext(() =>
        toOutboxRecord(
          BadgeGrantedSchema,
          grantedEvent(service, {
            userBadge: w,
            badge: badges.get(w.badgeId)!,
            totalQuantity: activeAfter(w),
            request: w.request,
            now: w.grantedAt,
          }),
        ),
      ),
    );
    await batches.insertOutbox(sql, records);
    after.wroteOutbox(records.length);
    const bySource = new Map<string, number>();
    for (const w of writes) bySource.set(w.source, (bySource.get(w.source) ?? 0) + w.quantity);
    after.add(() => {
      for (const [source, quantity] of bySource) metrics.grants.inc({ source }, quantity);
    });
  }

  return {
    /**
     * Whether every command is of a kind the set-based path takes (plain grant commands, no
     * cascades) and of no badge that just sent such a batch to the grant service, before reading
     * the database: only then is {@link applyAllSetBased} worth trying.
     */
    mayAllBeSetBased(items: readonly BatchCommand[]): boolean {
      const now = clock();
      for (const [badgeId, until] of sequentialBadges)
        if (until <= now) sequentialBadges.delete(badgeId);
      return items.every((item) => {
        const request = fastRequest(item.command);
        return request !== null && !sequentialBadges.has(request.badgeId);
      });
    },

    /** Steps 1–3 in the caller's Prisma transaction. */
    async applyCommands(
      tx: Tx,
      items: readonly BatchCommand[],
      after: AfterCommit,
    ): Promise<BatchOutcome> {
      if (items.length === 0) return { fast: 0, sequential: 0 };
      const slowUsers = await applySetBased(batches.inPrisma(tx), items, after, false);
      // 3. the rest, one by one in order, through the grant service
      let sequential = 0;
      for (const item of items) {
        if (!slowUsers.has(item.command.message.userId)) continue;
        await applySequentially(tx, item, after);
        sequential++;
      }
      return { fast: items.length - sequential, sequential };
    },

    /**
     * Steps 1–2 for a batch whose every command takes the set-based path, in the caller's plain
     * SQL transaction; throws {@link SequentialPathNeeded} (nothing written) otherwise.
     */
    async applyAllSetBased(
      sql: SqlExecutor,
      items: readonly BatchCommand[],
      after: AfterCommit,
    ): Promise<BatchOutcome> {
      if (items.length > 0) await applySetBased(sql, items, after, true);
      return { fast: items.length, sequential: 0 };
    },
  };
}
export type GrantBatchService = ReturnType<typeof createGrantBatchService>;
