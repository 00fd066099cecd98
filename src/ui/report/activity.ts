/**
 * The month report's activity per person (src/features/report/activity.ts) in each
 * format: the table's header and rows for the terminal and Markdown, the JSON
 * entries, the CSV rows. Kept apart from the other sections so that the renderers
 * each add one call.
 */
import type { MessageKey, Translate } from '../../i18n/index.js';
import type { PersonActivity } from '../../features/report/activity.js';
import { pct } from './format.js';

export const ACTIVITY_ALIGN = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'] as const;

const COLUMNS = ['person', 'calls', 'called', 'reached', 'reachRate', 'renewals', 'quotes', 'proposals'] as const;

export function activityHeader(t: Translate): string[] {
  return COLUMNS.map((c) => t(`report.activity.col.${c}` as MessageKey));
}

/** Who: the person, or "unknown" when the register names nobody. */
export function personName(t: Translate, person: string | null): string {
  return person ?? t('report.activity.unknown');
}

export function activityRows(t: Translate, activity: readonly PersonActivity[]): string[][] {
  return activity.map((a) => [
    personName(t, a.person), String(a.calls), String(a.called), String(a.reached), pct(a.reachRate), String(a.renewals), String(a.quotes), String(a.proposals),
  ]);
}

/** The entries of --json: rates as fractions rounded to four decimals, as the rest of the report. */
export function activityJson(activity: readonly PersonActivity[]) {
  return activity.map((a) => ({
    person: a.person,
    calls: a.calls,
    customers_called: a.called,
    customers_reached: a.reached,
    reach_rate: a.reachRate === null ? null : Math.round(a.reachRate * 10_000) / 10_000,
    renewals: a.renewals,
    quotes: a.quotes,
    proposals_sent: a.proposals,
  }));
}

/** The CSV's (item, metrics) pairs: one item per person, named in Chinese where the rest of the file is. */
export function activityCsv(t: Translate, activity: readonly PersonActivity[], words: boolean): [string | null, Record<string, number | null>][] {
  return activityJson(activity).map(({ person, ...metrics }) => [person === null && words ? t('report.activity.unknown') : person, metrics]);
}
