import { describe, expect, it } from 'vitest';
import { AppError, fillDailyCounts, statsWindow, totalOf } from '../src/index.js';

describe('stats windows', () => {
  it('covers the last N UTC days, today included, whatever the time of day', () => {
    const w = statsWindow(3, new Date('2026-03-10T23:59:59.999Z'));
    expect(w).toEqual({
      days: 3,
      from: new Date('2026-03-08T00:00:00.000Z'),
      to: new Date('2026-03-11T00:00:00.000Z'),
    });
    expect(statsWindow(1, new Date('2026-03-10T00:00:00.000Z')).from).toEqual(
      new Date('2026-03-10T00:00:00.000Z'),
    );
  });

  it('refuses days outside 1..90 and fractions as BAD_USER_INPUT', () => {
    for (const bad of [0, 91, -1, 1.5, '3', null]) {
      let error: unknown;
      try {
        statsWindow(bad);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('BAD_USER_INPUT');
    }
    expect(statsWindow(90).days).toBe(90);
  });

  it('fills the days without counts with 0, oldest first, across a month end', () => {
    const w = statsWindow(4, new Date('2026-03-02T12:00:00Z'));
    const series = fillDailyCounts(w, [
      { day: '2026-03-01', count: 2 },
      { day: '2026-02-27', count: 5 },
      { day: '2026-02-01', count: 99 }, // outside the window: ignored
    ]);
    expect(series).toEqual([
      { day: '2026-02-27', count: 5 },
      { day: '2026-02-28', count: 0 },
      { day: '2026-03-01', count: 2 },
      { day: '2026-03-02', count: 0 },
    ]);
    expect(totalOf(series)).toBe(7);
  });
});
