/**
 * The store's settings as rules: what each one is, its default, and what a valid
 * value looks like (checked on write and on read, so a bad value is named, not
 * obeyed). Loading and saving them is src/storage/queries/settings.ts.
 */
import { EXIT, type ExitCode, RenewError } from '../errors.js';

export interface PriorityWeights {
  /** Points per day closer to the end date (within the call window). */
  days_left: number;
  /** Points per earlier call attempt (answered or not). */
  attempts: number;
  /** Points when the car is on a loan (must renew through the store). */
  loan: number;
  /** Points per 1,000 yuan of last year's premium. */
  premium_per_1000: number;
  /** Points when the customer has answered a call before (a live conversation). Optional in stored values. */
  reached?: number;
}

export interface Settings {
  store_name: string;
  store_phone: string;
  /** Specialist name -> their direct phone (for SMS and scripts). */
  specialist_phones: Record<string, string>;
  sms_lead_days: number;
  call_lead_days: number;
  /** Insurers the store may recommend; empty means none yet (quotes and renewals are refused until it is set). */
  certified_insurers: string[];
  /** 'HH:mm-HH:mm', local time. */
  calling_hours: string;
  /** Unanswered calls in one day after which a vehicle waits for tomorrow. */
  max_unanswered_per_day: number;
  priority_weights: PriorityWeights;
  /** How many days back `renew today` lists lapsed (脱保) open cases. */
  lapsed_days: number;
  /** A policy starting this many days after a case ends still renews it. */
  renewal_window_days: number;
  /** Back up the database before importing a file with at least this many rows. */
  backup_before_import_rows: number;
  /** The largest premium (yuan) an imported policy of each kind may have; more (or 0 and less) rejects the row. */
  max_premium_yuan: { compulsory: number; commercial: number };
  /** `renew purge` erases only customers closed at least this many days ago (a renewal is never erased). */
  purge_min_age_days: number;
  /** Days a quote holds when `renew quote` is given no --valid-until (insurers usually hold a price a week). */
  quote_valid_days: number;
  /** The month report lists paper policies the store has held for customers longer than this many days (代管保单). */
  custody_alert_days: number;
  /** Minutes a case opened in `renew call` stays claimed by that person (left open by a crash, it is then free again). */
  claim_minutes: number;
}

export const DEFAULT_SETTINGS: Settings = {
  store_name: '本店',
  store_phone: '',
  specialist_phones: {},
  sms_lead_days: 60,
  call_lead_days: 45,
  certified_insurers: [],
  calling_hours: '09:00-20:00',
  max_unanswered_per_day: 3,
  priority_weights: { days_left: 2, attempts: -3, loan: 15, premium_per_1000: 1, reached: 4 },
  lapsed_days: 90,
  renewal_window_days: 30,
  backup_before_import_rows: 50_000,
  max_premium_yuan: { compulsory: 1_000_000, commercial: 1_000_000 },
  purge_min_age_days: 365,
  quote_valid_days: 7,
  custody_alert_days: 30,
  claim_minutes: 15,
};

export type SettingKey = keyof Settings;

const isInt = (min: number, max: number) => (v: unknown) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
/** A finite number in range: JSON.parse('1e999') is Infinity, which JSON.stringify would save as null. */
const isNumber = (min: number, max: number) => (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const isWeight = isNumber(-1000, 1000);
const isString = (v: unknown) => typeof v === 'string';
const HOURS = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

const VALID: { [K in SettingKey]: (v: unknown) => boolean } = {
  store_name: (v) => isString(v) && (v as string).trim() !== '',
  store_phone: isString,
  specialist_phones: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isString),
  sms_lead_days: isInt(1, 365),
  call_lead_days: isInt(1, 365),
  certified_insurers: (v) => Array.isArray(v) && v.every((x) => isString(x) && x.trim() !== ''),
  calling_hours: (v) => isString(v) && HOURS.test(v as string) && (v as string).slice(0, 5) < (v as string).slice(6),
  max_unanswered_per_day: isInt(1, 50),
  priority_weights: (v) =>
    typeof v === 'object' && v !== null &&
    (['days_left', 'attempts', 'loan', 'premium_per_1000'] as const).every((k) => isWeight((v as Record<string, unknown>)[k])) &&
    ((v as Record<string, unknown>).reached === undefined || isWeight((v as Record<string, unknown>).reached)),
  lapsed_days: isInt(1, 3650),
  renewal_window_days: isInt(0, 180),
  backup_before_import_rows: isInt(0, 1_000_000_000),
  // Whole yuan up to 100 million: finite, and in fen still far inside a safe integer.
  max_premium_yuan: (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 2 &&
    (['compulsory', 'commercial'] as const).every((k) => isInt(1, 100_000_000)((v as Record<string, unknown>)[k])),
  purge_min_age_days: isInt(30, 36_500),
  quote_valid_days: isInt(1, 90),
  custody_alert_days: isInt(1, 3650),
  claim_minutes: isInt(1, 480),
};

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(DEFAULT_SETTINGS, key);
}

/** `key` as a setting name, or the "unknown setting" error listing the known ones. */
export function settingKey(key: string): SettingKey {
  if (!isSettingKey(key)) throw new RenewError('settings.unknownKey', { key, keys: Object.keys(DEFAULT_SETTINGS).join(', ') }, EXIT.usage);
  return key;
}

/** What `storedValue` returns for a stored value that is not valid. */
export const INVALID = Symbol('invalid setting');

/** A stored value as the setting it is, or INVALID (then the default applies). */
export function storedValue(key: SettingKey, raw: string): unknown {
  try {
    return parseValue(key, raw);
  } catch {
    return INVALID;
  }
}

/** `raw` (JSON, or a bare string for text settings) as a valid value of `key`, or the "bad value" error naming an example. */
export function parseValue(key: SettingKey, raw: string, exitCode: ExitCode = EXIT.failure): unknown {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw; // plain text, e.g. a store name typed without quotes
  }
  if (typeof DEFAULT_SETTINGS[key] === 'string' && typeof value !== 'string') value = raw;
  if (!VALID[key](value)) {
    throw new RenewError('settings.badValue', { key, value: raw, example: JSON.stringify(DEFAULT_SETTINGS[key]) }, exitCode);
  }
  return value;
}

/** The command that sets the certified list (shown wherever its absence stops or warns). */
export const SET_CERTIFIED_COMMAND = 'renew settings certified_insurers \'["中国人保","平安产险"]\'';
