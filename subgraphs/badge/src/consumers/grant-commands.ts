import type { MessageHandler } from '@badge/kafka';
import type { Logger, Registry } from '@badge/service-kit';
import { createEventHandler, type InboxEntry } from '@badge/service-kit/worker';
import type { DecodedEvent } from '@badge/proto';
import { AfterCommit } from '../shared/after-commit.js';
import type { GrantService } from '../modules/user-badge/grant.service.js';
import type { InboxRepository } from './inbox.repository.js';

export const CONSUMER = 'badge-worker.grant-commands';

type Command =
  | { type: 'grant'; message: Extract<DecodedEvent, { type: 'badge.grant.command.v1' }>['message'] }
  | {
      type: 'revoke';
      message: Extract<DecodedEvent, { type: 'badge.revoke.command.v1' }>['message'];
    };

/**
 * Grant and revoke commands (from rules, cascades, the console's batch) and the redemption saga's
 * consume/restore commands → user badges, exactly once:
 * the inbox row (consumer, command id), the grant (idempotency key = command id) and its outbox
 * rows commit in one transaction. A business refusal (sold out, cap reached, not published, …)
 * is recorded — log, `badge_grant_rejections_total{reason}`, cascade log — and committed with the
 * inbox row: it is neither retried nor sent to the DLQ. Any other error (database down) is thrown,
 * so the consumer retries the message. Invalid messages are DLQ-ed as poison by the decoder.
 */
export function createGrantCommandsHandler(deps: {
  logger: Logger;
  registry: Registry;
  inbox: InboxRepository;
  grants: GrantService;
  /** Wakes the outbox relay after a commit that wrote outbox rows. */
  notifyOutbox: () => void;
}): MessageHandler {
  const { grants, inbox } = deps;

  async function apply(command: Command, entry: InboxEntry): Promise<boolean> {
    const after = new AfterCommit();
    let processed: boolean;
    try {
      processed = await inbox.processOnce(entry, async (tx) => {
        if (command.type === 'grant') await grants.grantCommand(tx, command.message, after);
        else await grants.revokeCommand(tx, command.message, after);
      });
    } catch (err) {
      const reason = grants.refusalReason(err);
      if (!reason) throw err;
      after.clear();
      processed = await inbox.processOnce(entry, (tx) =>
        grants.recordRejection(tx, command, reason, (err as Error).message, after),
      );
    }
    if (processed) {
      after.run();
      if (after.hasOutboxRows) deps.notifyOutbox();
    }
    return processed;
  }

  return createEventHandler({
    consumer: CONSUMER,
    logger: deps.logger,
    registry: deps.registry,
    process: async (event, entry) => {
      switch (event.type) {
        case 'badge.grant.command.v1':
          return apply({ type: 'grant', message: event.message }, entry);
        case 'badge.revoke.command.v1':
          return apply({ type: 'revoke', message: event.message }, entry);
        case 'badge.consume.command.v1':
        case 'badge.restore.command.v1': {
          // Redemption saga: refusals are answers (BadgesConsumed ok=false), never errors.
          const after = new AfterCommit();
          const processed = await inbox.processOnce(entry, async (tx) => {
            if (event.type === 'badge.consume.command.v1')
              await grants.consumeForRedemption(tx, event.message, after);
            else await grants.restoreRedemption(tx, event.message, after);
          });
          if (processed) {
            after.run();
            deps.notifyOutbox();
          }
          return processed;
        }
        default:
          // Another type on the commands topic: nothing to do, but remember it was seen.
          deps.logger.warn(
            { eventType: event.type },
            'unexpected event type on the grant commands topic',
          );
          return inbox.processOnce(entry, async () => {});
      }
    },
  });
}
