/**
 * `renew edit <plate|VIN>`: a customer's details changed (a new phone said on a call,
 * a move, another specialist, the loan paid off), the car sold or scrapped, or the
 * plate a new car finally got. The values pass the import's row check (through
 * `checkAdd`), so an edited detail and an imported one cannot differ; every change
 * is appended to `vehicle_changes` with the old and new value and who made it
 * (migration 0010). Nothing is written when anything is wrong.
 */
import type { Context } from '../context.js';
import type { Tx } from '../../storage/ports.js';
import type { Vehicle, VehicleStatus } from '../../storage/schema.js';
import { EXIT, RenewError } from '../../errors.js';
import { VEHICLE_STATUSES } from '../../rules/domain.js';
import { isUnplated, isValidPlate, normalizePlate } from '../../rules/plate.js';
import { isoDateTime } from '../../rules/clock.js';
import { maskPhone, shownFreeText, shownPlate } from '../../rules/mask.js';
import { rowRules } from '../../rules/validate.js';
import { findVehicle } from '../../storage/queries/vehicle-lookup.js';
import { recordEvent } from '../../storage/queries/register.js';
import { refreshCaseCopies } from '../../storage/queries/case-copies.js';
import { recordMoves } from '../../storage/queries/case-moves.js';
import { checkAdd, STAND_IN_PLATE } from './add.js';
import { assertVehicleInStore } from '../stores/scope.js';

/** The details `renew edit` changes, each its own flag (--phone, --address, ...). */
export const EDIT_FIELDS = ['phone', 'address', 'owner', 'specialist', 'installment', 'status', 'plate'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];
/** The customer's details alone: what a call may change without leaving the script. */
export const DETAIL_FIELDS = ['phone', 'address', 'owner', 'specialist', 'installment'] as const satisfies readonly EditField[];
export type EditOptions = Partial<Record<EditField, string>>;

/** One change as stored and shown: phones masked (in full they live only on the vehicle). */
export interface Change {
  field: EditField;
  old: string | null;
  new: string | null;
}

export interface Edited {
  plate: string;
  changes: Change[];
  /** Open cases closed because the car was sold or scrapped. */
  closed_cases: number[];
}

/** A loss reason that says the car left: recording it marks the vehicle (data/loss-reasons.json codes). */
export function statusOfLossReason(reason: string | null | undefined): VehicleStatus | null {
  return (VEHICLE_STATUSES as readonly string[]).includes(reason ?? '') ? (reason as VehicleStatus) : null;
}

/** A value as the register keeps it: the phone masked, the loan flag as 1/0, an unplated key without its VIN. */
function stored(field: EditField, value: string | number | null): string | null {
  if (value === null) return null;
  if (field === 'phone') return maskPhone(String(value));
  if (field === 'plate') return shownPlate(String(value), false);
  return String(value);
}

/** Checks the options and returns the vehicle's new values; throws naming the first bad flag. */
export function checkEdit(ctx: Pick<Context, 't'>, vehicle: Vehicle, options: EditOptions, rules: ReturnType<typeof rowRules>): Partial<Pick<Vehicle, 'phone' | 'address' | 'owner' | 'specialist' | 'installment' | 'status' | 'plate'>> {
  const given = EDIT_FIELDS.filter((f) => options[f] !== undefined);
  if (given.length === 0) throw new RenewError('archive.edit.nothingGiven', {}, EXIT.usage);
  const next: ReturnType<typeof checkEdit> = {};
  if (options.status !== undefined) {
    const status = options.status.trim().toLowerCase();
    if (!(VEHICLE_STATUSES as readonly string[]).includes(status)) throw new RenewError('archive.edit.badStatus', { value: options.status }, EXIT.usage);
    next.status = status as VehicleStatus;
  }
  if (options.plate !== undefined) {
    const plate = normalizePlate(options.plate);
    if (!isValidPlate(plate)) throw new RenewError('archive.add.badValue', { flag: '--plate', value: options.plate, reason: ctx.t('import.reason.badPlate') }, EXIT.usage);
    // A plated car keeps its plate: it is the key every export finds the car by.
    if (!isUnplated(vehicle.plate)) throw new RenewError('archive.edit.hasPlate', { plate: vehicle.plate }, EXIT.usage);
    next.plate = plate;
  }
  const details = DETAIL_FIELDS.filter((f) => options[f] !== undefined);
  if (details.length > 0) {
    // The import's row check, through `renew add`'s: a stand-in plate and end date let the details alone be checked.
    const { row } = checkAdd(
      { ...Object.fromEntries(details.map((f) => [f, options[f]])), plate: STAND_IN_PLATE, compulsory_end: '2000-01-01' },
      ctx,
      rules,
    );
    for (const f of details) {
      // An emptied field (--address '') is cleared; the loan flag has no "unknown".
      if (f === 'installment') {
        if (row.vehicle.installment === null) throw new RenewError('archive.add.badValue', { flag: '--installment', value: options[f] ?? '', reason: ctx.t('import.reason.badYesNo') }, EXIT.usage);
        next.installment = row.vehicle.installment;
      } else next[f] = row.vehicle[f];
    }
  }
  return next;
}

/** On a terminal with no flags: which detail, then its new value. */
export async function askEdit(ctx: Pick<Context, 'prompter' | 't' | 'db' | 'actor' | 'storeOption'>, vehicle: Vehicle, fields: readonly EditField[] = EDIT_FIELDS): Promise<EditOptions> {
  // Another store's car is refused before the questions, not after them (runEdit checks again).
  await assertVehicleInStore(ctx, vehicle);
  const field = await ctx.prompter.select(
    ctx.t('archive.edit.ask.field', { plate: shownPlate(vehicle.plate, false) }),
    fields.filter((f) => f !== 'plate' || isUnplated(vehicle.plate)).map((f) => ({ value: f, name: ctx.t(`archive.edit.field.${f}`) })),
  );
  const hint = field === 'status' ? VEHICLE_STATUSES.join('/') : field === 'installment' ? ctx.t('archive.edit.ask.yesNo') : '';
  const value = await ctx.prompter.input(ctx.t('archive.edit.ask.value', { field: ctx.t(`archive.edit.field.${field}`), hint }), { default: '' });
  return { [field]: value };
}

/** The vehicle's open cases closed as lost for the reason it left, without counting a call (outcome vehicle_gone). */
async function closeOpenCases(tx: Tx, vehicle: Pick<Vehicle, 'id' | 'specialist'>, status: VehicleStatus, at: string, actor: string | null): Promise<number[]> {
  const open = await tx.selectFrom('renewal_cases').select('id').where('vehicle_id', '=', vehicle.id).where('status', '=', 'open').orderBy('id').execute();
  for (const c of open) {
    await recordEvent(tx, { caseId: c.id, vehicleId: vehicle.id, at, outcome: 'vehicle_gone', channel: 'edit', reason: status, specialist: vehicle.specialist, actor }, at);
  }
  return open.map((c) => c.id);
}

/** Appends the changes to the vehicle's register of changed details. */
export async function recordChanges(tx: Tx, vehicleId: number, changes: readonly Change[], at: string, actor: string | null): Promise<void> {
  if (changes.length === 0) return;
  await tx.insertInto('vehicle_changes').values(changes.map((c) => ({ vehicle_id: vehicleId, field: c.field, old_value: c.old, new_value: c.new, recorded_at: at, actor }))).execute();
}

/** A vehicle sold or scrapped by a loss reason on a call: marked, and the change kept like an edit's. */
export async function markLeftByLossReason(tx: Tx, vehicleId: number, reason: string | null, at: string, actor: string | null): Promise<void> {
  const status = statusOfLossReason(reason);
  if (status === null) return;
  const v = await tx.selectFrom('vehicles').select('status').where('id', '=', vehicleId).executeTakeFirstOrThrow();
  if (v.status === status) return;
  await tx.updateTable('vehicles').set({ status, updated_at: at }).where('id', '=', vehicleId).execute();
  await recordChanges(tx, vehicleId, [{ field: 'status', old: v.status, new: status }], at, actor);
}

export async function runEdit(ctx: Pick<Context, 'db' | 'store' | 'now' | 't' | 'err' | 'actor' | 'storeOption' | 'settings' | 'reveal'>, target: string, options: EditOptions): Promise<Edited> {
  const vehicle = await findVehicle(ctx.db, target);
  await assertVehicleInStore(ctx, vehicle);
  if (vehicle.purged_at !== null) throw new RenewError('archive.edit.purged', { plate: vehicle.plate, at: vehicle.purged_at }, EXIT.failure);
  const next = checkEdit(ctx, vehicle, options, rowRules(await ctx.settings(vehicle.store ?? undefined)));
  const at = isoDateTime(ctx.now());
  const result = await ctx.store.write(async (tx) => {
    // Read again under the write lock: another terminal may have changed it since.
    const v = await tx.selectFrom('vehicles').selectAll().where('id', '=', vehicle.id).executeTakeFirstOrThrow();
    if (next.plate !== undefined) {
      const taken = await tx.selectFrom('vehicles').select('plate').where('plate', '=', next.plate).executeTakeFirst();
      if (taken) throw new RenewError('archive.edit.plateTaken', { plate: next.plate }, EXIT.failure, 'archive.add.takenHint');
    }
    const changes: Change[] = [];
    for (const f of EDIT_FIELDS) {
      const value = next[f];
      if (value === undefined || value === v[f]) continue;
      changes.push({ field: f, old: stored(f, v[f]), new: stored(f, value) });
    }
    if (changes.length === 0) return { plate: v.plate, changes, closed: [] };
    await tx.updateTable('vehicles').set({ ...next, updated_at: at }).where('id', '=', v.id).execute();
    await recordChanges(tx, v.id, changes, at, ctx.actor);
    // The cases carry copies of the plate, loan flag and specialist (case-copies.ts).
    if (next.plate !== undefined || next.installment !== undefined || next.specialist !== undefined) await refreshCaseCopies(tx, [v.id]);
    // A specialist set in renew is a move like an assignment's: history shows it, and a re-import keeps it (rules/vehicle-merge.ts).
    if (changes.some((c) => c.field === 'specialist')) {
      const open = await tx.selectFrom('renewal_cases').select('id').where('vehicle_id', '=', v.id).where('status', '=', 'open').orderBy('due_date').limit(1).executeTakeFirst();
      await recordMoves(tx, [{ vehicleId: v.id, caseId: open?.id ?? null, from: v.specialist, to: next.specialist ?? null }], { actor: ctx.actor, reason: 'edit', at });
    }
    const closed = next.status && next.status !== v.status ? await closeOpenCases(tx, { id: v.id, specialist: next.specialist ?? v.specialist }, next.status, at, ctx.actor) : [];
    return { plate: next.plate ?? v.plate, changes, closed };
  });
  const plate = shownPlate(result.plate, ctx.reveal);
  ctx.err.write(ctx.t(result.changes.length === 0 ? 'archive.edit.unchanged' : 'archive.edit.done', { plate, count: result.changes.length }) + '\n');
  return { plate, changes: result.changes.map((c) => shownChange(c, ctx.reveal)), closed_cases: result.closed };
}

/** A change as printed: numbers in an address masked unless --reveal (phones are stored masked). */
export function shownChange<C extends { field: string; old: string | null; new: string | null }>(c: C, reveal: boolean): C {
  return c.field === 'address' ? { ...c, old: shownFreeText(c.old, reveal), new: shownFreeText(c.new, reveal) } : c;
}
