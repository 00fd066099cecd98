/**
 * The loss-reason evidence on a larger cohort than seed.ts: more noted cases than
 * examples (the latest three win, ties by order of recording), a case quoted once
 * with its latest note, a blank note skipped, an objection raised twice in one
 * case counted once, and a corrected entry ignored.
 */
import { describe, expect, it } from 'vitest';
import { buildMonthReport } from '../../src/features/report/build.js';
import { makeTestContext } from '../helpers/context.js';
import { addCase, record } from './seed.js';

describe('loss-reason examples', () => {
  it('quotes the three cases with the latest notes, one note per case, and counts objections per case', async () => {
    const ctx = await makeTestContext({ now: '2026-11-01 09:00' });
    const lost = (at: string, note: string | undefined, objections: string[] = []) =>
      ({ at, outcome: 'lost' as const, specialist: '张丽', reason: 'price', note, objections });
    const a = await addCase(ctx, '粤B00001', '张丽', '2026-10-03');
    await record(ctx, a, { at: '2026-09-20 10:00:00', outcome: 'callback', specialist: '张丽', nextAt: '2026-09-28 10:00', note: 'A 早的', objections: ['too_expensive'] },
      lost('2026-09-28 10:00:00', 'A 晚的', ['too_expensive', 'gift']));
    const b = await addCase(ctx, '粤B00002', '张丽', '2026-10-04');
    await record(ctx, b, lost('2026-09-27 10:00:00', 'B'));
    const c = await addCase(ctx, '粤B00003', '张丽', '2026-10-05');
    await record(ctx, c, lost('2026-09-28 10:00:00', 'C 同一时刻，后记录'));
    const d = await addCase(ctx, '粤B00004', '张丽', '2026-10-06');
    await record(ctx, d, lost('2026-09-29 10:00:00', '   ', ['telesales']));
    const e = await addCase(ctx, '粤B00005', '张丽', '2026-10-07');
    const [wrong] = await record(ctx, e, lost('2026-09-30 10:00:00', '记错了', ['gift']));
    await record(ctx, e, { ...lost('2026-09-30 10:00:00', undefined, ['too_expensive']), supersedesId: wrong?.id });
    const f = await addCase(ctx, '粤B00006', '张丽', '2026-10-08');
    await record(ctx, f, lost('2026-09-01 10:00:00', 'F 最早'));

    const report = await buildMonthReport(ctx, '2026-10');
    expect(report.lossReasons).toHaveLength(1);
    const [price] = report.lossReasons;
    expect(price?.count).toBe(6);
    expect(price?.examples.map((x) => [x.plate, x.at, x.note])).toEqual([
      ['粤B00003', '2026-09-28 10:00:00', 'C 同一时刻，后记录'],
      ['粤B00001', '2026-09-28 10:00:00', 'A 晚的'],
      ['粤B00002', '2026-09-27 10:00:00', 'B'],
    ]);
    expect(price?.objections.map((o) => [o.id, o.count])).toEqual([['too_expensive', 2], ['telesales', 1], ['gift', 1]]);
  });

  it('counts an objection id literally: LIKE wildcards in an id match only themselves', async () => {
    const ctx = await makeTestContext({ now: '2026-11-01 09:00' });
    const lost = (objections: string[]) => ({ at: '2026-09-28 10:00:00', outcome: 'lost' as const, specialist: '张丽', reason: 'price', objections });
    await record(ctx, await addCase(ctx, '粤B00001', '张丽', '2026-10-03'), lost(['a_b']));
    await record(ctx, await addCase(ctx, '粤B00002', '张丽', '2026-10-04'), lost(['axb', '50%']));
    await record(ctx, await addCase(ctx, '粤B00003', '张丽', '2026-10-05'), lost(['50']));
    const [price] = (await buildMonthReport(ctx, '2026-10')).lossReasons;
    expect(price?.objections.map((o) => [o.id, o.count])).toEqual([['50', 1], ['50%', 1], ['a_b', 1], ['axb', 1]]);
  });
});
