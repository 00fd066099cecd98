/** "Today" for every command: RENEW_TODAY pins it, for back-dating and tests. */
import { EXIT, RenewError } from '../errors.js';

const PINNED = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * RENEW_TODAY=2026-12-01 keeps the real time of day on that date;
 * RENEW_TODAY="2026-12-01 10:30" pins the time as well.
 */
export function makeClock(pinned: string | undefined, real: () => Date = () => new Date()): () => Date {
  if (!pinned) return real;
  const m = PINNED.exec(pinned.trim());
  if (!m) throw new RenewError('errors.badToday', { value: pinned });
  const [, y, mo, d, h, mi, s] = m;
  // new Date() rolls impossible parts over (2026-12-05 99:99 became 2026-12-09 04:39): refuse them instead.
  const dayOk = addDays(`${y}-${mo}-${d}`, 0) === `${y}-${mo}-${d}`;
  const timeOk = h === undefined || (Number(h) < 24 && Number(mi) < 60 && Number(s ?? 0) < 60);
  if (!dayOk || !timeOk) throw new RenewError('errors.badToday', { value: pinned });
  return () => {
    const t = real();
    return h === undefined
      ? new Date(Number(y), Number(mo) - 1, Number(d), t.getHours(), t.getMinutes(), t.getSeconds())
      : new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' in local time. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** 'YYYY-MM-DD HH:mm:ss' in local time: the register's timestamp format. */
export function isoDateTime(d: Date): string {
  return `${isoDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Days since 1970-01-01 of a 'YYYY-MM-DD' date, in integer arithmetic (the proleptic
 * Gregorian calendar, as Date.UTC counts). The importer compares a million dates;
 * going through Date and slice() cost it about a second.
 */
export function dayNumber(date: string): number {
  const c = (i: number) => date.charCodeAt(i) - 48;
  let y = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
  const m = c(5) * 10 + c(6);
  const d = c(8) * 10 + c(9);
  // Counting years from March puts the leap day last (H. Hinnant's days_from_civil).
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `date` ('YYYY-MM-DD') moved by `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10) + days));
  return d.toISOString().slice(0, 10);
}

/** Validates a 'YYYY-MM-DD' argument (a real calendar day) or throws naming the field (a bad option value: exit 64). */
export function parseDateArg(value: string, field: string): string {
  const v = value.trim();
  // addDays round-trips only a real calendar day: 2026-02-30 comes back as 2026-03-02.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || addDays(v, 0) !== v) throw new RenewError('errors.badDate', { field, value }, EXIT.usage);
  return v;
}

/** Validates 'YYYY-MM' or throws (a bad option value: exit 64). */
export function parseMonthArg(value: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value.trim());
  if (!m) throw new RenewError('errors.badMonth', { value }, EXIT.usage);
  return value.trim();
}
