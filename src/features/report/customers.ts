/**
 * The month report's customer figures (issue 15): the base of customers (客户基盘),
 * the insured rate (在保率) on the month's last day, the month's new cover by
 * business type (新保/续保/转保) and the first-year renewal rate (首年续保率). The
 * definitions are written once for people in docs/report.md and the report's footer
 * (`report.def.base`, ...); `customerDates` (rules/customer-base.ts) gives their
 * day boundaries.
 *
 * Two queries. The policies of the base's window are read in one pass and folded
 * per vehicle in SQL (no index holds a policy's dates, so this is the one scan of
 * the policies table the report makes); the first-year cases come from the month's
 * cohort through the covering index renewal_cases_queue, each checked for an
 * earlier case of its vehicle through renewal_cases_vehicle.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Context } from '../context.js';
import type { Business, Database } from '../../storage/schema.js';
import { type CustomerDates, customerDates } from '../../rules/customer-base.js';
import { ratio } from '../../rules/ratio.js';
import { ALL_STATUSES } from './cohort.js';

/** The month's new cover per business type of the vehicle; `unknown`: the vehicle's type was never given. */
export type StartedCounts = Record<Business | 'unknown', number>;

export interface CustomerSection {
  /** Vehicles in use (not sold, scrapped or purged) with a policy that ended in the 12 months up to the month's last day or is in force on it. */
  base: number;
  /** Of the base, vehicles with a compulsory or commercial policy in force on the month's last day. */
  insured: number;
  /** insured / base; null for an empty base. */
  insuredRate: number | null;
  /** Vehicles with a policy that started in the month, by type (a renewing policy makes it 续保). */
  started: StartedCounts;
  /** The month's cases whose expiring cover was the car's first year with the store. */
  firstYear: { due: number; renewed: number; renewalRate: number | null };
}

/** The section for `month` ('YYYY-MM'), of one store's vehicles when `store` (a code) is given. */
export async function customerSection(ctx: Pick<Context, 'db'>, month: string, store?: string): Promise<CustomerSection> {
  const d = customerDates(month);
  const [cover, firstYear] = await Promise.all([coverFigures(ctx, d, store), firstYearFigures(ctx, d, store)]);
  return { ...cover, insuredRate: ratio(cover.insured, cover.base), firstYear };
}

type PolicyScope = ExpressionBuilder<Database & { p: Database['policies'] }, 'p'>;

/** A policy that started on or before the month's last day (one with no start date: one that ends within a year of it). */
const startedBy = (eb: PolicyScope, d: CustomerDates) =>
  eb.or([eb('p.start_date', '<=', d.to), eb.and([eb('p.start_date', 'is', null), eb('p.end_date', '<', d.undatedEndsBefore)])]);

/** Base, insured and the month's new cover by type, in one pass over the policies ending on or after the base's first day. */
async function coverFigures(ctx: Pick<Context, 'db'>, d: CustomerDates, store: string | undefined): Promise<Pick<CustomerSection, 'base' | 'insured' | 'started'>> {
  // Per vehicle: the latest end of a policy started by the month's last day (null: none), and
  // whether a policy started in the month (1), one of them renewing an earlier case (2).
  const perVehicle = ctx.db
    .selectFrom('policies as p')
    .select((eb) => [
      'p.vehicle_id',
      eb.fn.max(eb.case().when(startedBy(eb, d)).then(eb.ref('p.end_date')).end()).as('cover_end'),
      eb.fn
        .max(
          eb.case()
            .when(eb.and([eb('p.start_date', '>=', d.from), eb('p.start_date', '<=', d.to)]))
            .then(eb.case().when('p.renews_case_id', 'is not', null).then(eb.lit(2)).else(eb.lit(1)).end())
            .else(eb.lit(0))
            .end(),
        )
        .as('began'),
    ])
    .where('p.end_date', '>=', d.baseFrom)
    .groupBy('p.vehicle_id');
  const row = await ctx.db
    .selectFrom(perVehicle.as('t'))
    .innerJoin('vehicles as v', 'v.id', 't.vehicle_id')
    // A store's customers are the vehicles it holds now (vehicles.store: a car moves with the store whose export brings it).
    .$if(store !== undefined, (q) => q.where('v.store', '=', store as string))
    .select((eb) => {
      const count = (condition: Expression<SqlBool>) => eb.fn.sum<number>(eb.case().when(condition).then(eb.lit(1)).else(eb.lit(0)).end());
      const inUse = eb.and([eb('v.status', 'is', null), eb('v.purged_at', 'is', null)]);
      const begunAs = (business: Business) => eb.and([eb('t.began', '=', eb.lit(1)), eb('v.business', '=', business)]);
      return [
        count(eb.and([inUse, eb('t.cover_end', 'is not', null)])).as('base'),
        count(eb.and([inUse, eb('t.cover_end', '>=', d.to)])).as('insured'),
        count(begunAs('new')).as('new'),
        count(eb.or([eb('t.began', '=', eb.lit(2)), begunAs('renewal')])).as('renewal'),
        count(begunAs('switch')).as('switch'),
        count(eb.and([eb('t.began', '=', eb.lit(1)), eb('v.business', 'is', null)])).as('unknown'),
      ];
    })
    .executeTakeFirst();
  const n = (v: number | string | null | undefined) => Number(v ?? 0);
  return {
    base: n(row?.base),
    insured: n(row?.insured),
    started: { new: n(row?.new), renewal: n(row?.renewal), switch: n(row?.switch), unknown: n(row?.unknown) },
  };
}

/**
 * The month's cases (due in the month) that are their vehicle's first case in the
 * archive, of a new car: new-car business (新保), or with no business type recorded
 * and first registered on or after `newCarFrom`.
 */
async function firstYearFigures(ctx: Pick<Context, 'db'>, d: CustomerDates, store: string | undefined): Promise<CustomerSection['firstYear']> {
  const rows = await ctx.db
    .selectFrom('renewal_cases as c')
    .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
    .select((eb) => ['c.status', eb.fn.countAll<number>().as('n')])
    .where('c.status', 'in', ALL_STATUSES)
    .where('c.due_date', '>=', d.from)
    .where('c.due_date', '<=', d.to)
    .$if(store !== undefined, (q) => q.where('c.store', '=', store as string))
    .where((eb) => eb.or([eb('v.business', '=', 'new'), eb.and([eb('v.business', 'is', null), eb('v.first_registration', '>=', d.newCarFrom)])]))
    .where((eb) => eb.not(eb.exists(
      eb.selectFrom('renewal_cases as e').select('e.id').whereRef('e.vehicle_id', '=', 'c.vehicle_id').whereRef('e.due_date', '<', 'c.due_date'),
    )))
    .groupBy('c.status')
    .execute();
  const due = rows.reduce((s, r) => s + Number(r.n), 0);
  const renewed = Number(rows.find((r) => r.status === 'renewed')?.n ?? 0);
  return { due, renewed, renewalRate: ratio(renewed, due) };
}
