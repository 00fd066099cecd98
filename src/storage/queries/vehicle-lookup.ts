/**
 * Finding a vehicle by the plate a person typed, and the renewal case a call is
 * about. An unknown plate comes back with the nearest plates on file, because the
 * usual cause is one mistyped character (粤A12345 for 粤A12354). Every command
 * that takes a plate (call, history, today --explain) finds it here.
 */
import { linesOf } from './dialect.js';
import { type Kysely, sql } from 'kysely';
import type { Database, RenewalCase, Vehicle } from '../schema.js';
import { addDays } from '../../rules/clock.js';
import { EXIT, RenewError } from '../../errors.js';
import { maskPhone } from '../../rules/mask.js';
import { normalizePlate, PROVINCES, unplatedKey } from '../../rules/plate.js';

/** Cases due more than this far ahead are next year's cover, not the one being worked. */
const CURRENT_CASE_HORIZON_DAYS = 180;

/**
 * The longest plate looked up, after normalising (a real plate has 7 or 8 characters).
 * Longer input is refused before any search: a 300-character "plate" once cost the
 * suggestion search 44 s.
 */
export const MAX_PLATE_CHARS = 10;

/** Without its province character: a letter and 5 or 6 more (`A12345`, `AD12345`). */
const SUFFIX = /^[A-Z][A-Z0-9]{5,6}$/;
/** 17 letters and digits without I, O, Q: a VIN, not a plate. */
const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;

/**
 * The vehicle with this plate (any spelling normalizePlate accepts), or a RenewError
 * with suggestions. A plate typed without its province character (`A12345`: no
 * switching input method mid-call) finds the one vehicle it ends; several are listed.
 */
export async function findVehicle(db: Kysely<Database>, rawPlate: string): Promise<Vehicle> {
  // A new car without its plate yet (renew add --vin) is found by its VIN.
  const vin = rawPlate.trim().toUpperCase();
  if (VIN.test(vin)) {
    const unplated = await db.selectFrom('vehicles').selectAll().where('plate', '=', unplatedKey(vin)).executeTakeFirst();
    if (unplated) return unplated;
  }
  const plate = normalizePlate(rawPlate);
  if (plate.length > MAX_PLATE_CHARS) {
    throw new RenewError('call.plateTooLong', { shown: `${plate.slice(0, MAX_PLATE_CHARS)}…`, max: MAX_PLATE_CHARS }, EXIT.usage);
  }
  const vehicle = await db.selectFrom('vehicles').selectAll().where('plate', '=', plate).executeTakeFirst();
  if (vehicle) return vehicle;
  if (SUFFIX.test(plate)) {
    // One indexed lookup per province character, not a scan for the suffix.
    const owners = await db.selectFrom('vehicles').selectAll().where('plate', 'in', [...PROVINCES].map((p) => p + plate)).orderBy('plate').execute();
    if (owners.length === 1) return owners[0] as Vehicle;
    if (owners.length > 1) {
      const candidates = owners.map((v) => (v.phone ? `${v.plate} (${maskPhone(v.phone)})` : v.plate)).join(', ');
      throw new RenewError('call.ambiguousPlate', { plate, candidates }, EXIT.usage, 'call.ambiguousPlateHint');
    }
  }
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
 * Bounded, and linear in the store with a small constant: `plate` is at most
 * MAX_PLATE_CHARS long (longer finds nothing); the plates are read as one string
 * (linesOf, dialect.ts: no object per vehicle); each is first compared as a bag of characters (a lower bound of the edit distance, a dozen
 * steps, no allocation), and only the few within two get the full comparison, which
 * itself stops past two edits. bench/plate-lookup.mjs measures it (docs/call.md).
 */
export async function similarPlates(db: Kysely<Database>, plate: string, limit = 3): Promise<string[]> {
  if (plate === '' || plate.length > MAX_PLATE_CHARS) return [];
  const { rows } = await sql<{ plates: string | null }>`select ${linesOf(db, 'plate')} as plates from vehicles`.execute(db);
  const all = rows[0]?.plates ?? '';
  const bag = new BagFilter(plate);
  const near: { plate: string; distance: number }[] = [];
  for (let from = 0; from < all.length; ) {
    let to = all.indexOf('\n', from);
    if (to < 0) to = all.length;
    if (bag.within(all, from, to, MAX_EDITS)) {
      const other = all.slice(from, to);
      const distance = editDistance(plate, other, MAX_EDITS);
      if (distance <= MAX_EDITS) near.push({ plate: other, distance });
    }
    from = to + 1;
  }
  return near
    .sort((a, b) => a.distance - b.distance || a.plate.localeCompare(b.plate))
    .slice(0, limit)
    .map((r) => r.plate);
}

/**
 * Bag distance: the characters one string has that the other lacks (as multisets),
 * the larger side. No edit changes it by more than one, so it never exceeds the edit
 * distance and a plate over the bound can be dropped on it.
 */
class BagFilter {
  private readonly counts = new Uint8Array(65536);
  private readonly codes: number[] = [];

  constructor(private readonly plate: string) {
    for (let i = 0; i < plate.length; i++) this.codes.push(plate.charCodeAt(i));
    this.reset();
  }

  /** Whether `text.slice(from, to)` is within `max` of the plate by bag distance. */
  within(text: string, from: number, to: number, max: number): boolean {
    let extra = 0;
    for (let i = from; i < to && extra <= max; i++) {
      const c = text.charCodeAt(i);
      if ((this.counts[c] as number) > 0) this.counts[c] = (this.counts[c] as number) - 1;
      else extra++;
    }
    const missing = this.plate.length - (to - from - extra);
    this.reset();
    return extra <= max && missing <= max;
  }

  private reset(): void {
    for (const c of this.codes) this.counts[c] = 0;
    for (const c of this.codes) this.counts[c] = (this.counts[c] as number) + 1;
  }
}

const MAX_EDITS = 2;

/**
 * Levenshtein distance with adjacent swaps counting as one edit (optimal string
 * alignment), by UTF-16 unit, so a province character is one unit: 'AB12' vs 'AB21' = 1.
 * Past `max` it stops and returns max + 1 (a whole row over the bound cannot come back).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  // Three rows: the one before last (for swaps), the last, the current.
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const row: number[] = [i];
    let best = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, (prev2[j - 2] as number) + 1);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[m] as number;
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
