/**
 * `renew recycle --idle-days N`: open cases nobody has followed up for N days go
 * back to the pool (no specialist), where `renew today` offers them to anyone to
 * claim. Idle: no call on any of the vehicle's open cases, no move to its current
 * specialist and no case created in the last N days, and no callback booked for
 * today or later.
 */
import { EXIT, RenewError } from '../../errors.js';
import { addDays, isoDateTime } from '../../rules/clock.js';
import { moveVehicles } from '../../storage/queries/case-moves.js';
import type { Context } from '../context.js';
import { authorize } from './access.js';
import { readStore } from '../stores/scope.js';
import { openVehicles } from './open-vehicles.js';

export interface RecycleResult {
  /** Each vehicle returned to the pool (or that would be, with --dry-run). */
  cases: { plate: string; from: string; due_date: string; last_contact_at: string | null }[];
  dry_run: boolean;
}

/** --idle-days as a whole number of days, 1 to 3650. */
export function parseIdleDays(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 3650) throw new RenewError('team.badIdleDays', { value }, EXIT.usage);
  return n;
}

export async function recycleIdle(ctx: Context, o: { idleDays: number; dryRun: boolean }): Promise<RecycleResult> {
  const me = await authorize(ctx, 'recycle');
  const since = addDays(ctx.today, -o.idleDays);
  const assigned = (await openVehicles(ctx.db, { store: await readStore(ctx) })).filter((v) => v.specialist !== null);
  const lastMoves = await lastMoveTo(ctx, assigned.map((v) => v.id));
  const idle = assigned.filter((v) => {
    const touched = [v.lastContactAt, lastMoves.get(v.id), v.createdAt].filter((x): x is string => typeof x === 'string');
    const booked = v.nextContactAt !== null && v.nextContactAt >= ctx.today;
    return !booked && touched.every((at) => at < since);
  });
  const cases = idle.map((v) => ({ plate: v.plate, from: v.specialist as string, due_date: v.dueDate, last_contact_at: v.lastContactAt }));
  if (!o.dryRun && idle.length > 0) {
    const moves = idle.map((v) => ({ vehicleId: v.id, caseId: v.caseId, from: v.specialist, to: null }));
    await ctx.store.write((tx) => moveVehicles(tx, moves, { actor: me?.name ?? ctx.actor, reason: 'recycle', at: isoDateTime(ctx.now()) }));
  }
  return { cases, dry_run: o.dryRun };
}

/** When each vehicle was last moved (to whoever has it now). */
async function lastMoveTo(ctx: Pick<Context, 'db'>, vehicleIds: readonly number[]): Promise<Map<number, string>> {
  const last = new Map<number, string>();
  for (let i = 0; i < vehicleIds.length; i += 500) {
    const rows = await ctx.db
      .selectFrom('case_moves')
      .select(['vehicle_id', (eb) => eb.fn.max('at').as('at')])
      .where('vehicle_id', 'in', vehicleIds.slice(i, i + 500))
      .groupBy('vehicle_id')
      .execute();
    for (const r of rows) last.set(r.vehicle_id, String(r.at));
  }
  return last;
}
