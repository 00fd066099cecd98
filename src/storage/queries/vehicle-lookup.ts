/**
 * Finding a vehicle by the plate a person typed, and the renewal case a call is
 * about. An unknown plate comes back with the nearest plates on file, because the
 * usual cause is one mistyped character (粤A12345 for 粤A12354).
 */
import type { Kysely } from 'kysely';
import type { Database, RenewalCase, Vehicle } from '../schema.js';
import { addDays } from '../../rules/clock.js';
import { RenewError } from '../../errors.js';
import { normalizePlate } from '../../rules/plate.js';

/** Cases due more than this far ahead are next year's cover, not the one being worked. */
const CURRENT_CASE_HORIZON_DAYS = 180;

/** The vehicle with this plate (any spelling normalizePlate accepts), or a RenewError with suggestions. */
export async function findVehicle(db: Kysely<Database>, rawPlate: string): Promise<Vehicle> {
  const plate = normalizePlate(rawPlate);
  const vehicle = await db.selectFrom('vehicles').selectAll().where('plate', '=', plate).executeTakeFirst();
  if (vehicle) return vehicle;
  const suggestions = await similarPlates(db, plate);
  throw new RenewError(
    'call.unknownPlate',
    { plate: plate || rawPlate, suggestions: suggestions.join(', ') },
    undefined,
    suggestions.length > 0 ? 'call.unknownPlateHint' : 'call.unknownPlateNoMatchHint',
  );
}

/**
 * Plates on file within two edits of `plate`, nearest first (at most `limit`).
 * Reads every plate: this runs only on the error path, and a store has thousands, not millions.
 */
export async function similarPlates(db: Kysely<Database>, plate: string, limit = 3): Promise<string[]> {
  if (plate === '') return [];
  const rows = await db.selectFrom('vehicles').select('plate').execute();
  return rows
    .map((r) => ({ plate: r.plate, distance: editDistance(plate, r.plate) }))
    .filter((r) => r.distance <= 2)
    .sort((a, b) => a.distance - b.distance || a.plate.localeCompare(b.plate))
    .slice(0, limit)
    .map((r) => r.plate);
}

/**
 * Levenshtein distance with adjacent swaps counting as one edit (optimal string
 * alignment), by code point so a province character is one unit: 'AB12' vs 'AB21' = 1.
 */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[s.length] as number[])[t.length] as number;
}

/**
 * The case a call today is about: the latest case due within the next 180 days
 * (so a renewed case is still found while next year's case, opened by the import
 * of the renewing policy, waits); failing that, the earliest case on file.
 */
export async function currentCase(db: Kysely<Database>, vehicleId: number, today: string): Promise<RenewalCase | undefined> {
  const cases = await db.selectFrom('renewal_cases').selectAll().where('vehicle_id', '=', vehicleId).orderBy('due_date').orderBy('id').execute();
  const horizon = addDays(today, CURRENT_CASE_HORIZON_DAYS);
  const near = cases.filter((c) => c.due_date <= horizon);
  return near[near.length - 1] ?? cases[0];
}
