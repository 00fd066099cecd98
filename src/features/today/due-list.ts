/**
 * The due-list: the open renewal cases the morning queue is made from, one query
 * per group. A group is chosen, counted and ordered from renewal_cases alone: the
 * covering index renewal_cases_queue (status, due_date, then every column the
 * queue filters, scores and sorts on, the vehicle's among them as the case's
 * copies) or, for callbacks, renewal_cases_next_contact. Only the entries shown
 * are joined to their vehicle rows, so a page of ten reads ten vehicles, and the
 * cost of the rest grows with the size of today's window.
 */
import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { addDays } from '../../rules/clock.js';
import { effectiveEvents } from '../../rules/case-projection.js';
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

const DUE_COLUMNS = [
  'c.id as case_id', 'c.vehicle_id', 'c.due_date', 'c.compulsory_end', 'c.commercial_end', 'c.last_premium_cents',
  'c.status', 'c.last_insurer', 'c.attempts', 'c.unanswered', 'c.reached', 'c.sms_sent_at', 'c.next_contact_at', 'c.last_contact_at',
  'v.plate', 'v.owner', 'v.phone', 'v.id_no', 'v.installment', 'v.specialist', 'v.do_not_call_until',
] as const;

/**
 * All cases of one vehicle (for --explain), earliest end first; the caller keeps
 * the open ones. (A status condition here would lead the planner onto the status
 * index instead of plate -> vehicle_id.)
 */
export function plateCasesQuery(db: Kysely<Database>, plate: string) {
  return db
    .selectFrom('renewal_cases as c')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select(DUE_COLUMNS)
    .where('v.plate', '=', plate)
    .orderBy('c.due_date');
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
  /** One person's cases; null: the pool (nobody assigned); undefined: everyone's. */
  specialist?: string | null | undefined;
  /** One store's cases (the case's copy of its vehicle's store, on both indexes); undefined: every store. */
  store?: string | undefined;
  /** Vehicles held back today by the unanswered-calls rule (out of callbacks and calls). */
  waiting: readonly number[];
  /** The calls group's order, highest first (see prioritySql). */
  score: RawBuilder<number>;
}

type SortKey = 'score' | 'next_contact_at' | 'due_date' | 'plate' | 'id';

/** Each group's order; the plate and case id make it total, so pages are stable. */
const ORDER: Record<GroupName, readonly (readonly [SortKey, 'asc' | 'desc'])[]> = {
  callbacks: [['next_contact_at', 'asc'], ['plate', 'asc'], ['id', 'asc']],
  calls: [['score', 'desc'], ['due_date', 'asc'], ['plate', 'asc'], ['id', 'asc']],
  sms: [['due_date', 'asc'], ['plate', 'asc'], ['id', 'asc']],
  lapsed: [['due_date', 'desc'], ['plate', 'asc'], ['id', 'asc']],
};

/** Narrows a group to one case (--explain) or to some vehicles (who the unanswered rule holds back). */
export interface GroupFilter {
  caseId?: number;
  vehicleIds?: readonly number[];
}

/**
 * One group as a query over renewal_cases alone, the rules stated once (see
 * groups.ts): its cases' ids, vehicles and sort keys, in order. Every condition is
 * on the index's own columns, so a LIMIT gives the exact first N and COUNT the
 * exact size without reading a table row.
 */
export function groupKeys(db: Kysely<Database>, group: GroupName, s: GroupScope, filter: GroupFilter = {}) {
  const tomorrow = addDays(s.today, 1);
  // No callback booked for a later day, on this case or any other of the vehicle's
  // (the case knows the vehicle's latest booking).
  let q = db
    .selectFrom('renewal_cases as c')
    .select(['c.id', 'c.vehicle_id', 'c.due_date', 'c.plate', 'c.next_contact_at'])
    .select(group === 'calls' ? s.score.as('score') : sql<number>`0`.as('score'))
    .where((eb) => eb.or([eb('c.vehicle_next_contact_at', 'is', null), eb('c.vehicle_next_contact_at', '<', tomorrow)]));
  // null: the pool, the cases nobody is assigned (renew recycle puts them there).
  if (s.specialist === null) q = q.where('c.specialist', 'is', null);
  else if (s.specialist !== undefined) q = q.where('c.specialist', '=', s.specialist);
  if (s.store !== undefined) q = q.where('c.store', '=', s.store);
  if (filter.caseId !== undefined) q = q.where('c.id', '=', filter.caseId);
  if (filter.vehicleIds !== undefined) q = q.where('c.vehicle_id', 'in', filter.vehicleIds.length > 0 ? [...filter.vehicleIds] : [-1]);
  const notBarred = (x: typeof q) => x.where((eb) => eb.or([eb('c.do_not_call_until', 'is', null), eb('c.do_not_call_until', '<', s.today)]));
  const mayCall = (x: typeof q) => (s.waiting.length > 0 ? notBarred(x).where('c.vehicle_id', 'not in', [...s.waiting]) : notBarred(x));
  // A callback due today sends the case to the callbacks group instead of calls or lapsed.
  const noCallbackDue = (x: typeof q) => x.where((eb) => eb.or([eb('c.next_contact_at', 'is', null), eb('c.next_contact_at', '<', s.from)]));
  const open = (x: typeof q, first: string, last: string) => x.where('c.status', '=', 'open').where('c.due_date', '>=', first).where('c.due_date', '<=', last);
  let chosen: typeof q;
  switch (group) {
    case 'callbacks':
      // No status condition: the register clears a closed case's booking, and
      // `status = 'open'` would tempt the planner onto the queue index.
      chosen = mayCall(q.where('c.next_contact_at', '>=', s.from).where('c.next_contact_at', '<', tomorrow));
      break;
    case 'calls':
      chosen = mayCall(noCallbackDue(open(q, s.today, s.callsTo)));
      break;
    case 'sms':
      chosen = notBarred(open(q, s.today, s.smsTo).where('c.sms_sent_at', 'is', null));
      break;
    case 'lapsed':
      chosen = noCallbackDue(open(q, s.from, addDays(s.today, -1)));
      break;
  }
  for (const [key, dir] of ORDER[group]) chosen = chosen.orderBy(sql.ref(key), dir);
  return chosen;
}

/**
 * A group's entries in order, at most `limit`: the keys are chosen and ordered on
 * the index first, and only those rows are joined to the case and vehicle.
 */
export function groupQuery(db: Kysely<Database>, group: GroupName, s: GroupScope, filter: GroupFilter = {}, limit?: number) {
  const keys = groupKeys(db, group, s, filter);
  let q = db
    .selectFrom((limit === undefined ? keys : keys.limit(limit)).as('g'))
    .innerJoin('renewal_cases as c', 'c.id', 'g.id')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select(DUE_COLUMNS);
  for (const [key, dir] of ORDER[group]) q = q.orderBy(sql.ref(`g.${key}`), dir);
  return q;
}

/**
 * A group's first `limit` entries in order and, on each row, the group's exact size
 * (`total`, counted before the limit): the screen's page of a group in one query, where
 * groupQuery and groupCount took two, each a round trip and a pass over the index range
 * on a server. The calls' order needs every candidate's score anyway, so counting them
 * on the way costs next to nothing.
 */
export function groupPageQuery(db: Kysely<Database>, group: GroupName, s: GroupScope, limit: number) {
  const keys = groupKeys(db, group, s).select((eb) => eb.fn.countAll<number>().over().as('total'));
  let q = db
    .selectFrom(keys.limit(limit).as('g'))
    .innerJoin('renewal_cases as c', 'c.id', 'g.id')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select(DUE_COLUMNS)
    .select('g.total');
  for (const [key, dir] of ORDER[group]) q = q.orderBy(sql.ref(`g.${key}`), dir);
  return q;
}

/** A group's exact size, counted on the index. */
export async function groupCount(db: Kysely<Database>, group: GroupName, s: GroupScope): Promise<number> {
  // Only the rows matter: without the score and the order, calls' CASE is neither built nor evaluated.
  const keys = groupKeys(db, group, s).clearOrderBy().clearSelect().select('c.id');
  const row = await db.selectFrom(keys.as('g')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
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
