/**
 * `renew report --group` in every format: a table with one row per store and the
 * group's total last (terminal, Markdown), the same rows for a spreadsheet (CSV, one
 * line per store), and --json. Money in yuan; rates and attainment as in the month
 * report (src/ui/report/json.ts).
 */
import { csvDocument } from '../../features/csv-write.js';
import type { GroupReport, StoreMonth } from '../../features/report/group.js';
import type { ReportFormat } from '../../features/report/index.js';
import type { Lang, MessageKey, Translate } from '../../i18n/index.js';
import { formatYuan, yuan } from '../../rules/money.js';
import { boxTable, makeChalk, plainTable } from '../terminal.js';
import { monthName, pct } from './format.js';
import { fraction } from './json.js';
import { escape } from './md.js';

const COLUMNS = ['store', 'due', 'renewed', 'rate', 'premium', 'attainedVehicles', 'attainedPremium', 'attainedRate', 'topReasons'] as const;
const ALIGN = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] as const;

function title(t: Translate, r: GroupReport): string {
  return t('report.group.title', { group: r.groupName, month: monthName(t, r.month) });
}

function period(t: Translate, r: GroupReport): string {
  return t('report.period', { from: r.from, to: r.to, madeOn: r.madeOn });
}

function reasonsText(t: Translate, m: StoreMonth): string {
  return m.topReasons.map((x) => t('report.group.reasonItem', { label: x.label, count: x.count })).join(t('report.listSeparator')) || '—';
}

function cells(t: Translate, name: string, m: StoreMonth): string[] {
  return [
    name, String(m.due), String(m.renewed), pct(m.renewalRate), formatYuan(m.premiumCents),
    pct(m.attainment?.vehicles), pct(m.attainment?.premium), pct(m.attainment?.rate), reasonsText(t, m),
  ];
}

/** The table's rows: each store ("GZ01 广州天河店"), then the group's total. */
function tableRows(t: Translate, r: GroupReport): string[][] {
  return [...r.stores.map((s) => cells(t, s.code === null ? s.name : `${s.code} ${s.name}`, s)), cells(t, t('report.group.total'), r.total)];
}

function header(t: Translate): string[] {
  return COLUMNS.map((c) => t(`report.group.col.${c}` as MessageKey));
}

export async function renderGroupTty(r: GroupReport, o: { t: Translate; isTTY: boolean; color: boolean }): Promise<string> {
  const { t } = o;
  const c = makeChalk(o.color);
  let s = `${c.bold(title(t, r))}\n${c.dim(period(t, r))}\n\n`;
  const rows = tableRows(t, r);
  s += o.isTTY
    ? await boxTable(header(t), rows, { color: o.color, align: ALIGN.map((a) => (a === 'r' ? 'right' : 'left')) })
    : plainTable(header(t), rows, ALIGN);
  return s + `\n${t('report.group.note')}\n`;
}

export function renderGroupMarkdown(r: GroupReport, t: Translate): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |\n`;
  let s = `# ${escape(title(t, r))}\n\n${escape(period(t, r))}\n\n`;
  s += line(header(t).map(escape)) + line(ALIGN.map((a) => (a === 'r' ? '---:' : '---')));
  const rows = tableRows(t, r).map((row) => row.map((x) => escape(x.trim())));
  // The total in bold: the line a manager reads first.
  rows.forEach((row, i) => (s += line(i === rows.length - 1 ? row.map((x, j) => (j === 0 ? `**${x}**` : x)) : row)));
  return s + `\n${escape(t('report.group.note'))}\n`;
}

/** The group report in the chosen format. */
export async function renderGroupReport(o: { t: Translate; lang: Lang; isTTY: boolean; color: boolean }, report: GroupReport, format: ReportFormat): Promise<string> {
  switch (format) {
    case 'json':
      return JSON.stringify(groupReportJson(report), null, 2) + '\n';
    case 'csv':
      return renderGroupCsv(report, o.t, o.lang);
    case 'md':
      return renderGroupMarkdown(report, o.t);
    case 'tty':
      return renderGroupTty(report, o);
  }
}

const monthJson = (m: StoreMonth) => ({
  due: m.due,
  renewed: m.renewed,
  lost: m.lost,
  open: m.open,
  renewal_rate: fraction(m.renewalRate),
  renewed_premium: yuan(m.premiumCents),
  targets: m.targets ? { vehicles: m.targets.vehicles, premium: yuan(m.targets.premiumCents), rate: m.targets.rate } : null,
  attainment: m.attainment ? { vehicles: fraction(m.attainment.vehicles), premium: fraction(m.attainment.premium), rate: fraction(m.attainment.rate) } : null,
  top_loss_reasons: m.topReasons.map((x) => ({ reason: x.reason, label: x.label, count: x.count })),
});

export function groupReportJson(r: GroupReport) {
  return {
    month: r.month, from: r.from, to: r.to, made_on: r.madeOn, group: r.groupName,
    stores: r.stores.map((s) => ({ code: s.code, name: s.name, ...monthJson(s) })),
    total: monthJson(r.total),
  };
}

const CSV_COLUMNS = [
  'store_code', 'store_name', 'due', 'renewed', 'lost', 'open', 'renewal_rate', 'renewed_premium', 'target_vehicles', 'target_premium', 'target_rate',
  'attainment_vehicles', 'attainment_premium', 'attainment_rate', 'top_loss_reasons',
] as const;

/** One line per store and the total's last (its code empty); headers in the user's language (English: the --json names). */
export function renderGroupCsv(r: GroupReport, t: Translate, lang: Lang): string {
  const j = groupReportJson(r);
  const money = (v: number | null) => (v === null ? null : v.toFixed(2));
  const line = (code: string | null, name: string, m: ReturnType<typeof monthJson>) => [
    code, name, m.due, m.renewed, m.lost, m.open, m.renewal_rate, money(m.renewed_premium), m.targets?.vehicles ?? null, money(m.targets?.premium ?? null),
    m.targets?.rate ?? null, m.attainment?.vehicles ?? null, m.attainment?.premium ?? null, m.attainment?.rate ?? null,
    m.top_loss_reasons.map((x) => `${lang === 'en' ? (x.reason ?? '') : x.label} ${x.count}`).join('; '),
  ];
  const rows = [...j.stores.map((s) => line(s.code, s.name, s)), line(null, t('report.group.total'), j.total)];
  return csvDocument(CSV_COLUMNS.map((c) => t(`report.group.csv.${c}` as MessageKey)), rows);
}
