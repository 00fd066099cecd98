/**
 * Date arithmetic for the generator's hot loop: the same few thousand dates come up
 * millions of times, so day numbers and their 'YYYY-MM-DD' text are memoised
 * (clock.ts's addDays builds a Date each call, which dominated a million-row run).
 */
const DAY_MS = 86_400_000;
const dayByText = new Map<string, number>();
const textByDay = new Map<number, string>();

/** Days since 1970-01-01 for 'YYYY-MM-DD'. */
export function dayNumber(date: string): number {
  let d = dayByText.get(date);
  if (d === undefined) {
    d = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
    dayByText.set(date, d);
  }
  return d;
}

/** 'YYYY-MM-DD' for a day number. */
export function dayText(day: number): string {
  let s = textByDay.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    textByDay.set(day, s);
  }
  return s;
}

/** `date` moved by `days` (same result as clock.ts addDays, memoised). */
export function shiftDate(date: string, days: number): string {
  return dayText(dayNumber(date) + days);
}

/** 'YYYY-MM-DD' moved by whole years (29 February becomes 28 February). */
export function addYears(date: string, years: number): string {
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${Number(date.slice(0, 4)) + years}-${md}`;
}
