import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/rules/clock.js';
import { saveSetting } from '../../src/storage/queries/settings.js';
import { runToday } from '../../src/commands/today.js';
import type { TodayRunOptions } from '../../src/features/today/run.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { seedCase, seedEvents } from '../helpers/seed-cases.js';

const TODAY = '2026-11-24';
const day = (n: number) => addDays(TODAY, n);
let ctx: TestContext;
afterEach(async () => ctx?.store.close());

type Doc = Record<'callbacks' | 'calls' | 'sms' | 'lapsed', { plate: string; [k: string]: unknown }[]> & Record<string, unknown>;
async function queueOf(c: TestContext, options: Partial<TodayRunOptions> = {}): Promise<Doc> {
  c.stdout.text = '';
  await runToday(c, { format: 'json', ...options });
  return JSON.parse(c.stdout.text) as Doc;
}
const plates = (doc: Doc) => ({
  callbacks: doc.callbacks.map((e) => e.plate),
  calls: doc.calls.map((e) => e.plate),
  sms: doc.sms.map((e) => e.plate),
  lapsed: doc.lapsed.map((e) => e.plate),
});

describe('renew today: group boundaries (call lead 45, sms lead 60)', () => {
  it('puts day 0, 45, 46, 60, 61 and -1 where they belong', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤A00000', end: day(0) });
    await seedCase(ctx.db, { plate: '粤A00045', end: day(45) });
    await seedCase(ctx.db, { plate: '粤A00046', end: day(46) });
    await seedCase(ctx.db, { plate: '粤A00060', end: day(60) });
    await seedCase(ctx.db, { plate: '粤A00061', end: day(61) });
    await seedCase(ctx.db, { plate: '粤A0000L', end: day(-1) });
    const doc = await queueOf(ctx);
    expect(plates(doc)).toEqual({
      callbacks: [],
      calls: ['粤A00000', '粤A00045'],
      sms: ['粤A00000', '粤A00045', '粤A00046', '粤A00060'],
      lapsed: ['粤A0000L'],
    });
    expect(doc.lapsed[0]?.days_left).toBe(-1);
    expect(doc.calls.map((e) => e.days_left)).toEqual([0, 45]);
  });

  it('follows the lead settings', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await saveSetting(ctx.db, 'call_lead_days', '10', TODAY);
    await saveSetting(ctx.db, 'sms_lead_days', '20', TODAY);
    await seedCase(ctx.db, { plate: '粤A00010', end: day(10) });
    await seedCase(ctx.db, { plate: '粤A00011', end: day(11) });
    await seedCase(ctx.db, { plate: '粤A00021', end: day(21) });
    expect(plates(await queueOf(ctx))).toEqual({ callbacks: [], calls: ['粤A00010'], sms: ['粤A00010', '粤A00011'], lapsed: [] });
  });

  it('lists lapsed cases back to lapsed_days, most recent first', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤A00090', end: day(-90) });
    await seedCase(ctx.db, { plate: '粤A00091', end: day(-91) });
    await seedCase(ctx.db, { plate: '粤A00005', end: day(-5) });
    const doc = await queueOf(ctx);
    expect(plates(doc).lapsed).toEqual(['粤A00005', '粤A00090']);
    expect(doc.lapsed.map((e) => e.days_left)).toEqual([-5, -90]);
  });
});

describe('renew today: cases and vehicles', () => {
  it('shows both end dates when compulsory and commercial differ, the earliest as end_date', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤B12345', compulsoryEnd: day(7), commercialEnd: day(26) });
    await seedCase(ctx.db, { plate: '粤B00001', compulsoryEnd: day(3), commercialEnd: null });
    const doc = await queueOf(ctx);
    const differ = doc.calls.find((e) => e.plate === '粤B12345');
    expect(differ).toMatchObject({ end_date: day(7), days_left: 7, compulsory_end: day(7), commercial_end: day(26), ends_differ: true, kinds: ['compulsory', 'commercial'] });
    const single = doc.calls.find((e) => e.plate === '粤B00001');
    expect(single).toMatchObject({ end_date: day(3), kinds: ['compulsory'], commercial_end: null, ends_differ: false });
  });

  it('never shows renewed or lost cases', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    const renewed = await seedCase(ctx.db, { plate: '粤C00001', end: day(10) });
    const lost = await seedCase(ctx.db, { plate: '粤C00002', end: day(-3) });
    await seedCase(ctx.db, { plate: '粤C00003', end: day(10) });
    await seedEvents(ctx.db, renewed, [{ at: `${day(-1)} 11:00:00`, outcome: 'renewed' }]);
    await seedEvents(ctx.db, lost, [{ at: `${day(-1)} 11:00:00`, outcome: 'lost', reason: 'price' }]);
    expect(plates(await queueOf(ctx))).toEqual({ callbacks: [], calls: ['粤C00003'], sms: ['粤C00003'], lapsed: [] });
  });

  it('lists callbacks due today or earlier by booked time; a later callback hides the vehicle', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    const afternoon = await seedCase(ctx.db, { plate: '粤D00001', end: day(20) });
    const overdue = await seedCase(ctx.db, { plate: '粤D00002', end: day(30) });
    const later = await seedCase(ctx.db, { plate: '粤D00003', end: day(15) });
    await seedEvents(ctx.db, afternoon, [{ at: `${day(-2)} 10:00:00`, outcome: 'callback', nextAt: `${TODAY} 15:00` }]);
    await seedEvents(ctx.db, overdue, [{ at: `${day(-3)} 10:00:00`, outcome: 'callback', nextAt: `${day(-1)} 09:30` }]);
    await seedEvents(ctx.db, later, [{ at: `${day(-1)} 10:00:00`, outcome: 'callback', nextAt: `${day(2)} 10:00` }]);
    const doc = await queueOf(ctx);
    expect(plates(doc)).toEqual({ callbacks: ['粤D00002', '粤D00001'], calls: [], sms: ['粤D00001', '粤D00002'], lapsed: [] });
    expect(doc.callbacks.map((e) => e.callback_at)).toEqual([`${day(-1)} 09:30`, `${TODAY} 15:00`]);
  });

  it('a callback on a case outside the windows still comes up on its day', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    const far = await seedCase(ctx.db, { plate: '粤D00009', end: day(100) });
    await seedEvents(ctx.db, far, [{ at: `${day(-2)} 10:00:00`, outcome: 'callback', nextAt: `${TODAY} 11:00` }]);
    expect(plates(await queueOf(ctx)).callbacks).toEqual(['粤D00009']);
  });

  it('ignores a stale callback, booked longer ago than lapsed_days', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    const stale = await seedCase(ctx.db, { plate: '粤D00091', end: day(10) });
    const kept = await seedCase(ctx.db, { plate: '粤D00090', end: day(-30) });
    await seedEvents(ctx.db, stale, [{ at: `${day(-120)} 10:00:00`, outcome: 'callback', nextAt: `${day(-91)} 10:00` }]);
    await seedEvents(ctx.db, kept, [{ at: `${day(-120)} 10:00:00`, outcome: 'callback', nextAt: `${day(-90)} 10:00` }]);
    // The stale booking is ignored: the case is an ordinary call again.
    expect(plates(await queueOf(ctx))).toEqual({ callbacks: ['粤D00090'], calls: ['粤D00091'], sms: ['粤D00091'], lapsed: [] });
    expect(plates(await queueOf(ctx, { group: 'callbacks' })).callbacks).toEqual(['粤D00090']);
  });

  it('after three unanswered calls today a vehicle waits until tomorrow', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 16:00`, isTTY: true });
    const three = await seedCase(ctx.db, { plate: '粤E00003', end: day(10) });
    const two = await seedCase(ctx.db, { plate: '粤E00002', end: day(10) });
    const yesterday = await seedCase(ctx.db, { plate: '粤E0000Y', end: day(10) });
    const calls = (d: string, n: number) => Array.from({ length: n }, (_, i) => ({ at: `${d} 1${i}:00:00`, outcome: 'no_answer' as const }));
    await seedEvents(ctx.db, three, [...calls(TODAY, 2), { at: `${TODAY} 12:00:00`, outcome: 'unreachable' }]);
    await seedEvents(ctx.db, two, calls(TODAY, 2));
    await seedEvents(ctx.db, yesterday, calls(day(-1), 3));
    const doc = await queueOf(ctx);
    expect(plates(doc).calls).toEqual(['粤E00002', '粤E0000Y']);
    // Tomorrow it is back.
    expect(plates(await queueOf(ctx, { date: day(1) })).calls).toEqual(['粤E00002', '粤E00003', '粤E0000Y']);
    ctx.stdout.text = '';
    await runToday(ctx, { format: 'screen' });
    expect(ctx.stdout.text).toContain('1 辆车今天已多次未接通，明天再打。');
  });

  it('never suggests a do-not-call customer for calls, callbacks or sms; lapsed shows the mark', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    const dnc = await seedCase(ctx.db, { plate: '粤F00001', end: day(5) });
    const expired = await seedCase(ctx.db, { plate: '粤F00002', end: day(5) });
    const lapsed = await seedCase(ctx.db, { plate: '粤F00003', end: day(-2) });
    await seedEvents(ctx.db, dnc, [{ at: `${day(-1)} 10:00:00`, outcome: 'callback', nextAt: `${TODAY} 10:00` }, { at: `${day(-1)} 11:00:00`, outcome: 'do_not_call', until: day(30) }]);
    await seedEvents(ctx.db, expired, [{ at: `${day(-20)} 10:00:00`, outcome: 'do_not_call', until: day(-1) }]);
    await seedEvents(ctx.db, lapsed, [{ at: `${day(-5)} 10:00:00`, outcome: 'do_not_call', until: day(30) }]);
    const doc = await queueOf(ctx);
    expect(plates(doc)).toEqual({ callbacks: [], calls: ['粤F00002'], sms: ['粤F00002'], lapsed: ['粤F00003'] });
    expect(doc.lapsed[0]?.do_not_call).toBe(true);
  });

  it('drops a case from sms once its renewal SMS is recorded', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    const sent = await seedCase(ctx.db, { plate: '粤G00001', end: day(50) });
    await seedCase(ctx.db, { plate: '粤G00002', end: day(50) });
    await seedEvents(ctx.db, sent, [{ at: `${day(-1)} 09:00:00`, outcome: 'sms_sent' }]);
    expect(plates(await queueOf(ctx)).sms).toEqual(['粤G00002']);
  });
});

describe('renew today: priority order and filters', () => {
  it('orders calls by priority: loan and premium raise, attempts lower, closeness counts most', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤H00001', end: day(10) });
    await seedCase(ctx.db, { plate: '粤H00002', end: day(10), installment: true });
    await seedCase(ctx.db, { plate: '粤H00003', end: day(2) });
    const tried = await seedCase(ctx.db, { plate: '粤H00004', end: day(10), premiumCents: 900_000 });
    await seedEvents(ctx.db, tried, [{ at: `${day(-3)} 10:00:00`, outcome: 'no_answer' }, { at: `${day(-2)} 10:00:00`, outcome: 'no_answer' }]);
    const doc = await queueOf(ctx);
    // days 2: 43*2+4 = 90; loan: 35*2+15+4 = 89; premium 9k, 2 attempts: 70-6+9 = 73; plain: 70+4 = 74.
    expect(doc.calls.map((e) => [e.plate, e.priority])).toEqual([['粤H00003', 90], ['粤H00002', 89], ['粤H00001', 74], ['粤H00004', 73]]);
  });

  it('filters by specialist, group and limit', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤J00001', end: day(1), specialist: '小王' });
    await seedCase(ctx.db, { plate: '粤J00002', end: day(2), specialist: '小李' });
    await seedCase(ctx.db, { plate: '粤J00003', end: day(3), specialist: '小李' });
    await seedCase(ctx.db, { plate: '粤J00004', end: day(-3), specialist: '小李' });
    expect(plates(await queueOf(ctx, { specialist: '小李' }))).toEqual({ callbacks: [], calls: ['粤J00002', '粤J00003'], sms: ['粤J00002', '粤J00003'], lapsed: ['粤J00004'] });
    expect(plates(await queueOf(ctx, { group: 'lapsed' }))).toEqual({ callbacks: [], calls: [], sms: [], lapsed: ['粤J00004'] });
    expect(plates(await queueOf(ctx, { limit: 1 }))).toEqual({ callbacks: [], calls: ['粤J00001'], sms: ['粤J00001'], lapsed: ['粤J00004'] });
  });

  it('--group reads only its range and gives the same group as the whole queue', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤L00001', end: day(3) });
    await seedCase(ctx.db, { plate: '粤L00002', end: day(50) });
    await seedCase(ctx.db, { plate: '粤L00003', end: day(-4) });
    const lapsedCb = await seedCase(ctx.db, { plate: '粤L00004', end: day(-2) });
    await seedEvents(ctx.db, lapsedCb, [{ at: `${day(-3)} 10:00:00`, outcome: 'callback', nextAt: `${TODAY} 09:00` }]);
    const upcomingCb = await seedCase(ctx.db, { plate: '粤L00005', end: day(10) });
    await seedEvents(ctx.db, upcomingCb, [{ at: `${day(-3)} 10:00:00`, outcome: 'callback', nextAt: `${TODAY} 16:00` }]);
    const later = await seedCase(ctx.db, { plate: '粤L00006', end: day(12) });
    await seedEvents(ctx.db, later, [{ at: `${day(-3)} 10:00:00`, outcome: 'callback', nextAt: `${day(3)} 16:00` }]);
    const whole = plates(await queueOf(ctx));
    expect(whole).toEqual({ callbacks: ['粤L00004', '粤L00005'], calls: ['粤L00001'], sms: ['粤L00001', '粤L00005', '粤L00002'], lapsed: ['粤L00003'] });
    for (const group of ['callbacks', 'calls', 'sms', 'lapsed'] as const) {
      expect(plates(await queueOf(ctx, { group }))[group]).toEqual(whole[group]);
    }
  });

  it('--date builds the queue for another day', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤K00001', end: '2027-01-01' });
    const doc = await queueOf(ctx, { date: '2026-12-31' });
    expect(doc.date).toBe('2026-12-31');
    expect(doc.calls.map((e) => e.days_left)).toEqual([1]);
  });
});
