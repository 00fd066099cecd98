/**
 * Issue 13.17: many rows of one plate were quadratic (every policy compared with every
 * policy of the vehicle). CaseFinder must pick exactly what the scan picked, with work
 * per pick bounded by the 120-day span, not by the vehicle's size.
 */
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/rules/clock.js';
import { CASE_SPAN_DAYS, CaseFinder } from '../../src/rules/case-assignment.js';
import { makeTestContext } from '../helpers/context.js';
import { counts, csvFile, run } from './helpers.js';

/** The rule as first written: scan every member, closest gap wins, the lower case on a tie. */
function scan(members: readonly { at: number; end: string }[], end: string): number {
  let best = -1;
  let bestGap = Infinity;
  for (const m of members) {
    const gap = Math.abs(daysBetween(m.end, end));
    if (gap <= CASE_SPAN_DAYS && (gap < bestGap || (gap === bestGap && m.at < best))) {
      best = m.at;
      bestGap = gap;
    }
  }
  return best;
}

describe('CaseFinder (13.17)', () => {
  it('picks what a scan of every member picks, through adds and removes, small and large', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const finder = new CaseFinder();
    const members: { at: number; end: string }[] = [];
    let cases = 0;
    for (let i = 0; i < 3000; i++) {
      const end = addDays('2020-01-01', rand(3000));
      expect(finder.pick(end)).toBe(scan(members, end));
      // Mostly the case picked (as the importer does); sometimes a case of its own, or another, to make ties.
      const picked = scan(members, end);
      const at = picked >= 0 && rand(5) > 0 ? picked : rand(3) === 0 && cases > 0 ? rand(cases) : cases++;
      finder.add(at, end);
      members.push({ at, end });
      if (rand(10) === 0) {
        const [gone] = members.splice(rand(members.length), 1);
        finder.remove(gone!.at, gone!.end);
      }
    }
  });

  it('a pick probes at most the 241 days within reach, however many policies the vehicle has', () => {
    const finder = new CaseFinder();
    for (let i = 0; i < 20_000; i++) finder.add(0, addDays('2020-01-01', 400 * (i % 5)));
    finder.probes = 0;
    expect(finder.pick('2030-01-01')).toBe(-1); // nothing within reach: the worst case
    expect(finder.probes).toBe(2 * CASE_SPAN_DAYS + 1);
    finder.probes = 0;
    expect(finder.pick('2020-01-03')).toBe(0);
    expect(finder.probes).toBe(5); // gaps 0, 1 and 2
  });

  it('3,000 rows of one plate make the right cases', async () => {
    const ctx = await makeTestContext();
    // Ten clusters of end dates 400 days apart, each 50 days wide: ten cases of 300 policies (cluster c starts at day c * 401).
    const lines = ['plate,policy_no,kind,premium,end_date'];
    for (let k = 0; k < 3000; k++) lines.push(`粤A00001,P${k},${k % 2 ? '商业险' : '交强险'},100,${addDays('2020-01-01', (k % 10) * 400 + (k % 50))}`);
    const s = await run(ctx, csvFile(`${lines.join('\n')}\n`));
    expect(counts(s)).toEqual({ rows: 3000, imported: 3000, updated: 0, unchanged: 0, rejected: 0 });
    const cases = await ctx.db
      .selectFrom('renewal_cases')
      .innerJoin('policies', 'policies.case_id', 'renewal_cases.id')
      .select(['renewal_cases.due_date', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('renewal_cases.id')
      .orderBy('renewal_cases.due_date')
      .execute();
    expect(cases).toEqual(Array.from({ length: 10 }, (_, c) => ({ due_date: addDays('2020-01-01', c * 401), n: 300 })));
  });
});
