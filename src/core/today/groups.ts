/**
 * Sorts the due-list into the morning's four groups. The rules, stated once:
 * - callbacks: a callback booked for today or earlier, by booked time. A booking
 *   older than lapsed_days was never kept: it is stale and ignored.
 * - calls: earliest end 0..call-lead days away, by priority.
 * - sms: earliest end 0..sms-lead days away and no renewal SMS yet for the case.
 * - lapsed: earliest end 1..lapsed_days days ago (脱保 risk), most recent first.
 * A vehicle with a callback booked for a later day is in no group. A do-not-call
 * vehicle is never in callbacks, calls or sms. After `max_unanswered_per_day`
 * unanswered calls today a vehicle waits until tomorrow (out of callbacks and calls).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { addDays, daysBetween } from '../clock.js';
import type { Settings } from '../settings.js';
import { type DueRow, type DueRows, loadDueRows, type ReadBudget, unansweredOn } from './due-list.js';
import { effectiveWeights, type Priority, scorePriority } from './priority.js';

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
}

export interface TodayOptions {
  /** 'YYYY-MM-DD'. */
  date: string;
  /** 'HH:mm' now, for the calling-hours check. */
  time: string;
  specialist?: string | undefined;
  /** Only this group is wanted: read only its range (the other groups come out incomplete). */
  only?: GroupName | undefined;
  /** Bounds the read on a very large database (see loadDueRows); undefined reads all. */
  budget?: ReadBudget | undefined;
}

export interface TodayQueue {
  date: string;
  calling_hours: string;
  /** `time` lies inside the calling hours: calls are suggested now. */
  calling_now: boolean;
  groups: Record<GroupName, TodayEntry[]>;
  /** Vehicles held back until tomorrow by the unanswered-calls rule. */
  waiting: number;
  /** Only the most urgent candidates were read (a very large store): see DueRows. */
  truncated: DueRows['truncated'];
}

/** '09:00-20:00' contains '10:30' (start inclusive, end exclusive). */
export function insideHours(hours: string, time: string): boolean {
  return time >= hours.slice(0, 5) && time < hours.slice(6, 11);
}

export async function buildTodayQueue(db: Kysely<Database>, settings: Settings, options: TodayOptions): Promise<TodayQueue> {
  const { date } = options;
  const { only } = options;
  const lead = only === 'calls' ? settings.call_lead_days : only === 'sms' ? settings.sms_lead_days : Math.max(settings.call_lead_days, settings.sms_lead_days);
  const reads = { upcoming: only !== 'lapsed' && only !== 'callbacks', lapsed: !only || only === 'lapsed', callbacks: !only || only === 'callbacks' };
  const { rows, truncated } = await loadDueRows(
    db,
    { today: date, from: addDays(date, -settings.lapsed_days), to: addDays(date, lead), specialist: options.specialist, reads, smsNotSent: only === 'sms' },
    options.budget,
  );
  return { ...groupRows(rows, await unansweredOn(db, rows, date), settings, options), truncated };
}

/** The pure part: rows in, groups out (no database). */
export function groupRows(rows: readonly DueRow[], unanswered: ReadonlyMap<number, number>, settings: Settings, options: TodayOptions): Omit<TodayQueue, 'truncated'> {
  const { date } = options;
  const weights = effectiveWeights(settings.priority_weights);
  const tomorrow = addDays(date, 1);
  const staleBefore = addDays(date, -settings.lapsed_days);
  // A later callback on any of the vehicle's cases keeps the whole vehicle out today.
  const laterCallback = new Set(rows.filter((r) => r.next_contact_at !== null && r.next_contact_at >= tomorrow).map((r) => r.vehicle_id));
  const groups: Record<GroupName, TodayEntry[]> = { callbacks: [], calls: [], sms: [], lapsed: [] };
  const waitingVehicles = new Set<number>();
  for (const row of rows) {
    if (laterCallback.has(row.vehicle_id)) continue;
    const days = daysBetween(date, row.due_date);
    const doNotCall = row.do_not_call_until !== null && row.do_not_call_until >= date;
    const waits = (unanswered.get(row.vehicle_id) ?? 0) >= settings.max_unanswered_per_day;
    let priority: Priority | undefined; // scored once, shared when the case is in two groups
    const entry = (group: GroupName): TodayEntry => ({
      row,
      group,
      days_left: days,
      priority: (priority ??= scorePriority(row, days, weights, settings.call_lead_days)),
      ends_differ: row.compulsory_end !== null && row.commercial_end !== null && row.compulsory_end !== row.commercial_end,
      callback_at: row.next_contact_at,
      do_not_call: doNotCall,
    });
    const callbackDue = row.next_contact_at !== null && row.next_contact_at >= staleBefore && row.next_contact_at < tomorrow;
    if (!doNotCall && (callbackDue || (days >= 0 && days <= settings.call_lead_days)) && waits) waitingVehicles.add(row.vehicle_id);
    if (callbackDue) {
      if (!doNotCall && !waits) groups.callbacks.push(entry('callbacks'));
    } else if (days < 0) {
      groups.lapsed.push(entry('lapsed'));
    } else if (days <= settings.call_lead_days && !doNotCall && !waits) {
      groups.calls.push(entry('calls'));
    }
    if (days >= 0 && days <= settings.sms_lead_days && row.sms_sent_at === null && !doNotCall) groups.sms.push(entry('sms'));
  }
  const byPlate = (a: TodayEntry, b: TodayEntry) => (a.row.plate < b.row.plate ? -1 : a.row.plate > b.row.plate ? 1 : 0);
  groups.callbacks.sort((a, b) => cmp(a.callback_at ?? '', b.callback_at ?? '') || byPlate(a, b));
  groups.calls.sort((a, b) => b.priority.score - a.priority.score || a.days_left - b.days_left || byPlate(a, b));
  groups.sms.sort((a, b) => a.days_left - b.days_left || byPlate(a, b));
  groups.lapsed.sort((a, b) => b.days_left - a.days_left || byPlate(a, b));
  return {
    date,
    calling_hours: settings.calling_hours,
    calling_now: insideHours(settings.calling_hours, options.time),
    groups,
    waiting: waitingVehicles.size,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
