/**
 * What the TTY, Markdown and CSV renderers share: how a figure reads, which rows
 * each table has, the definitions footer and the block-character bars.
 */
import type { Translate } from '../../i18n/index.js';
import { displayWidth } from '../terminal.js';
import { formatYuan } from '../../rules/money.js';
import type { Attainment, Figures, MonthReport, SpecialistReport, Targets } from '../../features/report/build.js';

/** 0.6667 -> '66.7%'; absent -> '—'. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** '2026-10' as people read it in the report's language. */
export function monthName(t: Translate, month: string): string {
  return t('report.monthName', { year: month.slice(0, 4), month: t(`report.month.${Number(month.slice(5, 7))}` as Parameters<Translate>[0]) });
}

export function reportTitle(t: Translate, report: MonthReport): string {
  return t('report.title', { store: report.storeName, month: monthName(t, report.month) });
}

export function reportPeriod(t: Translate, report: MonthReport): string {
  return t('report.period', { from: report.from, to: report.to, madeOn: report.madeOn });
}

/** The attainment table: [label, actual, target, reached]. Premium split rows appear only when non-zero. */
export function attainmentRows(t: Translate, f: Figures, targets: Targets | null, attainment: Attainment | null): string[][] {
  const rows: string[][] = [
    [t('report.metric.due'), String(f.due), '', ''],
    [t('report.metric.renewed'), String(f.renewed), targets?.vehicles?.toString() ?? '—', pct(attainment?.vehicles)],
    [t('report.metric.lost'), String(f.lost), '', ''],
    [t('report.metric.open'), String(f.open), '', ''],
    [t('report.metric.rate'), pct(f.renewalRate), pct(targets?.rate), pct(attainment?.rate)],
    [t('report.metric.premium'), formatYuan(f.premiumCents), targets?.premiumCents == null ? '—' : formatYuan(targets.premiumCents), pct(attainment?.premium)],
  ];
  if (f.compulsoryCents !== 0) rows.push([t('report.metric.compulsory'), formatYuan(f.compulsoryCents), '', '']);
  if (f.commercialCents !== 0) rows.push([t('report.metric.commercial'), formatYuan(f.commercialCents), '', '']);
  if (f.unsplitCents !== 0) rows.push([t('report.metric.unsplit'), formatYuan(f.unsplitCents), '', '']);
  return rows;
}

export const SPECIALIST_ALIGN = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'] as const;

export function specialistHeader(t: Translate): string[] {
  return ['specialist', 'due', 'renewed', 'lost', 'open', 'rate', 'premium', 'attainedVehicles', 'attainedPremium', 'attainedRate'].map((c) =>
    t(`report.col.${c}` as Parameters<Translate>[0]));
}

export function specialistRow(t: Translate, s: SpecialistReport): string[] {
  const f = s.figures;
  return [
    s.specialist ?? t('report.unassigned'), String(f.due), String(f.renewed), String(f.lost), String(f.open), pct(f.renewalRate),
    formatYuan(f.premiumCents), pct(s.attainment?.vehicles), pct(s.attainment?.premium), pct(s.attainment?.rate),
  ];
}

export function insurerRows(t: Translate, report: MonthReport): string[][] {
  return report.byInsurer.map((i) => [i.insurer ?? t('report.unknownInsurer'), String(i.renewed), formatYuan(i.premiumCents), pct(i.share)]);
}

/** Funnel stages: [label, count]. */
export function funnelStages(t: Translate, report: MonthReport): [string, number][] {
  const f = report.figures;
  return [
    [t('report.funnel.due'), f.due],
    [t('report.funnel.sms'), f.smsSent],
    [t('report.funnel.reached'), f.reached],
    [t('report.funnel.quoted'), f.quoted],
    [t('report.funnel.proposalSent'), report.quotes.proposalSent],
    [t('report.funnel.renewed'), f.renewed],
  ];
}

export const PRICE_GAP_ALIGN = ['l', 'l', 'r', 'r'] as const;

export function priceGapHeader(t: Translate): string[] {
  return ['insurer', 'channel', 'vehicles', 'medianGap'].map((c) => t(`report.col.${c}` as Parameters<Translate>[0]));
}

/** Per insurer and competitor channel: cases that named a price, and the median gap (signed: +310.00 ours dearer; — no quote of ours). */
export function priceGapRows(t: Translate, report: MonthReport): string[][] {
  return report.quotes.priceGaps.map((g) => [
    g.insurer ?? t('report.unknownInsurer'), t(`report.channel.${g.channel}`), String(g.count),
    g.medianGapCents === null ? '—' : `${g.medianGapCents > 0 ? '+' : ''}${formatYuan(g.medianGapCents)}`,
  ]);
}

export const UNRESOLVED_ALIGN = ['l', 'l', 'l', 'r', 'r', 'l'] as const;

export function unresolvedHeader(t: Translate): string[] {
  return ['plate', 'specialist', 'dueDate', 'daysSinceEnd', 'attempts', 'lastContact'].map((c) => t(`report.col.${c}` as Parameters<Translate>[0]));
}

/** An ended month's open cases: plate, specialist, due, days uncovered, calls, last call (to the minute). */
export function unresolvedRows(t: Translate, report: MonthReport): string[][] {
  return report.unresolved.map((u) => [
    u.plate, u.specialist ?? t('report.unassigned'), u.dueDate, String(u.daysSinceEnd), String(u.attempts), u.lastContact?.slice(0, 16) ?? t('report.neverCalled'),
  ]);
}

export const DEFINITION_KEYS = ['cohort', 'status', 'premium', 'loss', 'unresolved', 'funnel', 'attainment'] as const;

export function definitions(t: Translate): string[] {
  return DEFINITION_KEYS.map((k) => t(`report.def.${k}`));
}

export function objectionList(t: Translate, objections: readonly { label: string; count: number }[]): string {
  return objections.map((o) => t('report.objectionItem', { label: o.label, count: o.count })).join(t('report.listSeparator'));
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of `value / max` of `width` columns, in eighths of a block. */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0 || width <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? '');
}

const CLOSING = /^[，。、；：！？）」』”’》,.;:!?)]$/;

/** Breaks text into lines of at most `width` display columns (at spaces for Latin text, anywhere between CJK characters). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const token of text.match(/[\u2E80-\uFFEF]|[^\s\u2E80-\uFFEF]+|\s+/g) ?? []) {
    if (/^\s+$/.test(token)) {
      if (line !== '') {
        line += ' ';
        used += 1;
      }
      continue;
    }
    const w = displayWidth(token);
    // Closing punctuation stays on the line it ends (a line never starts with '，' or '。').
    if (used + w > width && line.trim() !== '' && !CLOSING.test(token)) {
      lines.push(line.trimEnd());
      line = '';
      used = 0;
    }
    line += token;
    used += w;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}
