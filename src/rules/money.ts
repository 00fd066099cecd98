/** Money is stored as integer fen (cents) so sums are exact; people read and type yuan. */

/**
 * '3,456.70', '￥950', '¥ 1 200', '950元', '1200.5' -> fen. Returns null when the text is not an
 * amount (the caller names the field), also when it is too large to count exactly (a 400-digit
 * number would be Infinity); empty text is `undefined` (no value).
 */
export function parseYuan(raw: string): number | null | undefined {
  const s = raw.replace(/[\s,，￥¥元]/g, '').replace(/^RMB/i, '');
  if (s === '') return undefined;
  if (!/^-?\d+(\.\d{1,2})?$/.test(s)) return null;
  const negative = s.startsWith('-');
  const [whole, frac = ''] = s.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  if (!Number.isSafeInteger(cents)) return null;
  return negative ? -cents : cents;
}

/** 345670 -> '3,456.70' (no currency sign: tables label the column). */
export function formatYuan(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  // Grouped by hand: the first toLocaleString() in a process loads ICU's locale data (~15 ms).
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  const frac = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** For --json: fen -> yuan as a number with two decimals (3456.7). */
export function yuan(cents: number | null | undefined): number | null {
  return cents === null || cents === undefined ? null : Math.round(cents) / 100;
}
