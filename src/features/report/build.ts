/**
 * Builds the month's report as plain data (figures, attainment, funnel, loss
 * reasons with examples and the improvement plan, six-month trend); the
 * renderers under this folder only format it.
 */
import type { Context } from '../context.js';
import { canonicalInsurer, loadInsurerAliases } from '../insurers.js';
import { type LossReason, loadLossReasons } from '../loss-reasons.js';
import { maskPersonalNumbers, shownPlate } from '../../rules/mask.js';
import { storeNameOf } from '../../storage/queries/stores.js';
import { monthActivity, type PersonActivity } from './activity.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { loadCallScript } from '../call/script.js';
import {
  type CohortCounts,
  cohortGroups,
  type DueRange,
  type LostCaseEvent,
  lostCaseEvents,
  monthlyTotals,
  noteTexts,
  openCases,
  sumBy,
  type TargetRow,
  targetsForMonth,
  totalCounts,
} from './cohort.js';
import { type QuoteSection, quoteSection } from './quotes.js';
import { type CustomerSection, customerSection } from './customers.js';
import { type ArchiveSection, archiveSection } from './archive.js';
import { monthRange, monthsEndingAt } from '../../rules/month.js';
import { daysBetween } from '../../rules/clock.js';
import { ratio } from '../../rules/ratio.js';

/** Months in the trend, the report's month last. */
export const TREND_MONTHS = 6;
/** Loss reasons that get a suggested action (the improvement plan). */
export const PLAN_REASONS = 3;
/** Notes quoted per loss reason. */
export const EXAMPLES_PER_REASON = 3;

export interface Figures extends CohortCounts {
  /** renewed / due; null for an empty cohort. */
  renewalRate: number | null;
  /** Renewed premium recorded as a total without the compulsory/commercial split. */
  unsplitCents: number;
}

export interface Targets {
  vehicles: number | null;
  premiumCents: number | null;
  rate: number | null;
}

/** Share of each target reached (1 = 100%); null where there is no target for that figure. */
export interface Attainment {
  vehicles: number | null;
  premium: number | null;
  rate: number | null;
}

export interface SpecialistReport {
  /** null: vehicles with no specialist assigned. */
  specialist: string | null;
  figures: Figures;
  targets: Targets | null;
  attainment: Attainment | null;
}

export interface InsurerShare {
  insurer: string | null;
  renewed: number;
  premiumCents: number;
  /** Of the month's renewed premium. */
  share: number | null;
}

export interface LossExample {
  plate: string;
  specialist: string | null;
  at: string;
  note: string;
}

export interface ObjectionCount {
  id: string;
  label: string;
  /** Lost cases (with this reason) in which the objection was raised. */
  count: number;
}

/**
 * A case of an ended month still open (neither renewed nor lost): the month's
 * work left undone, listed by plate so the manager need not ask.
 */
export interface UnresolvedCase {
  plate: string;
  specialist: string | null;
  dueDate: string;
  /** Days from the end of cover (the due date) to the day the report is made. */
  daysSinceEnd: number;
  /** Phone calls made on the case. */
  attempts: number;
  /** The latest call, 'YYYY-MM-DD HH:mm:ss'; null: never called. */
  lastContact: string | null;
}

/** The loss-analysis code under which an ended month's open cases count. */
export const NO_OUTCOME = 'no_outcome';

export interface LossReasonReport {
  /** The loss-reason code (NO_OUTCOME for the unresolved cases); null when the case was closed without one. */
  reason: string | null;
  label: string;
  count: number;
  /** Of the month's lost and unresolved cases. */
  share: number;
  examples: LossExample[];
  objections: ObjectionCount[];
  /** The suggested improvement, for the most common reasons only. */
  action: string | null;
}

export interface TrendPoint {
  month: string;
  due: number;
  renewed: number;
  renewalRate: number | null;
  premiumCents: number;
}

export interface MonthReport {
  month: string;
  from: string;
  to: string;
  storeName: string;
  /** When the report was made, 'YYYY-MM-DD'. */
  madeOn: string;
  figures: Figures;
  targets: Targets | null;
  attainment: Attainment | null;
  bySpecialist: SpecialistReport[];
  byInsurer: InsurerShare[];
  lossReasons: LossReasonReport[];
  /** The open cases once the month has ended (empty while it is still running). */
  unresolved: UnresolvedCase[];
  trend: TrendPoint[];
  /** Quotes, proposals and the price gap (report/quotes.ts). */
  quotes: QuoteSection;
  /** The base of customers, insured rate, the month's new cover by business type, first-year renewal (report/customers.ts). */
  customers: CustomerSection;
  /** Policies held too long and deposits held after the renewal (report/archive.ts). */
  archive: ArchiveSection;
  /** What each person did in the month, by the register's actor (report/activity.ts). */
  activity: PersonActivity[];
}

export { ratio };

export function toFigures(counts: CohortCounts): Figures {
  return {
    ...counts,
    renewalRate: ratio(counts.renewed, counts.due),
    unsplitCents: counts.premiumCents - counts.compulsoryCents - counts.commercialCents,
  };
}

export function attainmentOf(figures: Pick<Figures, 'renewed' | 'premiumCents' | 'renewalRate'>, targets: Targets | null): Attainment | null {
  if (!targets) return null;
  return {
    vehicles: ratio(figures.renewed, targets.vehicles),
    premium: ratio(figures.premiumCents, targets.premiumCents),
    rate: figures.renewalRate === null ? null : ratio(figures.renewalRate, targets.rate),
  };
}

const toTargets = (row: TargetRow | undefined): Targets | null =>
  row ? { vehicles: row.vehicles, premiumCents: row.premiumCents, rate: row.rate } : null;

/** Builds the report for `month` ('YYYY-MM'), of one store's cases when `store` (a code) is given. */
export async function buildMonthReport(ctx: Pick<Context, 'db' | 't' | 'lang' | 'dataDirs' | 'reveal' | 'today' | 'settings'>, month: string, store?: string): Promise<MonthReport> {
  const range: DueRange = { ...monthRange(month), store };
  const trendMonths = monthsEndingAt(month, TREND_MONTHS);
  const trendRange: DueRange = { from: monthRange(trendMonths[0] as string).from, to: range.to, store };
  const reasons = loadLossReasons(ctx.dataDirs);
  // Objections are named as the call menu names them: one word for one thing.
  const objections = loadCallScript(ctx.dataDirs, ctx.lang, reasons).objections;
  const ended = ctx.today > range.to;
  const [groups, lostEvents, monthly, targets, settings, open, customers, activity, storeName] = await Promise.all([
    cohortGroups(ctx, range),
    lostCaseEvents(ctx, range),
    monthlyTotals(ctx, { from: trendRange.from, to: monthRange(trendMonths[TREND_MONTHS - 2] as string).to, store }),
    targetsForMonth(ctx, month, store),
    ctx.settings(store),
    ended ? openCases(ctx, range) : Promise.resolve([]),
    customerSection(ctx, month, store),
    monthActivity(ctx, month, store),
    store === undefined ? Promise.resolve(undefined) : storeNameOf(ctx.db, store),
  ]);
  const unresolved = open.map((c) => ({
    plate: shownPlate(c.plate, ctx.reveal), specialist: c.specialist, dueDate: c.dueDate, daysSinceEnd: daysBetween(c.dueDate, ctx.today), attempts: c.attempts, lastContact: c.lastContactAt,
  }));
  const figures = toFigures(totalCounts(groups));
  const specialists = [...sumBy(groups, (g) => g.specialist)].map(([specialist, counts]) => ({ ...counts, specialist }));
  const renewed = groups.filter((g) => g.status === 'renewed');
  // One row per insurer, also for renewals recorded before data/insurers.json mapped their names.
  const aliases = loadInsurerAliases(ctx.dataDirs);
  const insurers = [...sumBy(renewed, (g) => canonicalInsurer(g.insurer, aliases))].map(([insurer, c]) => ({ insurer, renewed: c.renewed, premiumCents: c.premiumCents }));
  const lost = [...sumBy(groups.filter((g) => g.status === 'lost'), (g) => g.reason)].map(([reason, c]) => ({ reason, count: c.lost }));
  // An ended month's open cases are lost to the store's effort too: they count as "no outcome recorded".
  if (unresolved.length > 0) lost.push({ reason: NO_OUTCOME, count: unresolved.length });
  const storeTargets = toTargets(targets.find((t) => t.specialist === ''));
  const thisMonth = { month, due: figures.due, renewed: figures.renewed, premiumCents: figures.premiumCents };
  const quotes = await quoteSection(ctx, range, (name) => canonicalInsurer(name, aliases));
  // Quoted: a price given on a call or a stored quote, whichever the store uses.
  figures.quoted = quotes.quoted;
  return {
    month,
    ...range,
    // A store's report is titled with the store's name (its own store_name setting, else the stores list).
    storeName: storeName ?? settings.store_name,
    madeOn: ctx.today,
    figures,
    targets: storeTargets,
    attainment: attainmentOf(figures, storeTargets),
    bySpecialist: specialistReports(specialists, targets),
    byInsurer: insurerShares(insurers, figures.premiumCents),
    lossReasons: await lossReasonReports(ctx, reasons, objections, lost, lostEvents),
    unresolved,
    trend: trendMonths.map((m) => {
      const p = m === month ? thisMonth : (monthly.find((x) => x.month === m) ?? { month: m, due: 0, renewed: 0, premiumCents: 0 });
      return { month: m, due: p.due, renewed: p.renewed, renewalRate: ratio(p.renewed, p.due), premiumCents: p.premiumCents };
    }),
    quotes,
    customers,
    archive: await archiveSection(ctx, range, settings.custody_alert_days),
    activity,
  };
}

/** One row per specialist with cases or a target; the busiest first, unassigned last. */
function specialistReports(rows: readonly (CohortCounts & { specialist: string | null })[], targets: readonly TargetRow[]): SpecialistReport[] {
  const empty = totalCounts([]);
  const all = [...rows];
  for (const t of targets) {
    if (t.specialist !== '' && !all.some((r) => r.specialist === t.specialist)) all.push({ ...empty, specialist: t.specialist });
  }
  return all
    .map((r) => {
      const { specialist, ...counts } = r;
      const figures = toFigures(counts);
      const own = specialist === null ? null : toTargets(targets.find((t) => t.specialist === specialist));
      return { specialist, figures, targets: own, attainment: attainmentOf(figures, own) };
    })
    .sort((a, b) =>
      (a.specialist === null ? 1 : 0) - (b.specialist === null ? 1 : 0) ||
      b.figures.due - a.figures.due ||
      compareText(a.specialist ?? '', b.specialist ?? ''));
}

function insurerShares(rows: readonly { insurer: string | null; renewed: number; premiumCents: number }[], total: number): InsurerShare[] {
  return rows
    .map((r) => ({ ...r, share: ratio(r.premiumCents, total) }))
    .sort((a, b) => b.premiumCents - a.premiumCents || b.renewed - a.renewed || compareText(a.insurer ?? '\uffff', b.insurer ?? '\uffff'));
}

async function lossReasonReports(
  ctx: Pick<Context, 'db' | 't' | 'lang' | 'reveal'>,
  reasons: readonly LossReason[],
  objections: readonly { id: string; label: string }[],
  lost: readonly { reason: string | null; count: number }[],
  events: readonly LostCaseEvent[],
): Promise<LossReasonReport[]> {
  const totalLost = lost.reduce((s, r) => s + r.count, 0);
  const order = (code: string | null) => {
    const i = reasons.findIndex((r) => r.code === code);
    return i < 0 ? reasons.length + (code === null ? 1 : 0) : i;
  };
  const evidence = evidenceByReason(events);
  const sorted = [...lost]
    .sort((a, b) => b.count - a.count || order(a.reason) - order(b.reason) || compareText(a.reason ?? '', b.reason ?? ''))
    .map((row, i) => {
      const known = reasons.find((r) => r.code === row.reason);
      const found = evidence.get(row.reason);
      return { row, i, known, quoted: found?.notes ?? [], objectionCounts: found?.objections ?? new Map<string, number>() };
    });
  // Text, author and plate only for the few quoted notes: the rest of the lost cases' entries stay unread.
  const texts = await noteTexts(ctx, sorted.flatMap((r) => r.quoted.map((e) => e.id)));
  // The script's order; an id the script does not know comes last.
  const objectionOrder = (id: string) => {
    const at = objections.findIndex((o) => o.id === id);
    return at < 0 ? objections.length : at;
  };
  return sorted.map(({ row, i, known, quoted, objectionCounts }) => ({
    reason: row.reason,
    label: known ? known.label[ctx.lang] : row.reason === null ? ctx.t('report.noReason') : row.reason === NO_OUTCOME ? ctx.t('report.noOutcome') : row.reason,
    count: row.count,
    share: row.count / totalLost,
    examples: quoted.map((e) => {
      const text = texts.get(e.id) ?? { note: '', specialist: null, plate: '' };
      return { plate: shownPlate(text.plate, ctx.reveal), specialist: text.specialist, at: e.at, note: ctx.reveal ? text.note : maskPersonalNumbers(text.note) };
    }),
    objections: [...objectionCounts]
      .map(([id, count]) => ({ id, label: objections.find((o) => o.id === id)?.label ?? id, count }))
      .sort((a, b) => b.count - a.count || objectionOrder(a.id) - objectionOrder(b.id) || compareText(a.id, b.id)),
    // Unresolved cases always get their action: a month's undone work is never left out of the plan.
    action: row.reason === NO_OUTCOME ? ctx.t('report.noOutcomeAction') : known && i < PLAN_REASONS ? known.action[ctx.lang] : null,
  }));
}

interface ReasonEvidence {
  /** Objection id -> lost cases (with this reason) in which it was raised. */
  objections: Map<string, number>;
  /** The cases' latest notes, latest first: at most EXAMPLES_PER_REASON, one per case. */
  notes: LostCaseEvent[];
}

/** a was written after b (ties broken by id, i.e. by the order of recording). */
const newer = (a: LostCaseEvent, b: LostCaseEvent) => a.at > b.at || (a.at === b.at && a.id > b.id);

/**
 * Per loss reason: how many lost cases raised each objection, and the latest
 * notes of the cases with the most recent ones, from the register entries still
 * in force. Corrections point at event ids, which are unique across cases, so one
 * set of superseded ids serves every case (the rule of effectiveEvents in
 * register.ts, applied in one pass over thousands of entries). Linear: the
 * examples are kept in a short list, not sorted out of thousands.
 */
function evidenceByReason(events: readonly LostCaseEvent[]): Map<string | null, ReasonEvidence> {
  const superseded = new Set<number>();
  for (const e of events) if (e.supersedesId !== null) superseded.add(e.supersedesId);
  const parsed = new Map<string, string[]>();
  const latestNote = new Map<number, LostCaseEvent>();
  const raised = new Map<number, { reason: string | null; ids: string[] }>();
  for (const e of events) {
    if (superseded.has(e.id)) continue;
    if (e.hasNote) {
      const best = latestNote.get(e.caseId);
      if (!best || newer(e, best)) latestNote.set(e.caseId, e);
    }
    if (e.objections) {
      let ids = parsed.get(e.objections);
      if (!ids) parsed.set(e.objections, (ids = parseObjections(e.objections)));
      const seen = raised.get(e.caseId);
      if (!seen) raised.set(e.caseId, { reason: e.reason, ids: [...new Set(ids)] });
      else for (const id of ids) if (!seen.ids.includes(id)) seen.ids.push(id);
    }
  }
  const byReason = new Map<string | null, ReasonEvidence>();
  const of = (reason: string | null) => {
    let found = byReason.get(reason);
    if (!found) byReason.set(reason, (found = { objections: new Map(), notes: [] }));
    return found;
  };
  for (const { reason, ids } of raised.values()) {
    const counts = of(reason).objections;
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  for (const e of latestNote.values()) {
    const notes = of(e.reason).notes;
    if (notes.length === EXAMPLES_PER_REASON && !newer(e, notes[notes.length - 1] as LostCaseEvent)) continue;
    let at = notes.length;
    while (at > 0 && newer(e, notes[at - 1] as LostCaseEvent)) at--;
    notes.splice(at, 0, e);
    if (notes.length > EXAMPLES_PER_REASON) notes.pop();
  }
  return byReason;
}

function parseObjections(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Code-point order: the same on every machine, unlike locale collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
