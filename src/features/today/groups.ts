/**
 * The morning's four groups. The rules, stated once (as SQL in due-list.ts
 * `groupQuery`):
 * - callbacks: a callback booked for today or earlier, by booked time. A booking
 *   older than lapsed_days was never kept: it is stale and ignored.
 * - calls: earliest end 0..call-lead days away, by priority (scored in SQL).
 * - sms: earliest end 0..sms-lead days away and no renewal SMS yet for the case.
 * - lapsed: earliest end 1..lapsed_days days ago (脱保 risk), most recent first.
 * A vehicle with a callback booked for a later day is in no group. A do-not-call
 * vehicle is never in callbacks, calls or sms. After `max_unanswered_per_day`
 * unanswered calls today a vehicle waits until tomorrow (out of callbacks and calls).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { addDays, daysBetween } from '../../rules/clock.js';
import type { QuoteState } from '../../storage/queries/quotes.js';
import type { Settings } from '../../rules/settings.js';
import { type DueRow, groupCount, groupKeys, groupPageQuery, groupQuery, type GroupScope, waitingVehicles } from './due-list.js';
import { effectiveWeights, type Priority, prioritySql, scorePriority } from './priority.js';

export const GROUPS = ['callbacks', 'calls', 'sms', 'lapsed'] as const;
export type GroupName = (typeof GROUPS)[number];

export interface TodayEntry {
  row: DueRow;
  group: GroupName;
  days_left: number;
  priority: Priority;
  /** Compulsory and commercial cover end on different days. */
  ends_differ: boolean;
  /** The case's booked callback, for the callbacks group. */
  callback_at: string | null;
  do_not_call: boolean;
  /** Calls only: the case's quote state on the day (set by quote-state.ts). */
  quote?: QuoteState | undefined;
}

export interface TodayOptions {
  /** 'YYYY-MM-DD'. */
  date: string;
  /** 'HH:mm' now, for the calling-hours check. */
  time: string;
  /** One person's cases; null: the pool (nobody assigned); undefined: everyone's. */
  specialist?: string | null | undefined;
  /** One store's cases (its code); undefined: every store. */
  store?: string | undefined;
  /** Only this group is wanted: the others are not read (empty, total 0). */
  only?: GroupName | undefined;
  /** At most this many entries per group (the totals stay exact); undefined reads all. */
  limit?: number | undefined;
}

export interface TodayQueue {
  date: string;
  calling_hours: string;
  /** `time` lies inside the calling hours: calls are suggested now. */
  calling_now: boolean;
  /** Each group's first `limit` entries, in order. */
  groups: Record<GroupName, TodayEntry[]>;
  /** Each group's exact size. */
  totals: Record<GroupName, number>;
  /** Vehicles held back until tomorrow by the unanswered-calls rule. */
  waiting: number;
}

/** '09:00-20:00' contains '10:30' (start inclusive, end exclusive). */
export function insideHours(hours: string, time: string): boolean {
  return time >= hours.slice(0, 5) && time < hours.slice(6, 11);
}

/** A day's queue, opened: the scope every group query shares, and how to read a group. */
export interface TodayPlan {
  date: string;
  calling_hours: string;
  calling_now: boolean;
  waiting: number;
  groups: readonly GroupName[];
  /** The group's entries in order, streamed (at most `limit`). */
  entries(group: GroupName, limit?: number): AsyncIterable<TodayEntry>;
  /** The group's exact size (COUNT over its index range). */
  count(group: GroupName): Promise<number>;
  /** The group's first `limit` entries in order and its exact size, in one query. */
  page(group: GroupName, limit: number): Promise<{ entries: TodayEntry[]; total: number }>;
  /** The group a case is in today, if any, with its entry (calling groups first). */
  findCase(caseId: number): Promise<TodayEntry | undefined>;
}

export async function openToday(db: Kysely<Database>, settings: Settings, options: Omit<TodayOptions, 'limit'>): Promise<TodayPlan> {
  const { date } = options;
  const weights = effectiveWeights(settings.priority_weights);
  const callsTo = addDays(date, settings.call_lead_days);
  const waiting = await waitingVehicles(db, date, settings.max_unanswered_per_day);
  const scope: GroupScope = {
    today: date,
    from: addDays(date, -settings.lapsed_days),
    callsTo,
    smsTo: addDays(date, settings.sms_lead_days),
    specialist: options.specialist,
    store: options.store,
    waiting,
    score: prioritySql(weights, { first: date, last: callsTo, today: date, callLeadDays: settings.call_lead_days }),
  };
  const toEntry = (row: DueRow, group: GroupName): TodayEntry => {
    const days = daysBetween(date, row.due_date);
    return {
      row,
      group,
      days_left: days,
      priority: scorePriority(row, days, weights, settings.call_lead_days),
      ends_differ: row.compulsory_end !== null && row.commercial_end !== null && row.compulsory_end !== row.commercial_end,
      callback_at: row.next_contact_at,
      do_not_call: row.do_not_call_until !== null && row.do_not_call_until >= date,
    };
  };
  // How many waiting vehicles would otherwise be in callbacks or calls (the screen says so).
  const held = new Set<number>();
  if (waiting.length > 0) {
    const unheld = { ...scope, waiting: [] };
    for (const g of ['callbacks', 'calls'] as const) {
      for (const r of await groupKeys(db, g, unheld, { vehicleIds: waiting }).execute()) held.add(r.vehicle_id);
    }
  }
  return {
    date,
    calling_hours: settings.calling_hours,
    calling_now: insideHours(settings.calling_hours, options.time),
    waiting: held.size,
    groups: options.only ? [options.only] : GROUPS,
    async *entries(group, limit) {
      for await (const row of groupQuery(db, group, scope, {}, limit).stream()) yield toEntry(row as DueRow, group);
    },
    count: (group) => groupCount(db, group, scope),
    async page(group, limit) {
      const rows = await groupPageQuery(db, group, scope, limit).execute();
      return { entries: rows.map(({ total: _total, ...row }) => toEntry(row as DueRow, group)), total: Number(rows[0]?.total ?? 0) };
    },
    async findCase(caseId) {
      for (const g of ['callbacks', 'calls', 'lapsed', 'sms'] as const) {
        const row = await groupQuery(db, g, scope, { caseId }).executeTakeFirst();
        if (row) return toEntry(row as DueRow, g);
      }
      return undefined;
    },
  };
}

/**
 * The queue for a day: each wanted group's first `limit` entries (all when
 * undefined) in order, and every group's exact size.
 */
export async function buildTodayQueue(db: Kysely<Database>, settings: Settings, options: TodayOptions): Promise<TodayQueue> {
  const plan = await openToday(db, settings, options);
  const groups: Record<GroupName, TodayEntry[]> = { callbacks: [], calls: [], sms: [], lapsed: [] };
  const totals: Record<GroupName, number> = { callbacks: 0, calls: 0, sms: 0, lapsed: 0 };
  for (const g of plan.groups) {
    if (options.limit === undefined) {
      for await (const e of plan.entries(g)) groups[g].push(e);
      totals[g] = groups[g].length;
    } else {
      ({ entries: groups[g], total: totals[g] } = await plan.page(g, options.limit));
    }
  }
  return { date: plan.date, calling_hours: plan.calling_hours, calling_now: plan.calling_now, groups, totals, waiting: plan.waiting };
}
