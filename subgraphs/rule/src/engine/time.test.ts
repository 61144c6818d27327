import { describe, expect, it } from 'vitest';
import { dayToIsoDate, isValidTimeZone, localDay, parseDurationMs } from './time.js';

describe('ISO 8601 durations', () => {
  it('parses days, weeks, times and fixed-length months/years', () => {
    expect(parseDurationMs('P7D')).toBe(7 * 86_400_000);
    expect(parseDurationMs('PT12H')).toBe(12 * 3_600_000);
    expect(parseDurationMs('PT1.5S')).toBe(1500);
    expect(parseDurationMs('P1W')).toBe(7 * 86_400_000);
    expect(parseDurationMs('P1M')).toBe(30 * 86_400_000);
    expect(parseDurationMs('P1Y2M3DT4H5M6S')).toBe(
      ((365 + 60 + 3) * 86_400 + 4 * 3600 + 5 * 60 + 6) * 1000,
    );
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'P', 'PT', '7D', 'P7', 'P-1D', 'P1DT', 'P0D', 'one week'])
      expect(parseDurationMs(bad)).toBeNull();
  });
});

describe('local days', () => {
  it('knows IANA zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('maps instants to the calendar day of the zone', () => {
    const t = Date.parse('2025-03-01T16:30:00Z');
    expect(dayToIsoDate(localDay(t, 'UTC'))).toBe('2025-03-01');
    expect(dayToIsoDate(localDay(t, 'Asia/Shanghai'))).toBe('2025-03-02');
    expect(dayToIsoDate(localDay(t, 'America/Los_Angeles'))).toBe('2025-03-01');
    expect(dayToIsoDate(localDay(Date.parse('2025-03-01T05:00:00Z'), 'America/Los_Angeles'))).toBe(
      '2025-02-28',
    );
  });

  it('follows daylight saving time changes', () => {
    // New York: UTC−5 until 2025-03-09 07:00Z, then UTC−4
    expect(dayToIsoDate(localDay(Date.parse('2025-03-09T04:30:00Z'), 'America/New_York'))).toBe(
      '2025-03-08',
    );
    expect(dayToIsoDate(localDay(Date.parse('2025-03-10T03:30:00Z'), 'America/New_York'))).toBe(
      '2025-03-09',
    );
    expect(dayToIsoDate(localDay(Date.parse('2025-03-10T04:30:00Z'), 'America/New_York'))).toBe(
      '2025-03-10',
    );
  });
});
