/** The report as Markdown, in the chosen language: ready to paste into a chat or an email to the F&I manager. */
import type { Translate } from '../../i18n/index.js';
import { formatYuan } from '../../rules/money.js';
import type { MonthReport } from '../../features/report/build.js';
import { archiveTables } from './archive.js';
import {
  attainmentRows, bar, definitions, funnelStages, insurerRows, monthName, objectionList, pct, PRICE_GAP_ALIGN, priceGapHeader, priceGapRows,
  reportPeriod, reportTitle, SPECIALIST_ALIGN, specialistHeader, specialistRow, UNRESOLVED_ALIGN, unresolvedHeader, unresolvedRows,
} from './format.js';
import { CUSTOMER_ALIGN, customerDefinitions, customerHeader, customerRows } from './customers.js';
import { ACTIVITY_ALIGN, activityHeader, activityRows } from './activity.js';

/** Width of the text bars in the trend table. */
const MD_BAR = 20;

export function renderMarkdown(report: MonthReport, t: Translate): string {
  const f = report.figures;
  const col = (k: string) => t(`report.col.${k}` as Parameters<Translate>[0]);
  let s = `# ${escape(reportTitle(t, report))}\n\n${escape(reportPeriod(t, report))}\n`;
  // The archive's lists are about the store's drawer and till, not the month's cohort: shown even when nothing fell due.
  const archive = archiveTables(t, report.archive)
    .map((a) => `\n## ${escape(a.heading)}\n\n${table(a.header, a.rows, a.align)}\n${escape(a.note)}\n`)
    .join('');
  if (f.due === 0) return `${s}\n${t('report.empty', { month: monthName(t, report.month) })}\n${archive}`;

  s += `\n## ${t('report.section.attainment')}\n\n`;
  s += table(['metric', 'actual', 'target', 'attained'].map(col), attainmentRows(t, f, report.targets, report.attainment), ['l', 'r', 'r', 'r']);
  if (f.renewedByImport > 0) s += `\n${t('report.byImport', { renewed: f.renewed, imported: f.renewedByImport })}\n`;
  if (!report.targets) s += `\n> ${t('report.noTarget', { month: report.month })}\n`;

  s += `\n## ${t('report.section.customers')}\n\n`;
  s += table(customerHeader(t), customerRows(t, report), CUSTOMER_ALIGN);

  s += `\n## ${t('report.section.specialists')}\n\n`;
  s += table(specialistHeader(t), report.bySpecialist.map((r) => specialistRow(t, r)), SPECIALIST_ALIGN);

  if (report.activity.length > 0) {
    s += `\n## ${t('report.section.activity')}\n\n`;
    s += table(activityHeader(t), activityRows(t, report.activity), ACTIVITY_ALIGN);
    s += `\n${escape(t('report.activity.note'))}\n`;
  }

  s += `\n## ${t('report.section.insurers')}\n\n`;
  s += report.byInsurer.length === 0 ? `${t('report.noRenewed')}\n` : table(['insurer', 'vehicles', 'premium', 'share'].map(col), insurerRows(t, report), ['l', 'r', 'r', 'r']);

  s += `\n## ${t('report.section.funnel')}\n\n`;
  s += table(['stage', 'vehicles', 'ofDue'].map(col), funnelStages(t, report).map(([label, n]) => [label, String(n), pct(n / f.due)]), ['l', 'r', 'r']);

  s += `\n## ${t('report.section.priceGaps')}\n\n`;
  if (report.quotes.priceGaps.length === 0) s += `${t('report.noPriceGaps')}\n`;
  else s += table(priceGapHeader(t), priceGapRows(t, report), PRICE_GAP_ALIGN) + `\n${escape(t('report.priceGapNote'))}\n`;

  s += `\n## ${t('report.section.lossReasons')}\n\n`;
  if (report.lossReasons.length === 0) s += `${t('report.noLost')}\n`;
  else {
    s += table(['reason', 'vehicles', 'share'].map(col), report.lossReasons.map((r) => [r.label, String(r.count), pct(r.share)]), ['l', 'r', 'r']);
    report.lossReasons.forEach((r, i) => {
      if (r.objections.length === 0 && r.examples.length === 0) return;
      s += `\n### ${escape(t('report.reasonHeading', { rank: i + 1, label: r.label, count: r.count, share: pct(r.share) }))}\n\n`;
      if (r.objections.length > 0) s += `- ${escape(t('report.objections', { list: objectionList(t, r.objections) }))}\n`;
      if (r.examples.length > 0) {
        s += `- ${t('report.examples')}\n`;
        for (const e of r.examples) {
          s += `  - ${escape(t('report.example', { plate: e.plate, specialist: e.specialist ?? t('report.unassigned'), date: e.at.slice(0, 10), note: e.note }))}\n`;
        }
      }
    });
    const plan = report.lossReasons.filter((r) => r.action !== null);
    if (plan.length > 0) {
      s += `\n## ${t('report.section.plan')}\n\n`;
      plan.forEach((r, i) => {
        s += `${escape(t('report.planItem', { rank: i + 1, label: r.label, action: r.action }))}\n`;
      });
    }
  }

  if (report.unresolved.length > 0) {
    s += `\n## ${t('report.section.unresolved')}\n\n`;
    s += table(unresolvedHeader(t), unresolvedRows(t, report), UNRESOLVED_ALIGN);
    s += `\n${escape(t('report.unresolvedNote'))}\n`;
  }

  s += archive;

  s += `\n## ${t('report.section.trend')}\n\n`;
  const maxPremium = Math.max(0, ...report.trend.map((p) => p.premiumCents));
  s += table(
    ['month', 'due', 'renewed', 'rate', 'bar', 'premium', 'bar'].map(col),
    report.trend.map((p) => [
      p.month, String(p.due), String(p.renewed), pct(p.renewalRate), bar(p.renewalRate ?? 0, 1, MD_BAR), formatYuan(p.premiumCents),
      bar(p.premiumCents, maxPremium, MD_BAR),
    ]),
    ['l', 'r', 'r', 'r', 'l', 'r', 'l'],
  );

  s += `\n## ${t('report.section.definitions')}\n\n`;
  for (const d of [...definitions(t), ...customerDefinitions(t, report)]) s += `- ${escape(d)}\n`;
  return s;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => escape(c.trim())).join(' | ')} |\n`;
  return line(header) + `| ${header.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join(' | ')} |\n` + rows.map(line).join('');
}

/** Keeps user text (notes, names) from turning into Markdown: pipes, emphasis, links, headings. */
export function escape(text: string): string {
  return text.replace(/([\\|*_`[\]<>#])/g, '\\$1');
}
