/**
 * A major public holiday close to a date, from the maintained `date-holidays`
 * calendar (lunar festivals move every year, so no hand-made table). The package
 * carries every country's rules (2 MB): it stays out of the bundle (scripts/build.mjs)
 * and is required when this module is first imported, by `renew call` only.
 */
import Holidays from 'date-holidays';
import type { Lang } from '../../i18n/index.js';
import { daysBetween } from '../../rules/clock.js';

/** The statutory holidays worth a greeting (date-holidays' English names for CN). */
const MAJOR = new Set([
  "New Year's Day", 'Spring Festival', 'Qingming Festival', 'Labour Day', 'Dragon Boat Festival', 'Mid-Autumn Festival', 'National Day',
]);

export interface NearHoliday {
  name: string;
  date: string;
}

/** The first major holiday from `today` to `withinDays` days later (today included), named in `lang`. */
export async function nearHoliday(today: string, lang: Lang, withinDays = 7): Promise<NearHoliday | undefined> {
  const calendar = new Holidays('CN');
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    const english = calendar.getHolidays(y, 'en');
    const local = lang === 'en' ? english : calendar.getHolidays(y, 'zh');
    for (const [i, h] of english.entries()) {
      const date = h.date.slice(0, 10);
      const ahead = daysBetween(today, date);
      if (!MAJOR.has(h.name) || ahead < 0 || ahead > withinDays) continue;
      // Both lists come from the same rules in the same order; some zh names add the traditional form after a space.
      const name = (local[i]?.date === h.date ? local[i]?.name : h.name) ?? h.name;
      return { name: lang === 'en' ? name : (name.split(' ')[0] as string), date };
    }
  }
  return undefined;
}
