/**
 * Cell values as real exports spell them, turned into what the database stores.
 * These run once per cell on files of a million rows, so each has a cheap fast
 * path for the common spelling and falls back to a regular expression only when
 * that fails (dayjs in this loop made the whole import 12x slower than sqlite3).
 */
import type { Business } from './domain.js';
import { parseYuan } from './money.js';
import { isMobile, normalizePhone } from './phone.js';

/** Full-width ASCII (Ａ１２，．) to half-width, ideographic space to a space; then trimmed. */
export function halfWidth(raw: string): string {
  let wide = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e || c === 0x3000) {
      wide = true;
      break;
    }
  }
  if (!wide) return raw.trim();
  let s = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    s += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : c === 0x3000 ? ' ' : raw[i];
  }
  return s.trim();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function realDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
/**
 * A date, then optionally a time the date is kept without: '12:23', '12:23:45.5', an ISO 'T'
 * with a zone ('T12:23:45+08:00', 'Z'), or Chinese '12时23分45秒'. The date is the one written,
 * never moved by the zone: it is the day on the policy.
 */
const DATE_LOOSE =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?|\s*(\d{1,2})\s*[时点](?:\s*(\d{1,2})\s*分(?:\s*(\d{1,2})\s*秒)?)?)?$/i;
/** 20261205, or with the time run on: 202612051223 / 20261205122345. */
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;
/** Excel's day 0 is 1899-12-30 (it counts a 1900-02-29 that never was). */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

/** Whether the optional hour, minute and second captured at m[from..from+2] are a real time of day. */
function realTime(m: RegExpExecArray, from: number): boolean {
  const h = m[from];
  if (h === undefined) return true;
  return Number(h) <= 23 && Number(m[from + 1] ?? 0) <= 59 && Number(m[from + 2] ?? 0) <= 59;
}

/**
 * '2026-12-05', '2026/12/5', '2026.12.05', '2026年12月5日', '20261205', '2026-12-05 00:00:00',
 * '2026年12月05日 12时23分45秒', '20261205122345', '2026-12-05T12:00:00+08:00' or an Excel serial
 * number (46361, 46361.5) -> '2026-12-05'. Null when it is not a real calendar day and time.
 */
export function parseDate(raw: string): string | null {
  // Fast path: already ISO.
  if (raw.length === 10 && raw.charCodeAt(4) === 45 && raw.charCodeAt(7) === 45) {
    const y = digits(raw, 0, 4);
    const m = digits(raw, 5, 7);
    const d = digits(raw, 8, 10);
    if (y >= 0 && m >= 0 && d >= 0) return realDay(y, m, d) ? raw : null;
  }
  const s = halfWidth(raw);
  const loose = DATE_LOOSE.exec(s);
  const m = loose ?? COMPACT.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const timeOk = loose ? realTime(m, 4) && realTime(m, 7) : realTime(m, 4);
    return realDay(y, mo, d) && timeOk ? `${y}-${pad2(mo)}-${pad2(d)}` : null;
  }
  // Excel serial: 1 = 1900-01-01; accept 1950..2150 so a stray number is not taken for a date.
  // A fraction is the time of day: rounded to the second first, as Excel shows it (46361.999999999
  // is 00:00:00 the next day, not 23:59:59.9999).
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const serial = Math.floor(Math.round(Number(s) * 86_400) / 86_400);
    if (serial < 18264 || serial > 91311) return null;
    return new Date(EXCEL_EPOCH_UTC + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return null;
}

/** The number in raw[from, to) when it is all ASCII digits, else -1. */
function digits(raw: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** '3,456.70', '￥950', '950' -> fen; undefined when empty, null when not an amount. */
export function parsePremium(raw: string): number | null | undefined {
  // Fast path: plain digits with an optional one- or two-digit fraction.
  const dot = raw.indexOf('.');
  const whole = dot < 0 ? raw : raw.slice(0, dot);
  const frac = dot < 0 ? '' : raw.slice(dot + 1);
  if (whole.length > 0 && whole.length < 12 && frac.length <= 2 && (dot < 0 || frac.length > 0)) {
    const w = digits(whole, 0, whole.length);
    const f = frac.length === 0 ? 0 : digits(frac, 0, frac.length);
    if (w >= 0 && f >= 0) return w * 100 + (frac.length === 1 ? f * 10 : f);
  }
  return parseYuan(halfWidth(raw));
}

/** Excel turned a long number into 4.40106E+17: the real digits are gone. */
export const SCIENTIFIC = /^\d+(\.\d+)?E\+?\d+$/i;

/**
 * A checked identifier: its stored form, and a warning when it is kept but cannot be
 * verified (a check character that does not match, a birth date that cannot exist, an
 * ID from Hong Kong, Macau or Taiwan); or why it cannot be stored.
 */
export type Checked = { value: string; warning?: 'checksum' | 'creditChecksum' | 'otherRegion' } | { error: 'format' | 'scientific' };

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;
const RESIDENT_ID = /^\d{17}[\dX]$/;

/** Mobile 13812341234 (spaces, dashes, +86/0086, a trunk 0 allowed) or a landline 020-12345678 / 0755-1234567 (phone.ts). */
export function parsePhone(raw: string): Checked {
  if (isMobile(raw)) return { value: raw }; // fast path: most cells are a plain mobile number
  const s = halfWidth(raw);
  if (SCIENTIFIC.test(s)) return { error: 'scientific' };
  const phone = normalizePhone(s);
  return phone === null ? { error: 'format' } : { value: phone };
}

const VIN_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** 17 characters without I, O or Q; the 9th is a check digit (GB 16735 / ISO 3779). */
export function parseVin(raw: string): Checked {
  const s = VIN.test(raw) ? raw : halfWidth(raw).replace(/\s/g, '').toUpperCase();
  if (SCIENTIFIC.test(s)) return { error: 'scientific' };
  if (!VIN.test(s)) return { error: 'format' };
  return vinCheckDigit(s) === s[8] ? { value: s } : { value: s, warning: 'checksum' };
}

/** Transliteration values by character code (digits are themselves). */
const VIN_CODE_VALUES = (() => {
  const t = new Int8Array(128);
  for (let d = 0; d < 10; d++) t[48 + d] = d;
  for (const [ch, v] of Object.entries(VIN_VALUES)) t[ch.charCodeAt(0)] = v;
  return t;
})();

export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (VIN_CODE_VALUES[vin.charCodeAt(i) & 127] as number) * (VIN_WEIGHTS[i] as number);
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** 统一社会信用代码 (GB 32100): company owners put it in the same column. 31 characters, no I, O, S, V, Z. */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/**
 * Identity cards of Hong Kong (A123456(7), one or two letters), Macau (1234567(8)) and
 * Taiwan (A123456789): real customers' IDs that are not checked here, kept with a warning.
 */
const HONG_KONG_ID = /^([A-Z]{1,2}\d{6})\(?([0-9A])\)?$/;
const MACAU_ID = /^([157]\d{6})\(?(\d)\)?$/;
const TAIWAN_ID = /^[A-Z][12]\d{8}$/;

/**
 * A resident ID (18 characters, GB 11643 check character; the old 15-digit form), a
 * company's unified social credit code (GB 32100 check character), or a Hong Kong,
 * Macau or Taiwan ID. A wrong check character or a birth date that cannot exist is a
 * warning: the number is kept. An 18-character number that passes the credit-code check
 * but not the ID check is a credit code (some are all digits).
 */
export function parseIdNo(raw: string): Checked {
  const s = RESIDENT_ID.test(raw) ? raw : halfWidth(raw).replace(/\s/g, '').toUpperCase();
  if (SCIENTIFIC.test(s)) return { error: 'scientific' };
  const resident = RESIDENT_ID.test(s);
  if (resident && idCheckChar(s) === s[17] && realBirth(s, 6, 4)) return { value: s };
  const credit = CREDIT_CODE.test(s);
  if (credit && creditCheckChar(s) === s[17]) return { value: s };
  if (resident) return { value: s, warning: 'checksum' };
  if (credit) return { value: s, warning: 'creditChecksum' };
  if (/^\d{15}$/.test(s)) return realBirth(s, 6, 2) ? { value: s } : { value: s, warning: 'checksum' };
  const hk = HONG_KONG_ID.exec(s) ?? MACAU_ID.exec(s);
  if (hk) return { value: `${hk[1]}(${hk[2]})`, warning: 'otherRegion' };
  if (TAIWAN_ID.test(s)) return { value: s, warning: 'otherRegion' };
  return { error: 'format' };
}

/** Whether the birth date at `at` (a 4-digit year, or 2 digits of the 1900s in the 15-digit form) can exist. */
function realBirth(id: string, at: number, yearDigits: 2 | 4): boolean {
  const y = digits(id, at, at + yearDigits);
  const m = digits(id, at + yearDigits, at + yearDigits + 2);
  const d = digits(id, at + yearDigits + 2, at + yearDigits + 4);
  return realDay(yearDigits === 2 ? 1900 + y : y, m, d);
}

export function idCheckChar(id: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

/** GB 32100's check character: 31 - (weighted sum mod 31), 31 written as 0. */
export function creditCheckChar(code: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(code[i] as string) * (CREDIT_WEIGHTS[i] as number);
  return CREDIT_CHARS[(31 - (sum % 31)) % 31] as string;
}

/** 交强险 / 商业险 / compulsory / commercial, and the longer names exports use. */
export function parseKind(raw: string): 'compulsory' | 'commercial' | null {
  if (raw === '交强险') return 'compulsory';
  if (raw === '商业险') return 'commercial';
  const s = halfWidth(raw).toLowerCase();
  if (s === '交强险' || s === 'compulsory') return 'compulsory';
  if (s === '商业险' || s === 'commercial') return 'commercial';
  if (s.includes('交强') || s.includes('强制')) return 'compulsory';
  if (s.includes('商业')) return 'commercial';
  return null;
}

const YES = new Set(['是', 'y', 'yes', '1', 'true', '有', '分期']);
const NO = new Set(['否', 'n', 'no', '0', 'false', '无', '全款']);

/** 是/否, yes/no, 1/0 -> 1/0; null when it is neither. */
export function parseYesNo(raw: string): 0 | 1 | null {
  if (raw === '否') return 0;
  if (raw === '是') return 1;
  const s = halfWidth(raw).toLowerCase();
  if (YES.has(s)) return 1;
  if (NO.has(s)) return 0;
  return null;
}

/**
 * 业务类型 as the practice writes it: 新保 or 新车 (a new car insured here first), 续保
 * (renewed here), 转保 (cover moved here from another agent or insurer); also the
 * English codes. Full-width letters and inner spaces are forgiven.
 */
const BUSINESS_WORDS: ReadonlyMap<string, Business> = new Map([
  ['新保', 'new'], ['新车', 'new'], ['续保', 'renewal'], ['转保', 'switch'], ['new', 'new'], ['renewal', 'renewal'], ['switch', 'switch'],
]);

/** 新保/新车 -> 'new', 续保 -> 'renewal', 转保 -> 'switch' (and new/renewal/switch); null when it is none of them. */
export function parseBusiness(raw: string): Business | null {
  return BUSINESS_WORDS.get(halfWidth(raw).replace(/\s+/g, '').toLowerCase()) ?? null;
}
