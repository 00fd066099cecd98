/**
 * The queries behind the monthly report. Every one reads the month's cohort
 * (renewal cases whose due date falls in the month) through the covering index
 * renewal_cases_queue (status, due_date, then every column the report sums and
 * groups by; see migrations 0003 and 0004): the status is always constrained, with `in (...)` when all
 * three count, so SQLite (and PostgreSQL) read a few contiguous ranges of the
 * index and never the table. The aggregation happens in SQL; JavaScript gets a
 * few dozen grouped rows, the lost cases' register entries in a compact form, and
 * the text of the handful of notes it quotes.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Context } from '../context.js';
import type { CaseStatus } from '../../storage/schema.js';

export const ALL_STATUSES: readonly CaseStatus[] = ['open', 'renewed', 'lost'];

/** Inclusive due-date range ('YYYY-MM-DD'), of one store's cases when `store` is set. */
export interface DueRange {
  from: string;
  to: string;
  /** A store's code: the case's copy of its vehicle's store, read from the covering index. */
  store?: string | undefined;
}

/** Counts and sums over a set of cases (the store, or one specialist's share). */
export interface CohortCounts {
  due: number;
  renewed: number;
  lost: number;
  open: number;
  /** Renewed cases closed by an imported renewing policy. */
  renewedByImport: number;
  /** Sum of the renewals' totals, fen. */
  premiumCents: number;
  compulsoryCents: number;
  commercialCents: number;
  smsSent: number;
  reached: number;
  quoted: number;
}

export interface SpecialistCounts extends CohortCounts {
  /** The vehicle's specialist (the case's copy); null when nobody is assigned. */
  specialist: string | null;
}

type Db = Pick<Context, 'db'>;

// A renewal's total: the recorded total, else the sum of the split (both may be partial).
// Only meaningful for renewed cases: callers group or filter by status.
export const RENEWAL_TOTAL = sql<number | null>`coalesce(c.renewed_premium_cents, coalesce(c.renewed_compulsory_cents, 0) + coalesce(c.renewed_commercial_cents, 0))`;

const when = (condition: RawBuilder<unknown>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;

/** One group of the cohort: a specialist's cases with one status, insurer and loss reason. */
export interface CohortGroup extends CohortCounts {
  specialist: string | null;
  status: CaseStatus;
  insurer: string | null;
  reason: string | null;
}

/**
 * The whole cohort in one pass, grouped by specialist, status, renewed insurer and
 * loss reason (a few dozen groups); the per-specialist, per-insurer and per-reason
 * figures are sums over these groups, read from the covering index alone (the
 * specialist is the case's copy of its vehicle's). SQL groups by day as well, in
 * the index's own order (status, due_date, specialist, renewed_insurer,
 * lost_reason), so it aggregates as it reads instead of sorting the month's cases
 * (about half the time on the 1M-policy demo); the days are added up here.
 * Status is a grouping key, so the sums need no `case when status = ...`: a
 * group that is not 'renewed' has its premium and import figures zeroed here.
 */
export async function cohortGroups(ctx: Db, range: DueRange): Promise<CohortGroup[]> {
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .select([
      'c.specialist',
      'c.status',
      'c.renewed_insurer',
      'c.lost_reason',
      sql<number>`count(*)`.as('due'),
      when(sql.raw(`c.closed_by = 'import'`)).as('byImport'),
      sql<number>`sum(${RENEWAL_TOTAL})`.as('premiumCents'),
      sql<number | null>`sum(c.renewed_compulsory_cents)`.as('compulsoryCents'),
      sql<number | null>`sum(c.renewed_commercial_cents)`.as('commercialCents'),
      sql<number>`count(c.sms_sent_at)`.as('smsSent'),
      when(sql`c.reached = ${1}`).as('reached'),
      when(sql`c.quoted = ${1}`).as('quoted'),
    ])
    .where('c.status', 'in', ALL_STATUSES)
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .$if(range.store !== undefined, (q) => q.where('c.store', '=', range.store as string))
    .groupBy(['c.status', 'c.due_date', 'c.specialist', 'c.renewed_insurer', 'c.lost_reason'])
    .execute();
  const groups = new Map<string, CohortGroup>();
  for (const day of rows.map(toGroup)) {
    const key = JSON.stringify([day.specialist, day.status, day.insurer, day.reason]);
    const group = groups.get(key);
    if (group) addCounts(group, day);
    else groups.set(key, day);
  }
  return [...groups.values()];

  function toGroup(r: (typeof rows)[number]): CohortGroup {
    const due = Number(r.due);
    const renewed = r.status === 'renewed';
    return {
      specialist: r.specialist,
      status: r.status,
      insurer: r.renewed_insurer,
      reason: r.lost_reason,
      due,
      renewed: renewed ? due : 0,
      lost: r.status === 'lost' ? due : 0,
      open: r.status === 'open' ? due : 0,
      renewedByImport: renewed ? Number(r.byImport) : 0,
      premiumCents: renewed ? Number(r.premiumCents ?? 0) : 0,
      compulsoryCents: renewed ? Number(r.compulsoryCents ?? 0) : 0,
      commercialCents: renewed ? Number(r.commercialCents ?? 0) : 0,
      smsSent: Number(r.smsSent),
      reached: Number(r.reached),
      quoted: Number(r.quoted),
    };
  }
}

/** Adds up rows into one set of figures. */
export function totalCounts(rows: readonly CohortCounts[]): CohortCounts {
  const total = { ...ZERO };
  for (const row of rows) addCounts(total, row);
  return total;
}

const ZERO: CohortCounts = {
  due: 0, renewed: 0, lost: 0, open: 0, renewedByImport: 0, premiumCents: 0, compulsoryCents: 0, commercialCents: 0,
  smsSent: 0, reached: 0, quoted: 0,
};
const COUNTS = Object.keys(ZERO) as (keyof CohortCounts)[];

function addCounts(into: CohortCounts, row: CohortCounts): void {
  for (const key of COUNTS) into[key] += row[key];
}

/** Groups rows by a key and adds up each group's counts. */
export function sumBy<K>(rows: readonly CohortGroup[], key: (row: CohortGroup) => K): Map<K, CohortCounts> {
  const groups = new Map<K, CohortGroup[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return new Map([...groups].map(([k, list]) => [k, totalCounts(list)]));
}

export interface LostCaseEvent {
  id: number;
  caseId: number;
  supersedesId: number | null;
  at: string;
  /** The entry has a note that is not blank (its text is fetched only when quoted). */
  hasNote: boolean;
  objections: string | null;
  reason: string | null;
}

/**
 * The register entries of the cohort's lost cases that matter for the loss
 * reasons: those with a note or objections, and every correction (so superseded
 * entries can be dropped). `reason` is the case's loss reason (from the covering
 * index), not the event's. Compact on purpose: the notes' text, a few thousand
 * strings nobody reads, stays in the database until noteTexts() fetches the
 * handful that are quoted.
 */
export async function lostCaseEvents(ctx: Db, range: DueRange): Promise<LostCaseEvent[]> {
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .innerJoin('events as e', 'e.case_id', 'c.id')
    .select([
      'e.id',
      'e.case_id',
      'e.supersedes_id',
      'e.at',
      sql<number>`case when e.note is not null and trim(e.note) <> '' then 1 else 0 end`.as('has_note'),
      'e.objections',
      'c.lost_reason',
    ])
    .where('c.status', '=', 'lost')
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .$if(range.store !== undefined, (q) => q.where('c.store', '=', range.store as string))
    .where((eb) => eb.or([eb('e.note', 'is not', null), eb('e.objections', 'is not', null), eb('e.supersedes_id', 'is not', null)]))
    .execute();
  return rows.map((r) => ({
    id: r.id, caseId: r.case_id, supersedesId: r.supersedes_id, at: r.at, hasNote: Number(r.has_note) === 1,
    objections: r.objections, reason: r.lost_reason,
  }));
}

export interface NoteText {
  note: string;
  specialist: string | null;
  plate: string;
}

/** The text, author and vehicle plate of a few register entries (the quoted notes), by event id. */
export async function noteTexts(ctx: Db, eventIds: readonly number[]): Promise<Map<number, NoteText>> {
  if (eventIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('events as e')
    .innerJoin('renewal_cases as c', 'c.id', 'e.case_id')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select(['e.id', 'e.note', 'e.specialist', 'v.plate'])
    .where('e.id', 'in', eventIds)
    .execute();
  return new Map(rows.map((r) => [r.id, { note: r.note ?? '', specialist: r.specialist, plate: r.plate }]));
}

export interface MonthPoint {
  month: string;
  due: number;
  renewed: number;
  premiumCents: number;
}

/**
 * Due, renewed and renewed premium per month over a range of due dates, in one
 * grouped pass over the covering index. Grouped by (status, due_date), the
 * index's own order, so SQLite needs no sort step; the days fold into months here.
 */
export async function monthlyTotals(ctx: Db, range: DueRange): Promise<MonthPoint[]> {
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .select(['c.status', 'c.due_date', sql<number>`count(*)`.as('n'), sql<number | null>`sum(${RENEWAL_TOTAL})`.as('premiumCents')])
    .where('c.status', 'in', ALL_STATUSES)
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .$if(range.store !== undefined, (q) => q.where('c.store', '=', range.store as string))
    .groupBy(['c.status', 'c.due_date'])
    .execute();
  const months = new Map<string, MonthPoint>();
  for (const r of rows) {
    const month = r.due_date.slice(0, 7);
    let p = months.get(month);
    if (!p) months.set(month, (p = { month, due: 0, renewed: 0, premiumCents: 0 }));
    p.due += Number(r.n);
    if (r.status === 'renewed') {
      p.renewed += Number(r.n);
      p.premiumCents += Number(r.premiumCents ?? 0);
    }
  }
  return [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}

export interface TargetRow {
  specialist: string;
  vehicles: number | null;
  premiumCents: number | null;
  rate: number | null;
}

/** The month's targets of one store ('' the group's, or a database without stores): '' is the store's own, the rest per specialist. */
export async function targetsForMonth(ctx: Db, month: string, store = ''): Promise<TargetRow[]> {
  const rows = await ctx.db.selectFrom('targets').select(['specialist', 'vehicles', 'premium_cents', 'rate']).where('month', '=', month).where('store', '=', store).execute();
  return rows.map((r) => ({ specialist: r.specialist, vehicles: r.vehicles, premiumCents: r.premium_cents, rate: r.rate }));
}

export interface OpenCaseRow {
  plate: string;
  specialist: string | null;
  dueDate: string;
  attempts: number;
  lastContactAt: string | null;
}

/** The cohort's cases still open (neither renewed nor lost), earliest due first, from the case rows alone. */
export async function openCases(ctx: Db, range: DueRange): Promise<OpenCaseRow[]> {
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .select(['c.plate', 'c.specialist', 'c.due_date', 'c.attempts', 'c.last_contact_at'])
    .where('c.status', '=', 'open')
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .$if(range.store !== undefined, (q) => q.where('c.store', '=', range.store as string))
    .orderBy('c.due_date')
    .orderBy('c.plate')
    .execute();
  return rows.map((r) => ({ plate: r.plate, specialist: r.specialist, dueDate: r.due_date, attempts: Number(r.attempts), lastContactAt: r.last_contact_at }));
}
