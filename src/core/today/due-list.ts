/**
 * The due-list: the open renewal cases the morning queue is made from. Two range
 * reads, each on an index: open cases by end date (renewal_cases(status, due_date))
 * and booked callbacks by time (renewal_cases(next_contact_at)). Nothing else is
 * scanned, so the cost grows with the size of today's window, not the database.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { addDays } from '../clock.js';
import { effectiveEvents } from '../register.js';

/** One open case with the vehicle fields the queue shows. */
export interface DueRow {
  case_id: number;
  vehicle_id: number;
  status: string;
  due_date: string;
  compulsory_end: string | null;
  commercial_end: string | null;
  last_premium_cents: number | null;
  last_insurer: string | null;
  attempts: number;
  unanswered: number;
  reached: number;
  sms_sent_at: string | null;
  next_contact_at: string | null;
  last_contact_at: string | null;
  plate: string;
  owner: string | null;
  phone: string | null;
  id_no: string | null;
  installment: number;
  specialist: string | null;
  do_not_call_until: string | null;
}

export interface DueWindow {
  /** 'YYYY-MM-DD': callbacks booked up to the end of this day are due. */
  today: string;
  /** First end date read (inclusive): the oldest lapsed case still listed. */
  from: string;
  /** Last end date read (inclusive): today + the longest lead. */
  to: string;
  specialist?: string | undefined;
  /** Which reads to make (default all): one group needs only its own range. */
  reads?: { upcoming: boolean; lapsed: boolean; callbacks: boolean };
  /** Upcoming cases only when no renewal SMS is recorded yet (for the sms group alone). */
  smsNotSent?: boolean;
}

function dueSelect(db: Kysely<Database>, specialist: string | undefined) {
  let q = db
    .selectFrom('renewal_cases as c')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select([
      'c.id as case_id', 'c.vehicle_id', 'c.due_date', 'c.compulsory_end', 'c.commercial_end', 'c.last_premium_cents',
      'c.status', 'c.last_insurer', 'c.attempts', 'c.unanswered', 'c.reached', 'c.sms_sent_at', 'c.next_contact_at', 'c.last_contact_at',
      'v.plate', 'v.owner', 'v.phone', 'v.id_no', 'v.installment', 'v.specialist', 'v.do_not_call_until',
    ]);
  if (specialist !== undefined) q = q.where('v.specialist', '=', specialist);
  return q;
}

/** Open cases ending in [from, to], nearest first in `direction` (index range on status, due_date). */
export function dueCasesQuery(db: Kysely<Database>, from: string, to: string, direction: 'asc' | 'desc', specialist?: string) {
  return dueSelect(db, specialist)
    .where('c.status', '=', 'open')
    .where('c.due_date', '>=', from)
    .where('c.due_date', '<=', to)
    .orderBy('c.due_date', direction)
    .orderBy('c.id', direction);
}

/**
 * Cases with a callback booked in [from, before), earliest first (index range on
 * next_contact_at). A booking older than the lapsed window was never kept and is
 * stale; the lower bound also keeps the read from wading through old ones. No
 * status condition in SQL: the register clears the booking when a case closes,
 * and `status = 'open'` would tempt the planner onto the status index.
 */
export function dueCallbacksQuery(db: Kysely<Database>, from: string, before: string, specialist?: string) {
  return dueSelect(db, specialist)
    .where('c.next_contact_at', '>=', from)
    .where('c.next_contact_at', '<', before)
    .orderBy('c.next_contact_at')
    .orderBy('c.id');
}

/**
 * All cases of one vehicle (for --explain), earliest end first; the caller keeps
 * the open ones. (A status condition here would lead the planner onto the status
 * index instead of plate -> vehicle_id.)
 */
export function plateCasesQuery(db: Kysely<Database>, plate: string) {
  return dueSelect(db, undefined).where('v.plate', '=', plate).orderBy('c.due_date');
}

/**
 * Candidates for the queue, counted from the indexes alone (no table rows are read)
 * and only up to `atMost + 1`: enough to tell "fits the budget" from "too many"
 * without walking a huge window. Open cases ending in [from, to], plus callbacks
 * booked in [from, callbacksBefore).
 */
export async function countCandidates(db: Kysely<Database>, from: string, to: string, callbacksBefore: string, atMost: number): Promise<number> {
  const cases = db
    .selectFrom('renewal_cases')
    .select('id')
    .where('status', '=', 'open')
    .where('due_date', '>=', from)
    .where('due_date', '<=', to)
    .limit(atMost + 1);
  const callbacks = db
    .selectFrom('renewal_cases')
    .select('id')
    .where('next_contact_at', '>=', from)
    .where('next_contact_at', '<', callbacksBefore)
    .limit(atMost + 1);
  const count = async (q: typeof cases) => {
    const row = await db.selectFrom(q.as('c')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const n = await count(cases);
  return n > atMost ? n : n + (await count(callbacks));
}

/**
 * How much the everyday screen may read: everything while the window holds at
 * most `exactUpTo` candidates (counted from the indexes alone), else the `scan`
 * most urgent upcoming cases and a quarter of that of lapsed cases and callbacks.
 */
export interface ReadBudget {
  exactUpTo: number;
  scan: number;
}

export interface DueRows {
  rows: DueRow[];
  /**
   * Set when the budget cut the read: the window holds more than `over`
   * candidates and only the `scanned` most urgent were read.
   */
  truncated: { scanned: number; over: number } | null;
}

/**
 * Reads the queue's candidates: upcoming cases soonest first, lapsed cases most
 * recent first, due callbacks earliest first. Each read follows an index in
 * order, so with a budget the cost stays flat however large the database grows;
 * without one (undefined) everything in the window is read.
 */
export async function loadDueRows(db: Kysely<Database>, window: DueWindow, budget?: ReadBudget): Promise<DueRows> {
  const { today } = window;
  const tomorrow = addDays(today, 1);
  let limits: { upcoming?: number; lapsed?: number; callbacks?: number } = {};
  if (budget) {
    if ((await countCandidates(db, window.from, window.to, tomorrow, budget.exactUpTo)) > budget.exactUpTo) {
      const quarter = Math.ceil(budget.scan / 4);
      limits = { upcoming: budget.scan, lapsed: quarter, callbacks: quarter };
    }
  }
  let cut = false;
  const read = async (q: ReturnType<typeof dueSelect>, limit: number | undefined) => {
    const rows = (await (limit === undefined ? q : q.limit(limit + 1)).execute()) as DueRow[];
    if (limit === undefined || rows.length <= limit) return rows;
    cut = true;
    return rows.slice(0, limit);
  };
  const reads = window.reads ?? { upcoming: true, lapsed: true, callbacks: true };
  let upcoming = dueCasesQuery(db, today, window.to, 'asc', window.specialist);
  if (window.smsNotSent) upcoming = upcoming.where('c.sms_sent_at', 'is', null);
  const rows = [
    ...(reads.upcoming ? await read(upcoming, limits.upcoming) : []),
    ...(reads.lapsed ? await read(dueCasesQuery(db, window.from, addDays(today, -1), 'desc', window.specialist), limits.lapsed) : []),
  ];
  const seen = new Set(rows.map((r) => r.case_id));
  const callbacks = reads.callbacks ? await read(dueCallbacksQuery(db, window.from, tomorrow, window.specialist), limits.callbacks) : [];
  for (const r of callbacks) if (!seen.has(r.case_id) && r.status === 'open') rows.push(r);
  return { rows, truncated: cut ? { scanned: rows.length, over: budget?.exactUpTo ?? 0 } : null };
}

/**
 * Unanswered calls per vehicle on `date`, counted from the register (events in
 * force only). Only cases contacted that day can have any, so only their events
 * are read (events(case_id, at) index).
 */
export async function unansweredOn(db: Kysely<Database>, rows: readonly DueRow[], date: string): Promise<Map<number, number>> {
  const contacted = rows.filter((r) => r.last_contact_at !== null && r.last_contact_at >= date && r.unanswered > 0);
  const counts = new Map<number, number>();
  if (contacted.length === 0) return counts;
  const events = await db
    .selectFrom('events')
    .select(['id', 'supersedes_id', 'vehicle_id', 'outcome', 'at'])
    .where('case_id', 'in', contacted.map((r) => r.case_id))
    .execute();
  const next = addDays(date, 1);
  for (const e of effectiveEvents(events)) {
    if ((e.outcome === 'no_answer' || e.outcome === 'unreachable') && e.at >= date && e.at < next) {
      counts.set(e.vehicle_id, (counts.get(e.vehicle_id) ?? 0) + 1);
    }
  }
  return counts;
}

/** True when the database holds no policies at all (nothing imported yet). */
export async function isEmptyStore(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('policies').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
