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
