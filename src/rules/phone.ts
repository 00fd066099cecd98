/**
 * Phone numbers as the store keeps them: a mobile as 11 digits (13812345678), a
 * landline as area code and number without separators (02087654321). Mainland
 * area codes 010 and 020-029 take 8-digit numbers; every other area code has four
 * digits (0xxx) and takes 7 or 8.
 */

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^(?:0(?:10|2\d)\d{8}|0[3-9]\d{2}\d{7,8})$/;

/** Whether a stored phone number is a mobile (the only kind that receives SMS): isMobile('13812345678') -> true. */
export function isMobile(phone: string | null | undefined): boolean {
  return typeof phone === 'string' && MOBILE.test(phone);
}

/** Whether a stored phone number is a mainland landline with an area code of the right length for its number. */
export function isLandline(phone: string): boolean {
  return LANDLINE.test(phone);
}

/**
 * A number as typed (digits plus spaces, dashes, brackets, a country code) to the
 * stored form, or null when it is neither a mobile nor a landline. A country code
 * (+86, 0086, 86) and a trunk 0 before a mobile are dropped; after a country code
 * an area code without its trunk 0 gets it back ('+86 20 87654321' -> '02087654321').
 */
export function normalizePhone(typed: string): string | null {
  if (MOBILE.test(typed)) return typed;
  let s = typed.replace(/[\s\-()（）.]/g, '');
  let international = false;
  const country = /^(?:\+|00)?86(?=\d{10,12}$)/.exec(s);
  if (country && (s.startsWith('+') || s.startsWith('00') || MOBILE.test(s.slice(2)))) {
    s = s.slice(country[0].length);
    international = true;
  } else if (s.startsWith('+')) {
    return null; // another country's number
  }
  if (/^01[3-9]\d{9}$/.test(s)) s = s.slice(1); // a trunk 0 before a mobile
  if (MOBILE.test(s)) return s;
  if (international && /^[2-9]/.test(s)) s = `0${s}`;
  return LANDLINE.test(s) ? s : null;
}
