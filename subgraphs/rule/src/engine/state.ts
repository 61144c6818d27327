// The aggregate state of one user for one rule, and its incremental operations. Pure data and
// functions: the worker loads it from rule.rule_user_aggregate, mutates it in memory while it
// evaluates a batch, and writes it back in the same transaction as the inbox rows.
//
// Time model (README "Late and out-of-order events"):
// - Windows and streaks are keyed by event time (`occurred_at`), never by arrival time.
// - `lastAt` is the latest event time seen; an event more than the allowed lateness older than
//   `lastAt` (`lastDay` for day templates) is "too late": it is counted in `late` and changes
//   nothing else. Everything a window or a streak of an accepted event can touch is retained.
// - Streaks use local calendar days (day numbers since 1970-01-01 in the event's time zone).

/** One counted event (kept while a window or a refund can still need it). */
export interface Entry {
  /** event id */
  id: string;
  /** event time, epoch ms */
  t: number;
  /** local day number */
  d: number;
  /** the value this rule counts for the event (its `field`), net of refunds; 0 without a field */
  v: number;
  /** purchases: original amount (minor units), refunded amount so far, order id */
  a?: number;
  ra?: number;
  o?: string;
  /** fully refunded: no longer counts */
  x?: 1;
}

/** A grant the rule made, kept (the last few) so a refund can decide whether it still holds. */
export interface GrantRecord {
  /** n-th grant of this rule to this user (1-based; part of the command id) */
  n: number;
  /** triggering event id */
  e: string;
  /** window end (event time) the grant was made for */
  t: number;
  /** day templates: last day of the satisfying run / period */
  d: number;
  /** the spent boundary before this grant (time or day; null = none) */
  f: number | null;
  /** quantity granted */
  q: number;
  /** revoked */
  r?: 1;
}

export interface AggregateState {
  /** time zone of the last accepted event (what day numbers were computed in) */
  tz: string;
  /** counted events, all time, net of full refunds */
  count: number;
  /** summed values (the rule's `field`), all time, net of refunds */
  sum: number;
  firstAt: number | null;
  /** latest event time seen (the watermark for lateness) */
  lastAt: number | null;
  lastEventId: string | null;
  /** latest accepted local day (day templates) */
  lastDay: number | null;
  /** counted events still needed, sorted by (t, id) */
  entries: Entry[];
  /** active local days still needed, sorted: [day, events that day] */
  days: [number, number][];
  /** the run of consecutive active days ending at day `d` (length `n`) that was pruned from `days` */
  carry: { d: number; n: number } | null;
  /** longest run of consecutive active days ever reached */
  longest: number;
  /** largest single value seen (threshold progress) */
  best: number | null;
  /** events at or before this time / on or before this day were used by an earlier grant */
  spentAt: number | null;
  spentDay: number | null;
  /** grants ever made (command id sequence) */
  seq: number;
  grants: GrantRecord[];
  /** events ignored as too late */
  late: number;
}

export const MAX_GRANT_RECORDS = 20;

export function emptyState(tz: string): AggregateState {
  return {
    tz,
    count: 0,
    sum: 0,
    firstAt: null,
    lastAt: null,
    lastEventId: null,
    lastDay: null,
    entries: [],
    days: [],
    carry: null,
    longest: 0,
    best: null,
    spentAt: null,
    spentDay: null,
    seq: 0,
    grants: [],
    late: 0,
  };
}

export const cloneState = (s: AggregateState): AggregateState => structuredClone(s);

// ---------------------------------------------------------------------------------------------
// entries
// ---------------------------------------------------------------------------------------------

export const findEntry = (s: AggregateState, id: string): Entry | undefined =>
  s.entries.find((e) => e.id === id);

/** The entry of event `id` at time `t` (binary search on the sorted entries). */
export function findEntryAt(s: AggregateState, t: number, id: string): Entry | undefined {
  let lo = 0;
  let hi = s.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.entries[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < s.entries.length && s.entries[i]!.t === t; i++)
    if (s.entries[i]!.id === id) return s.entries[i];
  return undefined;
}

/** The not fully refunded purchase of an order (refunds without refund_of_event_id). */
export const findEntryByOrder = (s: AggregateState, orderId: string): Entry | undefined =>
  orderId === '' ? undefined : s.entries.find((e) => e.o === orderId && !e.x);

const before = (a: Entry, t: number, id: string) => a.t < t || (a.t === t && a.id < id);

export function insertEntry(s: AggregateState, entry: Entry): void {
  let lo = 0;
  let hi = s.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(s.entries[mid]!, entry.t, entry.id)) lo = mid + 1;
    else hi = mid;
  }
  s.entries.splice(lo, 0, entry);
}

/** Counted events with time in (from, to] and after `since` (exclusive; null = no bound). */
export function countIn(s: AggregateState, from: number, to: number, since: number | null): number {
  const low = since === null ? from : Math.max(from, since);
  let n = 0;
  for (const e of s.entries) if (e.t > low && e.t <= to && !e.x) n++;
  return n;
}

/** Sum of values of counted events with time in (from, to] and after `since`. */
export function sumIn(s: AggregateState, from: number, to: number, since: number | null): number {
  const low = since === null ? from : Math.max(from, since);
  let n = 0;
  for (const e of s.entries) if (e.t > low && e.t <= to && !e.x) n += e.v;
  return n;
}

/**
 * The earliest window `(end − windowMs, end]` that contains time `t`, only counts events after
 * `since`, and reaches `target` (count of events, or sum of values). Candidate ends are the
 * event times in [t, t + windowMs): the total only changes there. Returns the end and the
 * total, or null with the best total seen.
 */
export function findWindow(
  s: AggregateState,
  t: number,
  windowMs: number,
  since: number | null,
  measure: 'count' | 'sum',
  target: number,
): { end: number | null; total: number } {
  const entries = s.entries;
  const counts = (e: Entry) => !e.x && (since === null || e.t > since);
  const weight = (e: Entry) => (measure === 'count' ? 1 : e.v);
  let best = 0;
  let total = 0;
  let startIdx = 0;
  let endIdx = 0; // next entry to add
  for (let j = 0; j < entries.length; j++) {
    const e = entries[j]!;
    const end = e.t;
    if (end < t || !counts(e)) continue;
    if (end >= t + windowMs) break;
    // several entries at the same time: the window ends after the last of them
    let k = j + 1;
    while (k < entries.length && entries[k]!.t === end) k++;
    if (k - 1 > j && entries.slice(j + 1, k).some(counts)) continue;
    while (endIdx <= j) {
      const x = entries[endIdx]!;
      if (counts(x)) total += weight(x);
      endIdx++;
    }
    while (startIdx < endIdx && entries[startIdx]!.t <= end - windowMs) {
      const x = entries[startIdx]!;
      if (counts(x)) total -= weight(x);
      startIdx++;
    }
    if (total > best) best = total;
    if (total >= target) return { end, total };
  }
  return { end: null, total: best };
}

// ---------------------------------------------------------------------------------------------
// days
// ---------------------------------------------------------------------------------------------

function dayIndex(s: AggregateState, day: number): number {
  let lo = 0;
  let hi = s.days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.days[mid]![0] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const inCarry = (s: AggregateState, day: number) =>
  s.carry !== null && day <= s.carry.d && day > s.carry.d - s.carry.n;

export function isActiveDay(s: AggregateState, day: number): boolean {
  const i = dayIndex(s, day);
  const hit = s.days[i];
  if (hit && hit[0] === day) return hit[1] > 0;
  return inCarry(s, day);
}

/** Length of the run of consecutive active days ending at `day` (0 when `day` is inactive). */
export function runEndingAt(s: AggregateState, day: number): number {
  let n = 0;
  for (let d = day; ; d--) {
    if (s.carry && d === s.carry.d) return n + s.carry.n;
    const i = dayIndex(s, d);
    const hit = s.days[i];
    if (!hit || hit[0] !== d || hit[1] <= 0) return n;
    n++;
  }
}

/** The run of consecutive active days after `sinceDay` that contains `day`, or null. */
export function runContaining(
  s: AggregateState,
  day: number,
  sinceDay: number | null,
): { start: number; end: number } | null {
  const floor = sinceDay === null ? -Infinity : sinceDay + 1;
  if (day < floor || !isActiveDay(s, day)) return null;
  let start = day;
  while (start - 1 >= floor && isActiveDay(s, start - 1)) {
    if (s.carry && start - 1 === s.carry.d) {
      start = Math.max(s.carry.d - s.carry.n + 1, floor);
      break;
    }
    start--;
  }
  let end = day;
  while (isActiveDay(s, end + 1)) end++;
  return { start, end };
}

/** Active days in [fromDay, toDay] after `sinceDay`. */
export function distinctIn(
  s: AggregateState,
  fromDay: number,
  toDay: number,
  sinceDay: number | null,
): number {
  const low = sinceDay === null ? fromDay : Math.max(fromDay, sinceDay + 1);
  let n = 0;
  for (const [d, c] of s.days) if (d >= low && d <= toDay && c > 0) n++;
  if (s.carry) {
    const cFrom = Math.max(low, s.carry.d - s.carry.n + 1);
    const cTo = Math.min(toDay, s.carry.d);
    if (cTo >= cFrom) n += cTo - cFrom + 1;
  }
  return n;
}

export function addDay(s: AggregateState, day: number): void {
  const i = dayIndex(s, day);
  const hit = s.days[i];
  if (hit && hit[0] === day) hit[1]++;
  else s.days.splice(i, 0, [day, 1]);
  // The run through `day`: back to its start, forward to its end.
  let end = day;
  while (isActiveDay(s, end + 1)) end++;
  s.longest = Math.max(s.longest, runEndingAt(s, end));
}

/** One event less on `day`; true when the day is no longer active. */
export function removeDay(s: AggregateState, day: number): boolean {
  const i = dayIndex(s, day);
  const hit = s.days[i];
  if (!hit || hit[0] !== day) return false;
  hit[1]--;
  if (hit[1] > 0) return false;
  s.days.splice(i, 1);
  return true;
}

// ---------------------------------------------------------------------------------------------
// retention
// ---------------------------------------------------------------------------------------------

export interface Retention {
  /** keep every entry newer than lastAt − entryMs; null = keep only refundable entries */
  entryMs: number | null;
  /** keep purchases newer than lastAt − refundMs (refunds can reverse them) */
  refundMs: number;
  /** keep days ≥ lastDay − keepDays (older runs collapse into `carry`); null = no days */
  keepDays: number | null;
}

/** Drops what no accepted event and no refund can need any more. */
export function prune(s: AggregateState, r: Retention): void {
  if (s.lastAt !== null) {
    const entryCut = r.entryMs === null ? Infinity : s.lastAt - r.entryMs;
    const refundCut = s.lastAt - r.refundMs;
    const first = s.entries[0];
    // entries are sorted by time: only a prefix can be due
    if (
      first &&
      first.t <= Math.max(entryCut === Infinity ? -Infinity : entryCut, refundCut) &&
      s.entries.some((e) => e.t <= entryCut && !(e.a !== undefined && e.t > refundCut))
    ) {
      s.entries = s.entries.filter((e) => e.t > entryCut || (e.a !== undefined && e.t > refundCut));
    }
  }
  if (r.keepDays !== null && s.lastDay !== null) {
    const cut = s.lastDay - r.keepDays;
    const first = s.days[0];
    if ((first && first[0] < cut) || (s.carry && s.carry.d < cut - 1)) {
      const run = runEndingAt(s, cut - 1);
      s.carry = run > 0 ? { d: cut - 1, n: run } : null;
      const keepFrom = dayIndex(s, cut);
      if (keepFrom > 0) s.days.splice(0, keepFrom);
    }
  }
  if (s.grants.length > MAX_GRANT_RECORDS) s.grants.splice(0, s.grants.length - MAX_GRANT_RECORDS);
}
