/**
 * The month report's archive section (issue 15): paper policies the store has held
 * for customers longer than `custody_alert_days`, and renewal deposits still held
 * after their renewal was done. Both as of the month's last day, or today while the
 * month runs: what was still in the store on that day.
 */
import type { Context } from '../context.js';
import { type HeldPolicy, heldInStore } from '../archive/custody.js';
import { type DepositAfterRenewal, depositsAfterRenewal } from '../archive/deposit.js';

export interface ArchiveSection {
  /** The day the lists describe. */
  asOf: string;
  custodyAlertDays: number;
  heldLong: HeldPolicy[];
  depositsAfterRenewal: DepositAfterRenewal[];
}

/**
 * The section as of `range.to` (or today), of one store's vehicles when `range.store` is set;
 * `days`: the store's custody_alert_days setting.
 */
export async function archiveSection(ctx: Pick<Context, 'db' | 'reveal' | 'today'>, range: { to: string; store?: string | undefined }, days: number): Promise<ArchiveSection> {
  const asOf = range.to < ctx.today ? range.to : ctx.today;
  return {
    asOf,
    custodyAlertDays: days,
    heldLong: await heldInStore(ctx, asOf, { minDays: days, store: range.store }),
    depositsAfterRenewal: await depositsAfterRenewal(ctx, asOf, range.store),
  };
}
