/**
 * Corrections in the custody and deposit registers, as in the follow-up register: a
 * new entry supersedes one earlier entry of the same vehicle that nothing has
 * superseded yet. Checked again inside the write transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { EXIT, RenewError } from '../../errors.js';

type Register = 'custody' | 'deposits';

/** A `--correct` value: a positive whole number. */
export function parseEntryId(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new RenewError('archive.register.badId', { value: raw }, EXIT.usage);
  return id;
}

/** The registers' shared columns: enough to check a correction against either. */
type Shared = { [K in Register]: { id: number; vehicle_id: number; supersedes_id: number | null } };

/** Checks that entry `id` is this vehicle's and not superseded yet; otherwise an error naming why. */
export async function assertCorrectable(db: Kysely<Database>, register: Register, id: number, vehicle: { id: number; plate: string }): Promise<void> {
  const shared = db as unknown as Kysely<Shared>;
  const entry = await shared.selectFrom(register).select(['id', 'vehicle_id']).where('id', '=', id).executeTakeFirst();
  if (!entry || entry.vehicle_id !== vehicle.id) throw new RenewError('archive.register.notOfVehicle', { id, plate: vehicle.plate }, EXIT.failure, 'archive.add.takenHint');
  const later = await shared.selectFrom(register).select('id').where('supersedes_id', '=', id).executeTakeFirst();
  if (later) throw new RenewError('archive.register.superseded', { id, by: later.id }, EXIT.failure, 'archive.add.takenHint');
}

/** A day given with --date: a real date, not after today. */
export function pastDate(raw: string | undefined, today: string, check: (date: string) => string): string {
  if (raw === undefined) return today;
  const date = check(raw);
  if (date > today) throw new RenewError('archive.register.futureDate', { flag: '--date', date, today }, EXIT.usage);
  return date;
}
