/**
 * The day boundaries of the month report's customer figures (the base of customers,
 * the insured rate, the first-year renewal rate): the one place they are computed,
 * for the queries (features/report/customers.ts) and for the footer that prints them.
 * Definitions: docs/report.md.
 */
import { monthRange, shiftMonth } from './month.js';

/** The day boundaries of the definitions, for `month` ('YYYY-MM'). */
export interface CustomerDates {
  /** The month's first and last day: a policy that starts in between is the month's new cover; cover is counted on `to`. */
  from: string;
  to: string;
  /** The first day of the base's 12 months (the month and the 11 before it). */
  baseFrom: string;
  /** A policy with no start date is taken as one year long: it started by `to` when it ends before this day. */
  undatedEndsBefore: string;
  /** A car first registered on or after this day is a new car for the first-year rate (the first day of the month 13 months before). */
  newCarFrom: string;
}

/** customerDates('2026-10').baseFrom === '2025-11-01'. */
export function customerDates(month: string): CustomerDates {
  const { from, to } = monthRange(month);
  return {
    from,
    to,
    baseFrom: monthRange(shiftMonth(month, -11)).from,
    // The same month next year, last day: a one-year policy ending before it started on or before `to`.
    undatedEndsBefore: monthRange(shiftMonth(month, 12)).to,
    newCarFrom: monthRange(shiftMonth(month, -13)).from,
  };
}
