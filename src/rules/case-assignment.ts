/**
 * Renewal cases as docs/architecture.md defines them: a policy joins the vehicle's
 * case when its end date is within 120 days of an end date already in that case,
 * else it opens a new case; the case's dates, premium and insurer summarise its
 * policies. Pure functions, so the importer and its tests share one definition.
 */
import { daysBetween } from './clock.js';
import type { PolicyKind } from './domain.js';

export const CASE_SPAN_DAYS = 120;

export interface CaseMember {
  policyId: number;
  kind: PolicyKind;
  end_date: string;
  premium_cents: number | null;
  insurer: string | null;
}

export interface CaseSummary {
  due_date: string;
  compulsory_end: string | null;
  commercial_end: string | null;
  last_premium_cents: number | null;
  last_insurer: string | null;
}

/** The case (by index) whose nearest end date is within 120 days of `end`, closest first; -1 for none. */
export function pickCase(cases: readonly { members: readonly CaseMember[] }[], end: string): number {
  let best = -1;
  let bestGap = Infinity;
  cases.forEach((c, i) => {
    for (const m of c.members) {
      const gap = Math.abs(daysBetween(m.end_date, end));
      if (gap <= CASE_SPAN_DAYS && gap < bestGap) {
        best = i;
        bestGap = gap;
      }
    }
  });
  return best;
}

/** due = earliest end; each kind's (latest) end; premium = sum; insurer = commercial's, else compulsory's. */
export function summarizeCase(members: readonly CaseMember[]): CaseSummary {
  let due = '';
  let compulsory: CaseMember | undefined;
  let commercial: CaseMember | undefined;
  let premium: number | null = null;
  for (const m of members) {
    if (due === '' || m.end_date < due) due = m.end_date;
    if (m.kind === 'compulsory' && (!compulsory || m.end_date >= compulsory.end_date)) compulsory = m;
    if (m.kind === 'commercial' && (!commercial || m.end_date >= commercial.end_date)) commercial = m;
    if (m.premium_cents !== null) premium = (premium ?? 0) + m.premium_cents;
  }
  return {
    due_date: due,
    compulsory_end: compulsory?.end_date ?? null,
    commercial_end: commercial?.end_date ?? null,
    last_premium_cents: premium,
    last_insurer: commercial?.insurer ?? compulsory?.insurer ?? null,
  };
}
