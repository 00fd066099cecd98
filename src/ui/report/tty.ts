/**
 * The report on screen: bordered tables on a terminal (aligned plain tables when
 * piped), block-character bars for the funnel and the six-month trend, sized to
 * the terminal's width.
 */
import type { Translate } from '../../i18n/index.js';
import { boxTable, displayWidth, makeChalk, padEnd, padStart, plainTable } from '../terminal.js';
import { formatYuan } from '../../rules/money.js';
import type { MonthReport } from '../../features/report/build.js';
import { archiveTables } from './archive.js';
import {
  attainmentRows, bar, definitions, funnelStages, insurerRows, monthName, objectionList, pct, PRICE_GAP_ALIGN, priceGapHeader, priceGapRows,
  reportPeriod, reportTitle, SPECIALIST_ALIGN, specialistHeader, specialistRow, UNRESOLVED_ALIGN, unresolvedHeader, unresolvedRows, wrap,
} from './format.js';
import { CUSTOMER_ALIGN, customerDefinitions, customerHeader, customerRows } from './customers.js';
import { ACTIVITY_ALIGN, activityHeader, activityRows } from './activity.js';

export interface TtyOptions {
  t: Translate;
  isTTY: boolean;
  color: boolean;
  /** Terminal columns; 80 when unknown. */
  width: number;
}

/** The longest bar drawn, however wide the terminal. */
const MAX_BAR = 40;

export async function renderTty(report: MonthReport, o: TtyOptions): Promise<string> {
  const { t } = o;
  const c = makeChalk(o.color);
  const table = async (header: string[], rows: string[][], align: readonly ('l' | 'r')[]) =>
    o.isTTY
      ? boxTable(header, rows, { color: o.color, align: align.map((a) => (a === 'r' ? 'right' : 'left')) })
      : plainTable(header, rows, align);
  const heading = (key: Parameters<Translate>[0]) => `\n${c.bold(`▌${t(key)}`)}\n`;
  const width = Math.max(40, o.width);
  const f = report.figures;

  let s = `${c.bold(reportTitle(t, report))}\n${c.dim(reportPeriod(t, report))}\n`;
  // The archive's lists are about the store's drawer and till, not the month's cohort: shown even when nothing fell due.
  const archive = async () => {
    let a = '';
    for (const x of archiveTables(t, report.archive)) a += `\n${c.bold(`▌${x.heading}`)}\n${await table(x.header, x.rows, x.align)}${hanging(wrap(x.note, width), '', '')}`;
    return a;
  };
  if (f.due === 0) return `${s}\n${t('report.empty', { month: monthName(t, report.month) })}\n${await archive()}`;

  s += heading('report.section.attainment');
  s += await table(
    ['metric', 'actual', 'target', 'attained'].map((k) => t(`report.col.${k}` as Parameters<Translate>[0])),
    attainmentRows(t, f, report.targets, report.attainment),
    ['l', 'r', 'r', 'r'],
  );
  if (f.renewedByImport > 0) s += `${t('report.byImport', { renewed: f.renewed, imported: f.renewedByImport })}\n`;
  if (!report.targets) s += `${c.yellow(t('report.noTarget', { month: report.month }))}\n`;

  s += heading('report.section.customers');
  s += await table(customerHeader(t), customerRows(t, report), CUSTOMER_ALIGN);

  s += heading('report.section.specialists');
  // The three attainment columns only when some specialist has a target: the table then fits 80 columns.
  const columns = report.bySpecialist.some((r) => r.targets) ? SPECIALIST_ALIGN.length : SPECIALIST_ALIGN.length - 3;
  s += await table(specialistHeader(t).slice(0, columns), report.bySpecialist.map((r) => specialistRow(t, r).slice(0, columns)), SPECIALIST_ALIGN.slice(0, columns));

  if (report.activity.length > 0) {
    s += heading('report.section.activity');
    s += await table(activityHeader(t), activityRows(t, report.activity), ACTIVITY_ALIGN);
    s += hanging(wrap(t('report.activity.note'), width), '', '');
  }

  s += heading('report.section.insurers');
  s += report.byInsurer.length === 0
    ? `${t('report.noRenewed')}\n`
    : await table(['insurer', 'vehicles', 'premium', 'share'].map((k) => t(`report.col.${k}` as Parameters<Translate>[0])), insurerRows(t, report), ['l', 'r', 'r', 'r']);

  s += heading('report.section.funnel');
  const countWidth = String(f.due).length;
  s += barChart(funnelStages(t, report).map(([label, n]) => ({ label, value: n, text: `${padStart(String(n), countWidth)}  ${padStart(pct(n / f.due), 6)}` })), f.due, width, c.cyan);

  s += heading('report.section.priceGaps');
  if (report.quotes.priceGaps.length === 0) s += `${t('report.noPriceGaps')}\n`;
  else {
    s += await table(priceGapHeader(t), priceGapRows(t, report), PRICE_GAP_ALIGN);
    s += hanging(wrap(t('report.priceGapNote'), width), '', '');
  }

  s += heading('report.section.lossReasons');
  if (report.lossReasons.length === 0) s += `${t('report.noLost')}\n`;
  else {
    s += await table(
      ['reason', 'vehicles', 'share'].map((k) => t(`report.col.${k}` as Parameters<Translate>[0])),
      report.lossReasons.map((r) => [r.label, String(r.count), pct(r.share)]),
      ['l', 'r', 'r'],
    );
    report.lossReasons.forEach((r, i) => {
      if (r.objections.length === 0 && r.examples.length === 0) return;
      s += `\n${c.bold(t('report.reasonHeading', { rank: i + 1, label: r.label, count: r.count, share: pct(r.share) }))}\n`;
      if (r.objections.length > 0) s += indent(wrap(t('report.objections', { list: objectionList(t, r.objections) }), width - 2), '  ');
      if (r.examples.length > 0) {
        s += `  ${t('report.examples')}\n`;
        for (const e of r.examples) {
          s += indent(wrap(t('report.example', { plate: e.plate, specialist: e.specialist ?? t('report.unassigned'), date: e.at.slice(0, 10), note: e.note }), width - 4), '    ');
        }
      }
    });
    const plan = report.lossReasons.filter((r) => r.action !== null);
    if (plan.length > 0) {
      s += heading('report.section.plan');
      plan.forEach((r, i) => {
        s += hanging(wrap(t('report.planItem', { rank: i + 1, label: r.label, action: r.action }), width - 3), '', '   ');
      });
    }
  }

  if (report.unresolved.length > 0) {
    s += heading('report.section.unresolved');
    s += await table(unresolvedHeader(t), unresolvedRows(t, report), UNRESOLVED_ALIGN);
    s += hanging(wrap(t('report.unresolvedNote'), width), '', '');
  }

  s += await archive();

  s += heading('report.section.trend');
  const maxPremium = Math.max(0, ...report.trend.map((p) => p.premiumCents));
  s += `${t('report.trendRate')}\n`;
  s += barChart(report.trend.map((p) => ({ label: p.month, value: p.renewalRate ?? 0, text: pct(p.renewalRate) })), 1, width, c.green);
  s += `${t('report.trendPremium')}\n`;
  s += barChart(report.trend.map((p) => ({ label: p.month, value: p.premiumCents, text: formatYuan(p.premiumCents) })), maxPremium, width, c.green);

  s += heading('report.section.definitions');
  for (const d of [...definitions(t), ...customerDefinitions(t, report)]) s += hanging(wrap(d, width - 2), '· ', '  ');
  return s;
}

interface BarLine {
  label: string;
  value: number;
  /** Printed after the bar. */
  text: string;
}

/** Label, bar, value; the bar gets what is left of the width (at most MAX_BAR columns). */
function barChart(lines: readonly BarLine[], max: number, width: number, paint: (s: string) => string): string {
  const labelWidth = Math.max(...lines.map((l) => displayWidth(l.label)));
  const textWidth = Math.max(...lines.map((l) => displayWidth(l.text)));
  const barWidth = Math.max(10, Math.min(MAX_BAR, width - labelWidth - textWidth - 4));
  return lines
    .map((l) => `${padEnd(l.label, labelWidth)}  ${paint(padEnd(bar(l.value, max, barWidth), barWidth))}  ${padStart(l.text, textWidth)}`.trimEnd() + '\n')
    .join('');
}

function indent(lines: readonly string[], prefix: string): string {
  return hanging(lines, prefix, prefix);
}

/** The first line after `first`, the others after `rest`. */
function hanging(lines: readonly string[], first: string, rest: string): string {
  return lines.map((l, i) => `${i === 0 ? first : rest}${l}\n`).join('');
}
