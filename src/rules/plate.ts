/**
 * Licence plates as people type them and exports spell them: full-width letters
 * (粤Ａ１２３４５), lower case, spaces or a dot/dash after the region letter.
 */

/** The provinces' characters. 使 (embassy) and 领 (consulate) are never one: they have plates of their own. */
export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Ordinary plates: province + letter + 5 letters/digits (some end in 学/警/港/澳/挂/领/试/超). */
const ORDINARY = new RegExp(`^[${PROVINCES}][A-Z][A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳领试超]$`);
/** New-energy plates: province + letter + 6 characters, D/F (or A-K for small cars) in the first or last place. */
const NEW_ENERGY = new RegExp(`^[${PROVINCES}][A-Z](?:[DFA-HJK][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DFA-HJK])$`);
/** Embassy plates (使 + six digits, or six digits + 使) and consulate plates (province + five digits + 领). */
const DIPLOMATIC = new RegExp(`^(?:使\\d{6}|\\d{6}使|[${PROVINCES}]\\d{5}领)$`);

/** Half-width, upper case, no spaces or separators: '粤ａ·12 345' -> '粤A12345'. */
export function normalizePlate(raw: string): string {
  let s = '';
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    // Full-width ASCII block (！..～) maps to half-width by a fixed offset.
    s += code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : ch;
  }
  return s.replace(/[\s\u3000·.\-_]/g, '').toUpperCase();
}

/** True for a normalised ordinary or diplomatic (7-character) or new-energy (8-character) plate. */
export function isValidPlate(plate: string): boolean {
  return plate.length === 7 ? ORDINARY.test(plate) || DIPLOMATIC.test(plate) : plate.length === 8 ? NEW_ENERGY.test(plate) : false;
}

/**
 * A new car without its plate yet (未上牌) is stored under this key until the plate
 * comes (an import or `renew edit` that brings it renames the vehicle): the VIN
 * identifies it meanwhile. No real plate starts with 未.
 */
export const UNPLATED_PREFIX = '未上牌-';

export function unplatedKey(vin: string): string {
  return `${UNPLATED_PREFIX}${vin}`;
}

export function isUnplated(plate: string): boolean {
  return plate.startsWith(UNPLATED_PREFIX);
}
