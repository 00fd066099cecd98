/**
 * Dates and times as people say them on the phone: 今天 / 明天 / 后天, 周五 / 星期五 /
 * Fri, 12-08 / 12月8日, 15:00 / 下午3点 / 3pm, alone or together ("周五 下午3点").
 * Pure: "now" is always passed in, so a test pins the clock.
 */
import { addDays, daysBetween, isoDate, parseDateArg } from '../../rules/clock.js';
import { EXIT, RenewError } from '../../errors.js';

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAYS_ZH = '日一二三四五六';
const WEEKDAYS_EN = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const RELATIVE: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, today: 0, tomorrow: 1 };

/** The weekday (0 = Sunday) of a 'YYYY-MM-DD' date. */
function weekday(date: string): number {
  return new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10))).getUTCDay();
}

/** The date part as said, or undefined when `raw` is not a date. Weekdays are the next one after today. */
export function parseSpokenDate(raw: string, today: string): string | undefined {
  const v = raw.trim().toLowerCase();
  if (v in RELATIVE) return addDays(today, RELATIVE[v] as number);
  const zh = /^(?:周|星期|礼拜)([一二三四五六日天])$/.exec(v);
  // Fri, Friday (any prefix of three letters or more).
  const en = v.length >= 3 ? WEEKDAYS_EN.findIndex((d) => d.startsWith(v.replace(/\.$/, ''))) : -1;
  const wd = zh ? WEEKDAYS_ZH.indexOf(zh[1] === '天' ? '日' : (zh[1] as string)) : en;
  if (wd >= 0) return addDays(today, ((wd - weekday(today) + 6) % 7) + 1);
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return parseDateArg(v, '--next');
  // Month and day without a year: this year's, or next year's once this year's has passed.
  const md = /^(\d{1,2})(?:-|\/|月)(\d{1,2})(?:日|号)?$/.exec(v);
  if (!md) return undefined;
  const year = Number(today.slice(0, 4));
  const date = `${year}-${pad(Number(md[1]))}-${pad(Number(md[2]))}`;
  const real = parseDateArg(date, '--next');
  return real < today ? parseDateArg(`${year + 1}${real.slice(4)}`, '--next') : real;
}

/** The time part as said ('HH:mm'), or undefined when `raw` is not a time. */
export function parseSpokenTime(raw: string): string | undefined {
  const v = raw.trim().toLowerCase().replace(/\s+/g, '');
  const m = /^(上午|早上|中午|下午|傍晚|晚上)?(\d{1,2})(?:[:：](\d{2})|点(半|(\d{1,2})分?)?|时(?:(\d{1,2})分)?)?(am|pm)?$/.exec(v);
  if (!m) return undefined;
  const [, part, h, colonMin, dian, dianMin, shiMin, ampm] = m;
  // A bare number is a time only with a marker: "15" alone could be a day.
  if (colonMin === undefined && dian === undefined && !/[点时]/.test(v) && !ampm) return undefined;
  let hour = Number(h);
  const minute = Number(colonMin ?? (dian === '半' ? 30 : (dianMin ?? shiMin ?? 0)));
  const afternoon = part === '下午' || part === '傍晚' || part === '晚上' || ampm === 'pm' || (part === '中午' && hour < 11);
  if (afternoon && hour < 12) hour += 12;
  if ((part === '上午' || part === '早上' || ampm === 'am') && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return undefined;
  return `${pad(hour)}:${pad(minute)}`;
}

/** Splits "周五下午3点" / "明天 15:00" / "2026-12-08 15:00" into a date and a time. */
function splitWhen(v: string): [string, string] {
  const spaced = /^(\S+)\s+(\S+)$/.exec(v);
  if (spaced) return [spaced[1] as string, spaced[2] as string];
  const joined = /^(今天|今日|明天|明日|后天|(?:周|星期|礼拜)[一二三四五六日天]|\d{1,2}月\d{1,2}[日号]?)(.+)$/.exec(v);
  return joined ? [joined[1] as string, joined[2] as string] : [v, ''];
}

/**
 * A callback moment as said -> 'YYYY-MM-DD HH:mm', strictly after now. A date alone
 * takes `defaultTime`; a time alone is today. Throws call.badNext / call.nextInPast.
 */
export function parseSpokenNext(raw: string | undefined, now: Date, defaultTime = '10:00'): string {
  if (raw === undefined || raw.trim() === '') throw new RenewError('call.nextMissing', {}, EXIT.usage);
  const v = raw.trim().replace('T', ' ');
  const today = isoDate(now);
  const bad = () => new RenewError('call.badNext', { value: raw }, EXIT.usage);
  let date: string | undefined;
  let time: string | undefined;
  const [a, b] = splitWhen(v);
  if (b === '') {
    date = parseSpokenDate(a, today);
    time = date === undefined ? parseSpokenTime(a) : defaultTime;
    if (date === undefined && time !== undefined) date = today;
  } else {
    date = parseSpokenDate(a, today);
    time = parseSpokenTime(b);
  }
  if (date === undefined || time === undefined) throw bad();
  const at = `${date} ${time}`;
  const nowText = `${today} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
  if (at <= nowText) throw new RenewError('call.nextInPast', { value: at, now: nowText }, EXIT.usage);
  return at;
}

/**
 * The next free half-hour slot inside calling hours ('HH:mm-HH:mm') on or after
 * `from` (never "now" itself), skipping times already booked ('YYYY-MM-DD HH:mm').
 */
export function nextFreeSlot(from: Date, hours: string, booked: ReadonlySet<string> = new Set()): string {
  const [open, close] = [hours.slice(0, 5), hours.slice(6, 11)];
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  let date = isoDate(from);
  // The first half hour strictly after now.
  let minute = Math.floor((from.getHours() * 60 + from.getMinutes()) / 30) * 30 + 30;
  for (let guard = 0; guard < 14 * 48; guard++) {
    if (minute < toMin(open)) minute = Math.ceil(toMin(open) / 30) * 30;
    if (minute >= toMin(close)) {
      date = addDays(date, 1);
      minute = Math.ceil(toMin(open) / 30) * 30;
      continue;
    }
    const at = `${date} ${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
    if (!booked.has(at)) return at;
    minute += 30;
  }
  throw new Error('internal: no free slot in two weeks');
}

/**
 * A date as people say it: 12月8日 / 8 Dec. The year is said only when the date is
 * neither this year nor in the coming months (in November, 1月22日 is next January).
 */
export function spokenDate(date: string, lang: 'zh-CN' | 'en', today?: string): string {
  const [y, m, d] = [date.slice(0, 4), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const ahead = today === undefined ? 0 : daysBetween(today, date);
  const withYear = today !== undefined && today.slice(0, 4) !== y && !(ahead >= 0 && ahead < 300);
  if (lang === 'zh-CN') return `${withYear ? `${y}年` : ''}${m}月${d}日`;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
  return `${d} ${month}${withYear ? ` ${y}` : ''}`;
}

/** 'YYYY-MM-DD HH:mm' as said: 12月8日 15:00 / 8 Dec 15:00. */
export function spokenDateTime(at: string, lang: 'zh-CN' | 'en', today?: string): string {
  return `${spokenDate(at.slice(0, 10), lang, today)} ${at.slice(11, 16)}`;
}
