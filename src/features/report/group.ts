/**
 * `renew report --group`: the dealer group's month in one table, one row per store and
 * the group's total (issue 16): due, renewed, rate, renewed premium, attainment against
 * each store's own targets, and the store's most common loss reasons. Read in one
 * grouped pass over the covering index renewal_cases_queue (whose payload holds the
 * case's copy of its vehicle's store); the renderers are src/ui/report/group.ts.
 */
import { sql } from 'kysely';
import type { Context } from '../context.js';
import { loadLossReasons } from '../loss-reasons.js';
import { listStores } from '../../storage/queries/stores.js';
import { monthRange } from '../../rules/month.js';
import { ALL_STATUSES, RENEWAL_TOTAL } from './cohort.js';
import { attainmentOf, type Attainment, compareText, ratio, type Targets } from './build.js';

/** Loss reasons named per store. */
export const TOP_REASONS = 3;

export interface TopReason {
  /** The loss-reason code; null when a case was closed without one. */
  reason: string | null;
  label: string;
  count: number;
}

export interface StoreMonth {
  due: number;
  renewed: number;
  lost: number;
  open: number;
  /** renewed / due; null for an empty cohort. */
  renewalRate: number | null;
  premiumCents: number;
  targets: Targets | null;
  attainment: Attainment | null;
  topReasons: TopReason[];
}

export interface StoreReportRow extends StoreMonth {
  /** The store's code; null: cases whose vehicle has no store (written outside renew, or before the first store). */
  code: string | null;
  name: string;
}

export interface GroupReport {
  month: string;
  from: string;
  to: string;
  madeOn: string;
  /** The group's name: the group-wide store_name setting. */
  groupName: string;
  stores: StoreReportRow[];
  total: StoreMonth;
}

interface Tally {
  due: number;
  renewed: number;
  lost: number;
  open: number;
  premiumCents: number;
  reasons: Map<string | null, number>;
}

const emptyTally = (): Tally => ({ due: 0, renewed: 0, lost: 0, open: 0, premiumCents: 0, reasons: new Map() });

/** Builds the group report for `month` ('YYYY-MM'). */
export async function buildGroupReport(ctx: Pick<Context, 'db' | 't' | 'lang' | 'dataDirs' | 'today' | 'settings'>, month: string): Promise<GroupReport> {
  const range = monthRange(month);
  const [rows, stores, targets, settings] = await Promise.all([
    ctx.db
      .selectFrom('renewal_cases as c')
      .select(['c.store', 'c.status', 'c.lost_reason', sql<number>`count(*)`.as('n'), sql<number | null>`sum(${RENEWAL_TOTAL})`.as('premiumCents')])
      .where('c.status', 'in', ALL_STATUSES)
      .where('c.due_date', '>=', range.from)
      .where('c.due_date', '<=', range.to)
      .groupBy(['c.store', 'c.status', 'c.lost_reason'])
      .execute(),
    listStores(ctx.db),
    ctx.db.selectFrom('targets').select(['store', 'vehicles', 'premium_cents', 'rate']).where('month', '=', month).where('specialist', '=', '').execute(),
    ctx.settings(),
  ]);
  const tallies = new Map<string | null, Tally>();
  const total = emptyTally();
  const of = (store: string | null) => {
    let tally = tallies.get(store);
    if (!tally) tallies.set(store, (tally = emptyTally()));
    return tally;
  };
  for (const r of rows) {
    const n = Number(r.n);
    for (const tally of [of(r.store), total]) {
      tally.due += n;
      tally[r.status] += n;
      if (r.status === 'renewed') tally.premiumCents += Number(r.premiumCents ?? 0);
      if (r.status === 'lost') tally.reasons.set(r.lost_reason, (tally.reasons.get(r.lost_reason) ?? 0) + n);
    }
  }
  const reasons = loadLossReasons(ctx.dataDirs);
  const label = (code: string | null) => reasons.find((r) => r.code === code)?.label[ctx.lang] ?? (code === null ? ctx.t('report.noReason') : code);
  const targetOf = (store: string) => {
    const row = targets.find((t) => t.store === store);
    return row ? { vehicles: row.vehicles, premiumCents: row.premium_cents, rate: row.rate } : null;
  };
  const storeTargets = stores.map((s) => targetOf(s.code));
  const month_ = (tally: Tally, own: Targets | null): StoreMonth => {
    const renewalRate = ratio(tally.renewed, tally.due);
    const figures = { renewed: tally.renewed, premiumCents: tally.premiumCents, renewalRate };
    return {
      due: tally.due, renewed: tally.renewed, lost: tally.lost, open: tally.open, renewalRate, premiumCents: tally.premiumCents,
      targets: own,
      attainment: attainmentOf(figures, own),
      topReasons: [...tally.reasons]
        .map(([reason, count]) => ({ reason, label: label(reason), count }))
        .sort((a, b) => b.count - a.count || compareText(a.label, b.label))
        .slice(0, TOP_REASONS),
    };
  };
  const storeRows: StoreReportRow[] = stores.map((s, i) => ({ code: s.code, name: s.name, ...month_(tallies.get(s.code) ?? emptyTally(), storeTargets[i] ?? null) }));
  const homeless = tallies.get(null);
  if (homeless) storeRows.push({ code: null, name: ctx.t('report.group.noStore'), ...month_(homeless, null) });
  return {
    month, ...range, madeOn: ctx.today, groupName: settings.store_name, stores: storeRows,
    total: month_(total, targetOf('') ?? sumTargets(storeTargets)),
  };
}

/**
 * The group's target when it has none of its own: the stores' vehicle and premium
 * targets added up (a rate does not add up: none). Null when no store has a target.
 */
function sumTargets(targets: readonly (Targets | null)[]): Targets | null {
  const set = targets.filter((t): t is Targets => t !== null);
  if (set.length === 0) return null;
  const add = (pick: (t: Targets) => number | null) => (set.some((t) => pick(t) !== null) ? set.reduce((s, t) => s + (pick(t) ?? 0), 0) : null);
  return { vehicles: add((t) => t.vehicles), premiumCents: add((t) => t.premiumCents), rate: null };
}
