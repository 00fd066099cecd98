/** `renew target set` and `renew target list` as library calls: they return what src/ui/target.ts prints. */
import { isoDateTime, parseMonthArg } from '../../rules/clock.js';
import type { Context } from '../context.js';
import { readStore } from '../stores/scope.js';
import { listTargets, setTarget, specialistKnown, type TargetChange, type TargetRecord } from './targets.js';

export interface TargetSaved {
  saved: TargetRecord;
  /** A specialist target for a name the register has never seen (a typo, or someone new): worth a warning. */
  unknownSpecialist: boolean;
}

export async function saveTarget(ctx: Context, change: TargetChange): Promise<TargetSaved> {
  // A store's target (--store, else your store); the group's ('') when neither.
  const saved = await setTarget(ctx, change, isoDateTime(ctx.now()), (await readStore(ctx)) ?? '');
  return { saved, unknownSpecialist: saved.specialist !== '' && !(await specialistKnown(ctx, saved.specialist)) };
}

export interface TargetList {
  /** The month asked for, or undefined for every month. */
  month: string | undefined;
  rows: TargetRecord[];
}

/** A bare --month lists the current month's targets. */
export async function targetList(ctx: Context, options: { month?: string | boolean | undefined }): Promise<TargetList> {
  const month = typeof options.month === 'string' ? parseMonthArg(options.month) : options.month ? ctx.today.slice(0, 7) : undefined;
  return { month, rows: await listTargets(ctx, month, await readStore(ctx)) };
}
