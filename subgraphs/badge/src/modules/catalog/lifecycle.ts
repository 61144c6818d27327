import { AppError } from '@badge/service-kit';
import type { BadgeStatus } from './catalog.repository.js';

export type LifecycleAction = 'publish' | 'offline' | 'archive';

/**
 * The badge lifecycle DRAFT → PUBLISHED → OFFLINE → ARCHIVED:
 * - publish: DRAFT or OFFLINE → PUBLISHED (grantable, in the public catalogue)
 * - offline: PUBLISHED → OFFLINE (no new grants; holders keep and see theirs)
 * - archive: DRAFT or OFFLINE → ARCHIVED (terminal; gone from catalogues, holders keep history)
 * A published badge must go offline before it can be archived.
 */
export const TRANSITIONS: Readonly<
  Record<
    LifecycleAction,
    {
      from: readonly BadgeStatus[];
      to: BadgeStatus;
      at: 'publishedAt' | 'offlineAt' | 'archivedAt';
    }
  >
> = {
  publish: { from: ['DRAFT', 'OFFLINE'], to: 'PUBLISHED', at: 'publishedAt' },
  offline: { from: ['PUBLISHED'], to: 'OFFLINE', at: 'offlineAt' },
  archive: { from: ['DRAFT', 'OFFLINE'], to: 'ARCHIVED', at: 'archivedAt' },
};

/** The status after `action`, or INVALID_STATE naming the allowed source states. */
export function nextStatus(
  action: LifecycleAction,
  current: BadgeStatus,
): { status: BadgeStatus; at: 'publishedAt' | 'offlineAt' | 'archivedAt' } {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new AppError('INVALID_STATE', `cannot ${action} a badge that is ${current}`, {
      reason: 'ILLEGAL_TRANSITION',
      from: current,
      to: transition.to,
      allowedFrom: transition.from,
    });
  }
  return { status: transition.to, at: transition.at };
}

/** Editable at all: everything but ARCHIVED. */
export const isEditable = (status: BadgeStatus): boolean => status !== 'ARCHIVED';
