import { AppError } from '@badge/service-kit';
import type { BenefitRow, BenefitStatus } from './benefit.repository.js';

export type LifecycleAction = 'publish' | 'offline' | 'archive';

/**
 * The benefit lifecycle (same as badges) DRAFT → PUBLISHED → OFFLINE → ARCHIVED:
 * - publish: DRAFT or OFFLINE → PUBLISHED (grantable, in the public catalogue)
 * - offline: PUBLISHED → OFFLINE (no new grants or redemptions; existing grants stay)
 * - archive: DRAFT or OFFLINE → ARCHIVED (terminal; history only)
 */
export const TRANSITIONS: Readonly<
  Record<LifecycleAction, { from: readonly BenefitStatus[]; to: BenefitStatus }>
> = {
  publish: { from: ['DRAFT', 'OFFLINE'], to: 'PUBLISHED' },
  offline: { from: ['PUBLISHED'], to: 'OFFLINE' },
  archive: { from: ['DRAFT', 'OFFLINE'], to: 'ARCHIVED' },
};

/** The status after `action`, or INVALID_STATE naming the allowed source states. */
export function nextStatus(action: LifecycleAction, current: BenefitStatus): BenefitStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new AppError('INVALID_STATE', `cannot ${action} a benefit that is ${current}`, {
      reason: 'ILLEGAL_TRANSITION',
      from: current,
      to: transition.to,
      allowedFrom: transition.from,
    });
  }
  return transition.to;
}

/** Known keys of `benefit.config`; anything else is kept as "extra" settings. */
export interface BenefitConfig {
  points: number | null;
  faceValue: string | null;
  currency: string | null;
  sku: string | null;
  privilegeCode: string | null;
  extra: Record<string, unknown>;
}

const KNOWN = new Set(['points', 'faceValue', 'currency', 'sku', 'privilegeCode']);

export function readConfig(config: unknown): BenefitConfig {
  const c =
    config && typeof config === 'object' && !Array.isArray(config)
      ? (config as Record<string, unknown>)
      : {};
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (!KNOWN.has(k)) extra[k] = v;
  return {
    points: typeof c.points === 'number' && Number.isInteger(c.points) ? c.points : null,
    faceValue: str(c.faceValue),
    currency: str(c.currency),
    sku: str(c.sku),
    privilegeCode: str(c.privilegeCode),
    extra,
  };
}

/** Points credited for `quantity` units of a POINTS benefit (0 when not configured). */
export const pointsOf = (benefit: Pick<BenefitRow, 'config'>, quantity: number): number =>
  (readConfig(benefit.config).points ?? 0) * quantity;

/**
 * Why the benefit cannot be granted right now (or null): not PUBLISHED, before its validity
 * window, or expired. Stock and per-user limits are checked where the grant is written.
 */
export function unavailableReason(
  benefit: Pick<BenefitRow, 'status' | 'validityKind' | 'validFrom' | 'validUntil'>,
  now: Date,
): {
  reason: 'BENEFIT_NOT_PUBLISHED' | 'BENEFIT_NOT_YET_VALID' | 'BENEFIT_EXPIRED';
  message: string;
} | null {
  if (benefit.status !== 'PUBLISHED') {
    return { reason: 'BENEFIT_NOT_PUBLISHED', message: `benefit is ${benefit.status}` };
  }
  if (benefit.validityKind === 'FIXED') {
    if (benefit.validFrom && now < benefit.validFrom) {
      return {
        reason: 'BENEFIT_NOT_YET_VALID',
        message: `benefit is valid from ${benefit.validFrom.toISOString()}`,
      };
    }
    if (benefit.validUntil && now >= benefit.validUntil) {
      return {
        reason: 'BENEFIT_EXPIRED',
        message: `benefit expired at ${benefit.validUntil.toISOString()}`,
      };
    }
  }
  return null;
}

/** When a grant made at `grantedAt` expires: FIXED → validUntil, RELATIVE → + validDays, NONE → never. */
export function grantExpiry(
  benefit: Pick<BenefitRow, 'validityKind' | 'validUntil' | 'validDays'>,
  grantedAt: Date,
): Date | null {
  switch (benefit.validityKind) {
    case 'FIXED':
      return benefit.validUntil;
    case 'RELATIVE':
      return benefit.validDays
        ? new Date(grantedAt.getTime() + benefit.validDays * 24 * 60 * 60 * 1000)
        : null;
    default:
      return null;
  }
}

/** PUBLISHED, inside its window and not sold out. */
export const isAvailableNow = (benefit: BenefitRow, now: Date): boolean =>
  unavailableReason(benefit, now) === null &&
  (benefit.remainingStock === null || benefit.remainingStock > 0);
