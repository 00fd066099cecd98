/**
 * The due-list: the open renewal cases the morning queue is made from, one query
 * per group, each on an index range: open cases by end date
 * (renewal_cases(status, due_date)) and booked callbacks by time
 * (renewal_cases(next_contact_at)), joined to vehicles by primary key. Nothing
 * else is scanned, so the cost grows with the size of today's window.
 */
import type { Expression, Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { addDays } from '../clock.js';
import { effectiveEvents } from '../register.js';
import type { GroupName } from './groups.js';

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

/**
 * All cases of one vehicle (for --explain), earliest end first; the caller keeps
 * the open ones. (A status condition here would lead the planner onto the status
 * index instead of plate -> vehicle_id.)
 */
export function plateCasesQuery(db: Kysely<Database>, plate: string) {
  return dueSelect(db, undefined).where('v.plate', '=', plate).orderBy('c.due_date');
}

/** What the group queries need to know about the day. */
export interface GroupScope {
  /** 'YYYY-MM-DD'. */
  today: string;
  /** Oldest end date (and callback booking) still listed: today - lapsed_days. */
  from: string;
  /** Last end date of the calls group (today + call-lead) and of the sms group. */
  callsTo: string;
  smsTo: string;
  specialist?: string | undefined;
  /** Vehicles held back today by the unanswered-calls rule (out of callbacks and calls). */
  waiting: readonly number[];
  /** The calls group's order, highest first (see prioritySql). */
  score: Expression<number>;
}

/**
 * One group of the morning queue as a query, the rules stated once (see groups.ts):
 * each reads one index range in order and filters per row in SQL (do-not-call, a
 * later callback on any of the vehicle's cases, waiting vehicles, SMS already sent),
 * so a LIMIT gives the exact first N and COUNT the exact size.
 */
export function groupQuery(db: Kysely<Database>, group: GroupName, s: GroupScope, extra?: { caseId?: number; vehicleIds?: readonly number[] }) {
  const tomorrow = addDays(s.today, 1);
  // No callback booked for a later day, on this case or another of the vehicle's
  // (the other cases are found on the vehicle_id index; `later.id <> c.id` is
  // checked on the index, so a vehicle with one case costs no extra row read).
  let q = dueSelect(db, s.specialist)
    .where((eb) => eb.or([eb('c.next_contact_at', 'is', null), eb('c.next_contact_at', '<', tomorrow)]))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('renewal_cases as later').select('later.id').whereRef('later.vehicle_id', '=', 'c.vehicle_id').whereRef('later.id', '<>', 'c.id').where('later.next_contact_at', '>=', tomorrow))),
    );
  if (extra?.caseId !== undefined) q = q.where('c.id', '=', extra.caseId);
  if (extra?.vehicleIds !== undefined) q = q.where('c.vehicle_id', 'in', extra.vehicleIds.length > 0 ? [...extra.vehicleIds] : [-1]);
  const mayCall = (x: typeof q) => {
    const y = x.where((eb) => eb.or([eb('v.do_not_call_until', 'is', null), eb('v.do_not_call_until', '<', s.today)]));
    return s.waiting.length > 0 ? y.where('c.vehicle_id', 'not in', [...s.waiting]) : y;
  };
  // A callback due today sends the case to the callbacks group instead of calls or lapsed.
  const noCallbackDue = (x: typeof q) => x.where((eb) => eb.or([eb('c.next_contact_at', 'is', null), eb('c.next_contact_at', '<', s.from)]));
  const open = (x: typeof q, first: string, last: string) => x.where('c.status', '=', 'open').where('c.due_date', '>=', first).where('c.due_date', '<=', last);
  switch (group) {
    case 'callbacks':
      // No status condition: the register clears a closed case's booking, and
      // `status = 'open'` would tempt the planner onto the status index.
      return mayCall(q.where('c.next_contact_at', '>=', s.from).where('c.next_contact_at', '<', tomorrow))
        .orderBy('c.next_contact_at').orderBy('v.plate').orderBy('c.id');
    case 'calls':
      return mayCall(noCallbackDue(open(q, s.today, s.callsTo)))
        .orderBy(s.score, 'desc').orderBy('c.due_date').orderBy('v.plate').orderBy('c.id');
    case 'sms':
      return open(q, s.today, s.smsTo)
        .where('c.sms_sent_at', 'is', null)
        .where((eb) => eb.or([eb('v.do_not_call_until', 'is', null), eb('v.do_not_call_until', '<', s.today)]))
        .orderBy('c.due_date').orderBy('v.plate').orderBy('c.id');
    case 'lapsed':
      return noCallbackDue(open(q, s.from, addDays(s.today, -1))).orderBy('c.due_date', 'desc').orderBy('v.plate').orderBy('c.id');
  }
}

/**
 * Vehicles with at least `max` unanswered calls (no_answer, unreachable; events in
 * force only) on `date`: found by the events(outcome, at) index, then counted over
 * their cases' events so a corrected event counts as corrected.
 */
export async function waitingVehicles(db: Kysely<Database>, date: string, max: number): Promise<number[]> {
  const next = addDays(date, 1);
  const cases = await db
    .selectFrom('events')
    .select('case_id')
    .distinct()
    .where('outcome', 'in', ['no_answer', 'unreachable'])
    .where('at', '>=', date)
    .where('at', '<', next)
    .execute();
  if (cases.length === 0) return [];
  const events = await db
    .selectFrom('events')
    .select(['id', 'supersedes_id', 'vehicle_id', 'outcome', 'at'])
    .where('case_id', 'in', cases.map((c) => c.case_id))
    .execute();
  const counts = new Map<number, number>();
  for (const e of effectiveEvents(events)) {
    if ((e.outcome === 'no_answer' || e.outcome === 'unreachable') && e.at >= date && e.at < next) counts.set(e.vehicle_id, (counts.get(e.vehicle_id) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= max).map(([id]) => id);
}

/** True when the database holds no policies at all (nothing imported yet). */
export async function isEmptyStore(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('policies').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
