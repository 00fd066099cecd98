/**
 * The month report's activity per person (issue 16, docs/report.md): counted by the
 * register's actor over the month's entries still in force; an entry without an actor
 * counts for its specialist, else "unknown"; quotes by who typed them in; one store's
 * only with --store. Runs on both engines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { monthActivity } from '../../src/features/report/activity.js';
import { buildMonthReport } from '../../src/features/report/build.js';
import { renderReport } from '../../src/ui/report/render.js';
import { reportJson } from '../../src/ui/report/json.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { addCase, record } from './seed.js';

let ctx: TestContext;
afterEach(async () => ctx?.store.close());

async function addQuote(c: TestContext, caseId: number, vehicleId: number, createdAt: string, actor: string | null, specialist: string | null, source: 'entry' | 'import' = 'entry') {
  await c.db.insertInto('quotes').values({
    case_id: caseId, vehicle_id: vehicleId, insurer: '中国人保', plan: null, compulsory_cents: 95_000, tax_cents: 36_000, commercial_cents: 300_000,
    covers: '[]', ncd: null, pricing_factor: null, gifts: null, valid_until: '2026-11-30', note: null, source, natural_key: null, created_at: createdAt,
    specialist, actor,
  }).execute();
}

/** November: 王丽 works 张丽's cases, 李强 his own; an import renewal and an old entry carry no actor. */
async function seedNovember(c: TestContext): Promise<void> {
  const a = await addCase(c, '粤A00001', '张丽', '2026-12-10');
  await record(c, a,
    { at: '2026-11-02 10:00:00', outcome: 'no_answer', specialist: '张丽', actor: '王丽' },
    { at: '2026-11-03 10:00:00', outcome: 'callback', specialist: '张丽', actor: '王丽', nextAt: '2026-11-05 10:00' },
    { at: '2026-11-05 10:00:00', outcome: 'renewed', specialist: '张丽', actor: '王丽', insurer: '中国人保', premiumCents: 400_000 });
  const b = await addCase(c, '粤A00002', '张丽', '2026-12-12');
  await record(c, b,
    { at: '2026-11-04 10:00:00', outcome: 'unreachable', specialist: '张丽', actor: '王丽' },
    { at: '2026-11-06 10:00:00', outcome: 'proposal_sent', channel: 'wechat', specialist: '张丽', actor: '王丽' },
    // Before migration 0009: no actor, the vehicle's specialist worked it.
    { at: '2026-11-07 10:00:00', outcome: 'no_answer', specialist: '张丽' });
  const d = await addCase(c, '粤A00004', '李强', '2026-12-15');
  const [wrong] = await record(c, d, { at: '2026-11-08 10:00:00', outcome: 'lost', specialist: '李强', actor: '李强', reason: 'price' });
  // Corrected: the entry in force is a callback (still one call, by the same person).
  await record(c, d, { at: '2026-11-08 10:00:00', outcome: 'callback', specialist: '李强', actor: '李强', nextAt: '2026-11-20 10:00', supersedesId: wrong?.id });
  const e = await addCase(c, '粤A00005', null, '2026-11-20');
  // An import found this renewal: nobody made a contact, and the vehicle has no specialist.
  await record(c, e, { at: '2026-11-10 00:00:00', outcome: 'renewed', channel: 'import', insurer: '平安产险', premiumCents: 300_000 });
  // October: out of the month.
  await record(c, e, { at: '2026-10-31 23:59:59', outcome: 'no_answer', specialist: null, actor: '李强' });
  await addQuote(c, a.caseId, a.vehicleId, '2026-11-04 09:00:00', '王丽', '张丽');
  await addQuote(c, d.caseId, d.vehicleId, '2026-11-08 09:00:00', null, '李强');
  await addQuote(c, d.caseId, d.vehicleId, '2026-11-09 09:00:00', null, '李强', 'import');
  await addQuote(c, d.caseId, d.vehicleId, '2026-12-01 09:00:00', '李强', '李强');
}

describe('activity per person', () => {
  it('calls, customers called and reached, reach rate, renewals, quotes and proposals, by who did them', async () => {
    ctx = await makeTestContext({ now: '2026-12-01 09:00' });
    await seedNovember(ctx);
    expect(await monthActivity(ctx, '2026-11')).toEqual([
      { person: '王丽', calls: 4, called: 2, reached: 1, reachRate: 0.5, renewals: 1, quotes: 1, proposals: 1 },
      { person: '张丽', calls: 1, called: 1, reached: 0, reachRate: 0, renewals: 0, quotes: 0, proposals: 0 },
      { person: '李强', calls: 1, called: 1, reached: 1, reachRate: 1, renewals: 0, quotes: 1, proposals: 0 },
      { person: null, calls: 0, called: 0, reached: 0, reachRate: null, renewals: 1, quotes: 0, proposals: 0 },
    ]);
  });

  it('of one store\'s cases only with --store', async () => {
    ctx = await makeTestContext({ now: '2026-12-01 09:00' });
    await seedNovember(ctx);
    await ctx.db.insertInto('stores').values({ code: 'GZ01', name: '广州天河店', created_at: '2026-11-01 09:00:00' }).execute();
    await ctx.db.updateTable('renewal_cases').set({ store: 'GZ01' }).where('plate', '=', '粤A00004').execute();
    expect(await monthActivity(ctx, '2026-11', 'GZ01')).toEqual([
      { person: '李强', calls: 1, called: 1, reached: 1, reachRate: 1, renewals: 0, quotes: 1, proposals: 0 },
    ]);
  });

  it('is in the month report: JSON entries and the Markdown table, in both languages', async () => {
    ctx = await makeTestContext({ now: '2026-12-01 09:00' });
    await seedNovember(ctx);
    const report = await buildMonthReport(ctx, '2026-11');
    expect(reportJson(report).activity[0]).toEqual({
      person: '王丽', calls: 4, customers_called: 2, customers_reached: 1, reach_rate: 0.5, renewals: 1, quotes: 1, proposals_sent: 1,
    });
    const md = await renderReport(ctx, report, 'md');
    expect(md).toContain('## 人员工作量（按操作人）\n\n| 操作人 | 外呼次数 | 呼叫客户 | 接通客户 | 接通率 | 成交续保 | 录入报价 | 发送建议书 |\n');
    expect(md).toContain('| 王丽 | 4 | 2 | 1 | 50.0% | 1 | 1 | 1 |\n');
    expect(md).toContain('| 未知 | 0 | 0 | 0 | — | 1 | 0 | 0 |\n');
    const csv = await renderReport({ ...ctx, lang: 'en', t: (await import('../../src/i18n/index.js')).translator('en') }, report, 'csv');
    expect(csv).toContain('activity,王丽,reach_rate,0.5\r\n');
    expect(csv).toContain('activity,,renewals,1\r\n');
  });
});
