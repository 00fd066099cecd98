/**
 * What an import run of rows says about its vehicle, whatever the engine writes it
 * to: the vehicle columns a row carries, and the later rows' non-empty values winning.
 */
import type { RowIn, VehicleIn } from './validate.js';

export const VEHICLE_COLUMNS = [
  'vin', 'engine_no', 'model', 'first_registration', 'owner', 'insured', 'phone', 'id_no', 'address', 'specialist', 'installment', 'beneficiary',
  'business',
] as const;

/** The vehicle as the run of rows describes it: later non-empty values win. */
export function mergeVehicle(rows: readonly RowIn[]): VehicleIn {
  const v = { ...(rows[0] as RowIn).vehicle };
  for (let i = 1; i < rows.length; i++) {
    const r = (rows[i] as RowIn).vehicle;
    for (const c of VEHICLE_COLUMNS) if (r[c] !== null) (v as Record<string, unknown>)[c] = r[c];
  }
  return v;
}

/** What the merge needs of a stored vehicle's assignment. */
export interface StoredAssignment {
  specialist: string | null;
  /** Whether the vehicle has a case move (case_moves: assign, recycle, a case taken from the pool); 0/1 or a boolean, as each engine reads it. */
  has_moves?: boolean | number | null;
}

/**
 * The run's vehicle as it merges into the stored one. Once the vehicle's specialist
 * has been set in renew (it has a case move), the export's 续保专员 column no longer
 * changes it: the store assigns in renew, and an export still naming last year's
 * specialist would undo that. A vehicle never moved follows the export, as a new one does.
 */
export function keepAssignment(merged: VehicleIn, stored: StoredAssignment): VehicleIn {
  return stored.has_moves ? { ...merged, specialist: stored.specialist } : merged;
}
