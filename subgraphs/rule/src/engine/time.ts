// Time helpers of the rule engine: ISO 8601 durations, IANA time zones and local day numbers.
// Pure functions; no I/O.

export const SECOND_MS = 1_000;
export const DAY_MS = 86_400_000;

const DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNIT_MS = [
  365 * DAY_MS, // Y: a year counts as 365 days
  30 * DAY_MS, // M: a month counts as 30 days
  7 * DAY_MS,
  DAY_MS,
  3_600_000,
  60_000,
  SECOND_MS,
];

/**
 * An ISO 8601 duration (`P7D`, `PT12H`, `P1M`, `P1Y2M3DT4H`) in milliseconds, or null when it is
 * not one. Calendar units are fixed lengths: a month is 30 days, a year 365 days (rule windows
 * slide; they are not calendar periods).
 */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  let total = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = match[i + 1];
    if (part !== undefined) total += Number(part) * UNIT_MS[i]!;
  }
  return Number.isFinite(total) && total > 0 ? Math.round(total) : null;
}

const zoneValidity = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone this runtime knows (`Asia/Shanghai`, `UTC`, …). */
export function isValidTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = zone.length > 0 && zone.length <= 64;
    } catch {
      valid = false;
    }
    if (zoneValidity.size > 10_000) zoneValidity.clear();
    zoneValidity.set(zone, valid);
  }
  return valid;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (zone: string): Intl.DateTimeFormat => {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
};

// Every UTC offset change in the tz database happens on a 15-minute boundary, so the offset is
// constant within a 15-minute slot and can be cached per (zone, slot).
const SLOT_MS = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();
let cachedSlots = 0;

/** The zone's UTC offset (ms, local − UTC) at instant `t`. */
export function zoneOffsetMs(t: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const slot = Math.floor(t / SLOT_MS);
  let byZone = offsets.get(zone);
  if (!byZone) {
    byZone = new Map();
    offsets.set(zone, byZone);
  }
  let offset = byZone.get(slot);
  if (offset === undefined) {
    const parts = formatterFor(zone).formatToParts(new Date(t));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const local = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    offset = local - (t - (((t % 1000) + 1000) % 1000));
    if (++cachedSlots > 200_000) {
      offsets.clear();
      cachedSlots = 0;
    }
    byZone.set(slot, offset);
  }
  return offset;
}

/** The local calendar day of instant `t` in `zone`, as days since 1970-01-01. */
export function localDay(t: number, zone: string): number {
  return Math.floor((t + zoneOffsetMs(t, zone)) / DAY_MS);
}

/** `2025-03-01` for a day number. */
export function dayToIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of a `YYYY-MM-DD` date (or a Date at UTC midnight). */
export function isoDateToDay(date: string | Date): number {
  const t = typeof date === 'string' ? Date.parse(`${date}T00:00:00Z`) : date.getTime();
  return Math.floor(t / DAY_MS);
}
