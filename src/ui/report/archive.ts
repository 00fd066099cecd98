/**
 * The archive section of the month report in every format (JSON, CSV, terminal,
 * Markdown): policies held longer than custody_alert_days, deposits held after
 * the renewal. Kept apart from the other sections so each renderer adds it in one line.
 */
import type { Translate } from '../../i18n/index.js';
import { formatYuan, yuan } from '../../rules/money.js';
import type { ArchiveSection } from '../../features/report/archive.js';

export function archiveJson(a: ArchiveSection) {
  return {
    as_of: a.asOf,
    custody_alert_days: a.custodyAlertDays,
    custody_held_long: a.heldLong.map((h) => ({ plate: h.plate, kind: h.kind, since: h.since, days: h.days, location: h.location })),
    deposits_after_renewal: a.depositsAfterRenewal.map((d) => ({ plate: d.plate, held: yuan(d.held), renewed_on: d.renewed_on, days: d.days })),
  };
}

type Cell = string | number | null;

/** The CSV rows: one per policy and deposit, in the report's (section, item, metric, value) shape. */
export function archiveCsv(j: ReturnType<typeof archiveJson>, add: (section: string, item: string | null, values: Record<string, Cell>) => void): void {
  for (const h of j.custody_held_long) add('custody_held', h.plate, { kind: h.kind, since: h.since, days: h.days, location: h.location });
  for (const d of j.deposits_after_renewal) add('deposit_held', d.plate, { held: d.held === null ? null : d.held.toFixed(2), renewed_on: d.renewed_on, days: d.days });
}

/** A table for the terminal and Markdown renderers. */
export interface ArchiveTable {
  heading: string;
  header: string[];
  rows: string[][];
  align: ('l' | 'r')[];
  note: string;
}

/** The section's tables, only those with rows (nothing to say is not printed). */
export function archiveTables(t: Translate, a: ArchiveSection): ArchiveTable[] {
  const tables: ArchiveTable[] = [];
  if (a.heldLong.length > 0) {
    tables.push({
      heading: t('report.section.custodyHeld', { days: a.custodyAlertDays }),
      header: [t('archive.custody.col.plate'), t('archive.custody.col.kind'), t('archive.custody.col.since'), t('archive.custody.col.days'), t('archive.custody.col.location')],
      rows: a.heldLong.map((h) => [h.plate, t(`call.kind.${h.kind}`), h.since, String(h.days), h.location ?? '']),
      align: ['l', 'l', 'l', 'r', 'l'],
      note: t('report.def.custodyHeld', { days: a.custodyAlertDays, date: a.asOf }),
    });
  }
  if (a.depositsAfterRenewal.length > 0) {
    tables.push({
      heading: t('report.section.depositHeld'),
      header: [t('archive.custody.col.plate'), t('report.col.depositHeld'), t('report.col.renewedOn'), t('report.col.daysSinceRenewal')],
      rows: a.depositsAfterRenewal.map((d) => [d.plate, formatYuan(d.held), d.renewed_on, String(d.days)]),
      align: ['l', 'r', 'l', 'r'],
      note: t('report.def.depositHeld', { date: a.asOf }),
    });
  }
  return tables;
}
