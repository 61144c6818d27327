import { describe, expect, it } from 'vitest';
import { grantExpiry, nextStatus, readConfig, unavailableReason } from './benefit.rules.js';

describe('benefit rules', () => {
  it('follows the badge lifecycle', () => {
    expect(nextStatus('publish', 'DRAFT')).toBe('PUBLISHED');
    expect(nextStatus('offline', 'PUBLISHED')).toBe('OFFLINE');
    expect(nextStatus('publish', 'OFFLINE')).toBe('PUBLISHED');
    expect(nextStatus('archive', 'OFFLINE')).toBe('ARCHIVED');
    expect(() => nextStatus('archive', 'PUBLISHED')).toThrow(/cannot archive/);
    expect(() => nextStatus('publish', 'ARCHIVED')).toThrow(/cannot publish/);
  });

  it('knows when a benefit can be granted and when grants expire', () => {
    const now = new Date('2025-06-01T00:00:00Z');
    const fixed = {
      status: 'PUBLISHED' as const,
      validityKind: 'FIXED' as const,
      validFrom: new Date('2025-05-01T00:00:00Z'),
      validUntil: new Date('2025-07-01T00:00:00Z'),
      validDays: null,
    };
    expect(unavailableReason(fixed, now)).toBeNull();
    expect(unavailableReason(fixed, new Date('2025-07-01T00:00:00Z'))?.reason).toBe(
      'BENEFIT_EXPIRED',
    );
    expect(unavailableReason(fixed, new Date('2025-04-01T00:00:00Z'))?.reason).toBe(
      'BENEFIT_NOT_YET_VALID',
    );
    expect(unavailableReason({ ...fixed, status: 'OFFLINE' }, now)?.reason).toBe(
      'BENEFIT_NOT_PUBLISHED',
    );
    expect(grantExpiry(fixed, now)).toEqual(fixed.validUntil);
    expect(grantExpiry({ validityKind: 'RELATIVE', validUntil: null, validDays: 30 }, now)).toEqual(
      new Date('2025-07-01T00:00:00Z'),
    );
    expect(
      grantExpiry({ validityKind: 'NONE', validUntil: null, validDays: null }, now),
    ).toBeNull();
  });

  it('reads type settings and keeps the rest as extras', () => {
    expect(readConfig({ points: 100, campaign: 'spring' })).toMatchObject({
      points: 100,
      extra: { campaign: 'spring' },
    });
    expect(readConfig(null).points).toBeNull();
  });
});
