/**
 * The report for machines (--json) and spreadsheets (--csv). Money is yuan with
 * two decimals; rates, shares and attainment are fractions (0.6667 = 66.67%)
 * rounded to four decimals; an absent target or rate is null, never 0.
 */
import { csvDocument } from '../../features/csv-write.js';
import type { Lang, MessageKey, Translate } from '../../i18n/index.js';
import { yuan } from '../../rules/money.js';
import type { Attainment, Figures, MonthReport, Targets } from '../../features/report/build.js';
import { archiveCsv, archiveJson } from './archive.js';
import { activityCsv, activityJson } from './activity.js';

/** A fraction rounded to four decimals; null stays null. */
export function fraction(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}

const targetsJson = (t: Targets | null) => (t ? { vehicles: t.vehicles, premium: yuan(t.premiumCents), rate: t.rate } : null);
const attainmentJson = (a: Attainment | null) => (a ? { vehicles: fraction(a.vehicles), premium: fraction(a.premium), rate: fraction(a.rate) } : null);
const figuresJson = (f: Figures) => ({
  due: f.due,
  renewed: f.renewed,
  lost: f.lost,
  open: f.open,
  renewed_by_import: f.renewedByImport,
  renewal_rate: fraction(f.renewalRate),
  renewed_premium: yuan(f.premiumCents),
});

export function reportJson(report: MonthReport) {
  const f = report.figures;
  return {
    month: report.month,
    from: report.from,
    to: report.to,
    store: report.storeName,
    made_on: report.madeOn,
    ...figuresJson(f),
    renewed_premium_split: { compulsory: yuan(f.compulsoryCents), commercial: yuan(f.commercialCents), unsplit: yuan(f.unsplitCents) },
    targets: targetsJson(report.targets),
    attainment: attainmentJson(report.attainment),
    funnel: { due: f.due, sms_sent: f.smsSent, reached: f.reached, quoted: f.quoted, proposal_sent: report.quotes.proposalSent, renewed: f.renewed },
    customers: customersJson(report),
    price_gaps: report.quotes.priceGaps.map((g) => ({ insurer: g.insurer, channel: g.channel, count: g.count, median_gap: yuan(g.medianGapCents) })),
    by_specialist: report.bySpecialist.map((s) => ({
      specialist: s.specialist,
      ...figuresJson(s.figures),
      targets: targetsJson(s.targets),
      attainment: attainmentJson(s.attainment),
    })),
    by_insurer: report.byInsurer.map((i) => ({ insurer: i.insurer, renewed: i.renewed, premium: yuan(i.premiumCents), share: fraction(i.share) })),
    loss_reasons: report.lossReasons.map((r) => ({
      reason: r.reason,
      label: r.label,
      count: r.count,
      share: fraction(r.share),
      objections: r.objections,
      examples: r.examples,
      action: r.action,
    })),
    unresolved: report.unresolved.map((u) => ({
      plate: u.plate, specialist: u.specialist, due_date: u.dueDate, days_since_end: u.daysSinceEnd, attempts: u.attempts, last_contact: u.lastContact,
    })),
    trend: report.trend.map((p) => ({
      month: p.month, due: p.due, renewed: p.renewed, renewal_rate: fraction(p.renewalRate), renewed_premium: yuan(p.premiumCents),
    })),
    archive: archiveJson(report.archive),
    activity: activityJson(report.activity),
  };
}

/** The base, insured rate, cover started by business type and first-year renewal (features/report/customers.ts). */
function customersJson(report: MonthReport) {
  const c = report.customers;
  return {
    base: c.base,
    insured: c.insured,
    insured_rate: fraction(c.insuredRate),
    started: { new: c.started.new, renewal: c.started.renewal, switch: c.started.switch, unknown: c.started.unknown },
    first_year_due: c.firstYear.due,
    first_year_renewed: c.firstYear.renewed,
    first_year_renewal_rate: fraction(c.firstYear.renewalRate),
  };
}

type Cell = string | number | null;

/**
 * One long table (section, item, metric, value) so a spreadsheet can pivot it:
 * the store's figures, targets and attainment, the funnel, each specialist,
 * insurer, loss reason and objection, the unresolved cases, and the trend. In
 * English the names are the codes of --json; in Chinese every header, section,
 * metric, loss reason and objection is the word the rest of the tool uses.
 */
export function renderCsv(report: MonthReport, t: Translate, lang: Lang): string {
  const j = reportJson(report);
  const words = lang !== 'en';
  const name = (code: string) => t(`report.csv.${code}` as MessageKey);
  const rows: Cell[][] = [];
  const add = (section: string, item: string | null, values: Record<string, Cell>) => {
    for (const [metric, value] of Object.entries(values)) rows.push([name(section), item, name(metric), value]);
  };
  const figures = (f: ReturnType<typeof figuresJson>) => ({
    due: f.due, renewed: f.renewed, lost: f.lost, open: f.open, renewed_by_import: f.renewed_by_import, renewal_rate: f.renewal_rate,
    renewed_premium: money(f.renewed_premium),
  });
  const targets = (t: ReturnType<typeof targetsJson>) => ({ vehicles: t?.vehicles ?? null, premium: money(t?.premium ?? null), rate: t?.rate ?? null });
  const attainment = (a: ReturnType<typeof attainmentJson>) => ({ vehicles: a?.vehicles ?? null, premium: a?.premium ?? null, rate: a?.rate ?? null });
  const specialist = (s: string | null) => (s === null && words ? t('report.unassigned') : s);
  add('summary', null, { month: j.month });
  add('summary', null, figures(j));
  add('summary', null, prefixed('renewed_premium_', mapValues(j.renewed_premium_split, money)));
  add('target', null, targets(j.targets));
  add('attainment', null, attainment(j.attainment));
  add('funnel', null, j.funnel);
  const { base, insured, insured_rate, started, ...firstYear } = j.customers;
  add('customers', null, { base, insured, insured_rate, ...prefixed('started_', started), ...firstYear });
  for (const s of j.by_specialist) {
    add('specialist', specialist(s.specialist), figures(s));
    add('specialist', specialist(s.specialist), prefixed('target_', targets(s.targets)));
    add('specialist', specialist(s.specialist), prefixed('attainment_', attainment(s.attainment)));
  }
  for (const i of j.by_insurer) {
    add('insurer', i.insurer === null && words ? t('report.unknownInsurer') : i.insurer, { renewed: i.renewed, premium: money(i.premium), share: i.share });
  }
  for (const r of j.loss_reasons) {
    add('loss_reason', words ? r.label : r.reason, { count: r.count, share: r.share });
    for (const o of r.objections) {
      add('objection', words ? `${t('call.menu.objection', { label: o.label })}（${r.label}）` : `${r.reason ?? ''}/${o.id}`, { count: o.count });
    }
  }
  for (const u of j.unresolved) {
    add('unresolved', u.plate, { specialist: specialist(u.specialist), due_date: u.due_date, days_since_end: u.days_since_end, attempts: u.attempts, last_contact: u.last_contact });
  }
  for (const g of j.price_gaps) {
    const channel = words ? t(`report.channel.${g.channel}` as MessageKey) : g.channel;
    const insurer = g.insurer ?? (words ? t('report.unknownInsurer') : '');
    add('price_gap', `${insurer}/${channel}`, { count: g.count, median_gap: money(g.median_gap) });
  }
  for (const p of j.trend) add('trend', p.month, { due: p.due, renewed: p.renewed, renewal_rate: p.renewal_rate, renewed_premium: money(p.renewed_premium) });
  archiveCsv(j.archive, add);
  for (const [person, metrics] of activityCsv(t, report.activity, words)) add('activity', person, metrics);
  return csvDocument(['section', 'item', 'metric', 'value'].map(name), rows);
}

/** Yuan with two decimals in the file (1200.00), as accountants expect. */
function money(value: number | null): string | null {
  return value === null ? null : value.toFixed(2);
}

function mapValues<V>(o: Record<string, V>, f: (v: V) => Cell): Record<string, Cell> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

function prefixed(prefix: string, values: Record<string, Cell>): Record<string, Cell> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [prefix + k, v]));
}
