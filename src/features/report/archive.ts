/**
 * The month report's archive section (issue 15): paper policies the store has held
 * for customers longer than `custody_alert_days`, and renewal deposits still held
 * after their renewal was done. Both as of the month's last day, or today while the
 * month runs: what was still in the store on that day.
 */
import type { Context } from '../context.js';
import { loadSettings } from '../../storage/queries/settings.js';
import { type HeldPolicy, heldInStore } from '../archive/custody.js';
import { type DepositAfterRenewal, depositsAfterRenewal } from '../archive/deposit.js';

export interface ArchiveSection {
  /** The day the lists describe. */
  asOf: string;
  custodyAlertDays: number;
  heldLong: HeldPolicy[];
  depositsAfterRenewal: DepositAfterRenewal[];
}

export async function archiveSection(ctx: Pick<Context, 'db' | 'reveal' | 'today'>, range: { to: string }): Promise<ArchiveSection> {
  const asOf = range.to < ctx.today ? range.to : ctx.today;
  const days = (await loadSettings(ctx.db)).custody_alert_days;
  return { asOf, custodyAlertDays: days, heldLong: await heldInStore(ctx, asOf, days), depositsAfterRenewal: await depositsAfterRenewal(ctx, asOf) };
}
