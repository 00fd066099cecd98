/**
 * How many billed SMS a message costs. A message with any Chinese character is sent
 * in UCS-2: 70 characters fit one SMS; longer ones are split into parts of 67 (each
 * part carries a joining header). Plain ASCII (GSM 7-bit) fits 160, then parts of 153.
 */
export const ONE_SMS_CHARS = 70;

export function smsParts(message: string): number {
  const chars = [...message].length;
  const ucs2 = /[^\x00-\x7f]/.test(message);
  const [single, part] = ucs2 ? [ONE_SMS_CHARS, 67] : [160, 153];
  return chars <= single ? 1 : Math.ceil(chars / part);
}
