/**
 * The queries behind the monthly report. Every one reads the month's cohort
 * (renewal cases whose due date falls in the month) through the
 * renewal_cases(status, due_date) index: the status is always constrained, with
 * `in (...)` when all three count, so SQLite (and PostgreSQL) read a range of the
 * index instead of scanning the table.
 */
import { sql } from 'kysely';
import type { Context } from '../context.js';
import type { CaseStatus } from '../../db/schema.js';

export const ALL_STATUSES: readonly CaseStatus[] = ['open', 'renewed', 'lost'];

/** Inclusive due-date range ('YYYY-MM-DD'). */
export interface DueRange {
  from: string;
  to: string;
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
  /** vehicles.specialist; null when nobody is assigned. */
  specialist: string | null;
}

type Db = Pick<Context, 'db'>;

// A renewal's total: the recorded total, else the sum of the split (both may be partial).
const RENEWED_TOTAL = sql<number>`case when c.status = 'renewed' then coalesce(c.renewed_premium_cents, coalesce(c.renewed_compulsory_cents, 0) + coalesce(c.renewed_commercial_cents, 0)) else 0 end`;

const when = (condition: ReturnType<typeof sql.raw>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;

/** The cohort's counts per responsible specialist (vehicles.specialist), one row each. */
export async function countsBySpecialist(ctx: Db, range: DueRange): Promise<SpecialistCounts[]> {
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select([
      'v.specialist',
      sql<number>`count(*)`.as('due'),
      when(sql.raw(`c.status = 'renewed'`)).as('renewed'),
      when(sql.raw(`c.status = 'lost'`)).as('lost'),
      when(sql.raw(`c.status = 'open'`)).as('open'),
      when(sql.raw(`c.status = 'renewed' and c.closed_by = 'import'`)).as('renewedByImport'),
      sql<number>`sum(${RENEWED_TOTAL})`.as('premiumCents'),
      sql<number>`sum(case when c.status = 'renewed' then coalesce(c.renewed_compulsory_cents, 0) else 0 end)`.as('compulsoryCents'),
      sql<number>`sum(case when c.status = 'renewed' then coalesce(c.renewed_commercial_cents, 0) else 0 end)`.as('commercialCents'),
      when(sql.raw('c.sms_sent_at is not null')).as('smsSent'),
      when(sql.raw('c.reached = 1')).as('reached'),
      when(sql.raw('c.quoted = 1')).as('quoted'),
    ])
    .where('c.status', 'in', ALL_STATUSES)
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .groupBy('v.specialist')
    .execute();
  return rows.map((r) => ({
    specialist: r.specialist,
    due: Number(r.due),
    renewed: Number(r.renewed),
    lost: Number(r.lost),
    open: Number(r.open),
    renewedByImport: Number(r.renewedByImport),
    premiumCents: Number(r.premiumCents),
    compulsoryCents: Number(r.compulsoryCents),
    commercialCents: Number(r.commercialCents),
    smsSent: Number(r.smsSent),
    reached: Number(r.reached),
    quoted: Number(r.quoted),
  }));
}

/** Adds up per-specialist rows into the store's figures. */
export function totalCounts(rows: readonly CohortCounts[]): CohortCounts {
  const total: CohortCounts = {
    due: 0, renewed: 0, lost: 0, open: 0, renewedByImport: 0, premiumCents: 0, compulsoryCents: 0, commercialCents: 0,
    smsSent: 0, reached: 0, quoted: 0,
  };
  for (const row of rows) for (const key of Object.keys(total) as (keyof CohortCounts)[]) total[key] += row[key];
  return total;
}

export interface InsurerCounts {
  insurer: string | null;
  renewed: number;
  premiumCents: number;
}

/** The renewed cases of the cohort by the insurer they renewed with. */
export async function renewedByInsurer(ctx: Db, range: DueRange): Promise<InsurerCounts[]> {
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .select(['c.renewed_insurer as insurer', sql<number>`count(*)`.as('renewed'), sql<number>`sum(${RENEWED_TOTAL})`.as('premiumCents')])
    .where('c.status', '=', 'renewed')
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .groupBy('c.renewed_insurer')
    .execute();
  return rows.map((r) => ({ insurer: r.insurer, renewed: Number(r.renewed), premiumCents: Number(r.premiumCents) }));
}

/** The cohort's lost cases by reason code (null: no reason recorded). */
export async function lostByReason(ctx: Db, range: DueRange): Promise<{ reason: string | null; count: number }[]> {
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .select(['c.lost_reason as reason', sql<number>`count(*)`.as('count')])
    .where('c.status', '=', 'lost')
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .groupBy('c.lost_reason')
    .execute();
  return rows.map((r) => ({ reason: r.reason, count: Number(r.count) }));
}

export interface LostCaseEvent {
  id: number;
  caseId: number;
  supersedesId: number | null;
  at: string;
  specialist: string | null;
  note: string | null;
  objections: string | null;
  reason: string | null;
  plate: string;
}

/**
 * The register entries of the cohort's lost cases that matter for examples: those
 * with a note or objections, and every correction (so superseded entries can be
 * dropped). `reason` is the case's loss reason, not the event's.
 */
export async function lostCaseEvents(ctx: Db, range: DueRange): Promise<LostCaseEvent[]> {
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .innerJoin('events as e', 'e.case_id', 'c.id')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select(['e.id', 'e.case_id', 'e.supersedes_id', 'e.at', 'e.specialist', 'e.note', 'e.objections', 'c.lost_reason', 'v.plate'])
    .where('c.status', '=', 'lost')
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .where((eb) => eb.or([eb('e.note', 'is not', null), eb('e.objections', 'is not', null), eb('e.supersedes_id', 'is not', null)]))
    .execute();
  return rows.map((r) => ({
    id: r.id, caseId: r.case_id, supersedesId: r.supersedes_id, at: r.at, specialist: r.specialist, note: r.note,
    objections: r.objections, reason: r.lost_reason, plate: r.plate,
  }));
}

export interface MonthPoint {
  month: string;
  due: number;
  renewed: number;
  premiumCents: number;
}

/** Due, renewed and renewed premium for every month with cases in the range. */
export async function monthlyTotals(ctx: Db, range: DueRange): Promise<MonthPoint[]> {
  const month = sql<string>`substr(c.due_date, 1, 7)`;
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .select([
      month.as('month'),
      sql<number>`count(*)`.as('due'),
      when(sql.raw(`c.status = 'renewed'`)).as('renewed'),
      sql<number>`sum(${RENEWED_TOTAL})`.as('premiumCents'),
    ])
    .where('c.status', 'in', ALL_STATUSES)
    .where('c.due_date', '>=', range.from)
    .where('c.due_date', '<=', range.to)
    .groupBy(month)
    .execute();
  return rows.map((r) => ({ month: r.month, due: Number(r.due), renewed: Number(r.renewed), premiumCents: Number(r.premiumCents) }));
}

export interface TargetRow {
  specialist: string;
  vehicles: number | null;
  premiumCents: number | null;
  rate: number | null;
}

/** The month's targets: '' is the store's, the rest per specialist. */
export async function targetsForMonth(ctx: Db, month: string): Promise<TargetRow[]> {
  const rows = await ctx.db.selectFrom('targets').select(['specialist', 'vehicles', 'premium_cents', 'rate']).where('month', '=', month).execute();
  return rows.map((r) => ({ specialist: r.specialist, vehicles: r.vehicles, premiumCents: r.premium_cents, rate: r.rate }));
}
