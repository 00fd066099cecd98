/**
 * Whether a vehicle is new-energy (新能源): the NEV clauses are offered for it, and the
 * vehicle and vessel tax is usually waived.
 */
import { isValidPlate, normalizePlate } from '../../rules/plate.js';

/** Words in a model name that mark a battery-electric, plug-in or other new-energy car. */
const NEV_MODEL = /纯电|插电|混动插电|增程|新能源|燃料电池|氢能|\b(?:BEV|EV|PHEV|REEV|EREV|FCEV)\b|e-tron|\bDM-?i\b|\bDM-?p\b/i;

/**
 * True when the plate is a green 8-character one (粤AD12345, 粤A12345F: only new-energy
 * plates have 8 characters) or the model says so ('Model 3 纯电', '宋PLUS DM-i 插电混动', 'ID.4 EV').
 */
export function isNewEnergy(plate: string | null | undefined, model: string | null | undefined): boolean {
  const p = normalizePlate(plate ?? '');
  if (p.length === 8 && isValidPlate(p)) return true;
  return NEV_MODEL.test(model ?? '');
}
