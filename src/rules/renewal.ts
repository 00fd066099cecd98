/**
 * Renewal by import, the rule itself: a policy whose start date lies in [earliest
 * end - 1 day, latest end + renewal_window_days] of another, not-lost case of the
 * same vehicle renews that case; of several, the one due latest. Where it is
 * applied and how the events are written: src/features/import/renewals.ts.
 */
import { addDays, daysBetween } from './clock.js';
import type { EventInput } from './case-projection.js';
import type { PolicyKind } from './domain.js';

/** The case fields the window is measured from. */
export interface CaseDates {
  due_date: string;
  compulsory_end: string | null;
  commercial_end: string | null;
}

/** The rule itself: does a policy starting on `start` renew this case? */
export function renewsCase(start: string, c: CaseDates, windowDays: number): boolean {
  let latestEnd = c.due_date;
  if (c.compulsory_end !== null && c.compulsory_end > latestEnd) latestEnd = c.compulsory_end;
  if (c.commercial_end !== null && c.commercial_end > latestEnd) latestEnd = c.commercial_end;
  return daysBetween(c.due_date, start) >= -1 && daysBetween(latestEnd, start) <= windowDays;
}

/** What a renewal event says: the renewing policy, dated its start (00:00) when that is past, else now. */
export interface RenewingPolicy {
  policyId: number;
  vehicleId: number;
  kind: PolicyKind;
  insurer: string | null;
  premium_cents: number | null;
  start_date: string;
  specialist: string | null;
}

export function renewalEvent(p: RenewingPolicy, caseId: number, nowText: string): EventInput {
  const at = `${p.start_date} 00:00:00` < nowText ? `${p.start_date} 00:00:00` : nowText;
  return {
    caseId, vehicleId: p.vehicleId, at, specialist: p.specialist, outcome: 'renewed', channel: 'import', insurer: p.insurer,
    kinds: [p.kind], premiumCents: p.premium_cents, startDate: p.start_date, policyId: p.policyId,
  };
}

/**
 * A year's cover from `start`: the day before the same date a year later
 * (2026-12-16 -> 2027-12-15); a cover from 29 February runs to 28 February.
 */
export function policyYearEnd(start: string): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const next = m === 2 && d === 29 ? `${y + 1}-03-01` : `${y + 1}${start.slice(4)}`;
  return addDays(next, -1);
}
