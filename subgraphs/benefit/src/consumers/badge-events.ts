import { PoisonMessageError, type MessageHandler } from '@badge/kafka';
import { BadgeSource, RevocationKind } from '@badge/proto';
import type { Logger, Registry } from '@badge/service-kit';
import { createEventHandler, type InboxEntry } from '@badge/service-kit/worker';
import type { Services } from '../services.js';
import type { InboxRepository } from './inbox.repository.js';

export const CONSUMER = 'benefit-worker.badge-events';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireUuids(eventType: string, ids: Record<string, string>): void {
  for (const [field, value] of Object.entries(ids)) {
    if (!UUID.test(value))
      throw new PoisonMessageError(`${eventType}: ${field} "${value}" is not a uuid`);
  }
}

/**
 * `badge.badge.events` → the benefit domain, each event exactly once (inbox row + effect + outbox
 * rows in one transaction):
 * - `badge.granted.v1` → auto-benefits of the badge (not for REDEMPTION-sourced grants: those
 *   give back spent badges, they are not earned again);
 * - `badge.revoked.v1` with kind REVOKED → clawback (kind CONSUMED: badges spent, no clawback);
 * - `badge.consumed.v1` / `badge.restored.v1` → the redemption saga;
 * - anything else (`badge.expired.v1`) is recorded and ignored.
 * Effects that call the points system check the inbox first, then call it with idempotency keys.
 */
export function createBadgeEventsHandler(deps: {
  logger: Logger;
  registry: Registry;
  inbox: InboxRepository;
  services: Pick<Services, 'autoGrants' | 'clawback' | 'saga'>;
}): MessageHandler {
  const { services, inbox } = deps;
  return createEventHandler({
    consumer: CONSUMER,
    logger: deps.logger,
    registry: deps.registry,
    process: async (event, entry: InboxEntry) => {
      let processed = false;
      const run = async (effect: Parameters<InboxRepository['processOnce']>[1]) => {
        processed = await inbox.processOnce(entry, effect);
        return processed;
      };
      const ignore = () => run(async () => {});
      switch (event.type) {
        case 'badge.granted.v1': {
          const m = event.message;
          if (m.source === BadgeSource.REDEMPTION) {
            await ignore();
            break;
          }
          requireUuids(event.type, { user_badge_id: m.userBadgeId, badge_id: m.badgeId });
          await services.autoGrants.onBadgeGranted(
            {
              eventId: m.eventId,
              userId: m.userId,
              badgeId: m.badgeId,
              userBadgeId: m.userBadgeId,
            },
            run,
          );
          break;
        }
        case 'badge.revoked.v1': {
          const m = event.message;
          if (m.kind === RevocationKind.CONSUMED) {
            await ignore();
            break;
          }
          requireUuids(event.type, { user_badge_id: m.userBadgeId, badge_id: m.badgeId });
          if (await inbox.isProcessed(entry)) return false;
          await services.clawback.onBadgeRevoked(
            {
              eventId: m.eventId,
              userId: m.userId,
              badgeId: m.badgeId,
              userBadgeId: m.userBadgeId,
              // A rule-sourced revoke is a refund re-evaluation.
              isRefund: m.source === BadgeSource.RULE,
              reason: m.reason,
              actor: m.actor,
            },
            run,
          );
          break;
        }
        case 'badge.consumed.v1': {
          const m = event.message;
          if (await inbox.isProcessed(entry)) return false;
          await services.saga.onBadgesConsumed(
            {
              eventId: m.eventId,
              userId: m.userId,
              redemptionId: m.redemptionId,
              ok: m.ok,
              failureReason: m.failureReason,
              userBadgeIds: m.userBadgeIds,
            },
            run,
          );
          break;
        }
        case 'badge.restored.v1': {
          const m = event.message;
          await services.saga.onBadgesRestored(
            { eventId: m.eventId, userId: m.userId, redemptionId: m.redemptionId },
            run,
          );
          break;
        }
        default:
          await ignore();
      }
      return processed;
    },
  });
}
