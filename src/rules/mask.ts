/** Personal data shown only as much as the task needs. */
import { UNPLATED_PREFIX } from './plate.js';

/** 13812341234 -> 138****1234. Short or odd values keep only their last two characters. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.length >= 7) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return '*'.repeat(Math.max(0, phone.length - 2)) + phone.slice(-2);
}

/** 44010619900101123X -> 440***********123X (first 3 and last 4 kept). */
export function maskId(id: string | null | undefined): string {
  if (!id) return '';
  if (id.length <= 7) return '*'.repeat(id.length);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

/** A person's name for a list that leaves the store: the surname kept. '张伟' -> '张*', '欧阳娜娜' -> '欧***'. */
export function maskName(name: string | null | undefined): string {
  const chars = [...(name ?? '').trim()];
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(chars.length - 1);
}

/** A VIN identifies the owner's car as an ID number does the owner: shown like one (first 3 and last 4). */
export const maskVin = maskId;

/**
 * Masks the digit runs in free text that look like a mobile number (1 + 10 digits)
 * or a resident ID number (17 digits + a digit or X), wherever they sit: notes,
 * addresses, a phone typed into the plate column. Other numbers (dates, premiums,
 * policy numbers that start with letters) are left alone.
 * Example: maskPersonalNumbers('请拨13812345678') === '请拨138****5678'
 */
export function maskPersonalNumbers(text: string): string {
  return text
    .replace(/(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])/g, (id) => maskId(id))
    .replace(/(?<!\d)1\d{10}(?!\d)/g, (phone) => maskPhone(phone));
}

/** Free text (address, notes) as printed: personal numbers masked unless --reveal. */
export function shownFreeText(text: string | null, reveal: boolean): string | null {
  return text === null || reveal ? text : maskPersonalNumbers(text);
}

/** How many of a VIN's last characters an unplated car's key keeps when masked: enough to tell the cars on a list apart. */
const UNPLATED_VIN_KEPT = 6;

/**
 * A vehicle's key as any list prints it: a real plate as it is; a new car without its
 * plate yet (未上牌-<VIN>) with only the VIN's last six characters unless --reveal.
 * Example: shownPlate('未上牌-LVGBE40K8GP123456', false) === '未上牌-…123456'
 */
export function shownPlate(plate: string, reveal: boolean): string {
  if (reveal || !plate.startsWith(UNPLATED_PREFIX)) return plate;
  return `${UNPLATED_PREFIX}…${plate.slice(-UNPLATED_VIN_KEPT)}`;
}
