/** Every figure of the month's report, checked against a hand-built cohort (see seed.ts for the arithmetic). */
import { describe, expect, it } from 'vitest';
import { buildMonthReport } from '../../src/features/report/build.js';
import { maskPersonalNumbers } from '../../src/rules/mask.js';
import { monthRange, monthsEndingAt, previousMonth, shiftMonth } from '../../src/rules/month.js';
import { reportMonth, runReport } from '../../src/features/report/index.js';
import { renderReport } from '../../src/ui/report/render.js';
import { reportJson } from '../../src/ui/report/json.js';
import { RenewError } from '../../src/errors.js';
import { makeTestContext } from '../helpers/context.js';
import { addCase, addTarget, record, seedOctober } from './seed.js';

const NOW = '2026-11-01 09:00';

async function october(targets = true) {
  const ctx = await makeTestContext({ now: NOW });
  await seedOctober(ctx);
  if (targets) {
    await addTarget(ctx, '2026-10', '', { vehicles: 5, premiumCents: 2_000_000, rate: 0.5 });
    await addTarget(ctx, '2026-10', '张丽', { vehicles: 4 });
  }
  return ctx;
}

describe('months', () => {
  it('shifts across years and knows month lengths', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', 2)).toBe('2027-01');
    expect(previousMonth('2026-01-01')).toBe('2025-12');
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthsEndingAt('2026-02', 6)).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('reads --month: a value, bare (true) or absent means last month', () => {
    expect(reportMonth('2026-10', '2026-11-24')).toBe('2026-10');
    expect(reportMonth(true, '2026-11-01')).toBe('2026-10');
    expect(reportMonth(undefined, '2026-01-15')).toBe('2025-12');
    for (const bad of ['2026-13', '2026-1', '10/2026', '']) {
      expect(() => reportMonth(bad, '2026-11-01')).toThrow(RenewError);
    }
    try {
      reportMonth('2026-13', '2026-11-01');
    } catch (e) {
      expect((e as RenewError).key).toBe('errors.badMonth');
      expect((e as RenewError).vars).toEqual({ value: '2026-13' });
    }
  });
});

describe('the October cohort', () => {
  it('counts, rates, premiums, funnel and attainment exactly', async () => {
    const ctx = await october();
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect({ ...json, by_specialist: undefined, by_insurer: undefined, loss_reasons: undefined, unresolved: undefined, trend: undefined, price_gaps: undefined, customers: undefined, archive: undefined, activity: undefined }).toEqual({
      month: '2026-10',
      from: '2026-10-01',
      to: '2026-10-31',
      store: '本店',
      made_on: '2026-11-01',
      due: 9,
      renewed: 3,
      lost: 4,
      open: 2,
      renewed_by_import: 1,
      renewal_rate: 0.3333,
      renewed_premium: 11900,
      renewed_premium_split: { compulsory: 1900, commercial: 6000, unsplit: 4000 },
      targets: { vehicles: 5, premium: 20000, rate: 0.5 },
      attainment: { vehicles: 0.6, premium: 0.595, rate: 0.6667 },
      funnel: { due: 9, sms_sent: 4, reached: 6, quoted: 3, proposal_sent: 0, renewed: 3 },
      by_specialist: undefined,
      by_insurer: undefined,
      loss_reasons: undefined,
      unresolved: undefined,
      trend: undefined,
    });
    // October's entries: 张丽's call renewing November's case, and an imported renewal nobody's (no actor, no specialist).
    expect(json.activity).toEqual([
      { person: '张丽', calls: 1, customers_called: 1, customers_reached: 1, reach_rate: 1, renewals: 1, quotes: 0, proposals_sent: 0 },
      { person: null, calls: 0, customers_called: 0, customers_reached: 0, reach_rate: null, renewals: 1, quotes: 0, proposals_sent: 0 },
    ]);
  });

  it('per specialist, with a partial target for one and none for the other', async () => {
    const ctx = await october();
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.by_specialist).toEqual([
      {
        specialist: '张丽', due: 4, renewed: 2, lost: 1, open: 1, renewed_by_import: 1, renewal_rate: 0.5, renewed_premium: 7900,
        targets: { vehicles: 4, premium: null, rate: null }, attainment: { vehicles: 0.5, premium: null, rate: null },
      },
      {
        specialist: '王强', due: 4, renewed: 1, lost: 3, open: 0, renewed_by_import: 0, renewal_rate: 0.25, renewed_premium: 4000,
        targets: null, attainment: null,
      },
      {
        specialist: null, due: 1, renewed: 0, lost: 0, open: 1, renewed_by_import: 0, renewal_rate: 0, renewed_premium: 0,
        targets: null, attainment: null,
      },
    ]);
  });

  it('the insurer mix of renewed premium', async () => {
    const ctx = await october();
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.by_insurer).toEqual([
      { insurer: '中国人保', renewed: 2, premium: 8150, share: 0.6849 },
      { insurer: '平安产险', renewed: 1, premium: 3750, share: 0.3151 },
    ]);
  });

  it('one row per insurer, also for renewals recorded under another of its names before names were mapped', async () => {
    const ctx = await october();
    const first = await ctx.db.selectFrom('renewal_cases').select((eb) => eb.fn.min('id').as('id')).where('renewed_insurer', '=', '中国人保').executeTakeFirstOrThrow();
    await ctx.db.updateTable('renewal_cases').set({ renewed_insurer: '人保财险' }).where('id', '=', first.id as number).execute();
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.by_insurer.map((r) => [r.insurer, r.renewed])).toEqual([['中国人保', 2], ['平安产险', 1]]);
  });

  it('loss reasons most common first, with objections (named as in the call menu) and notes from entries in force, and actions for the top ones', async () => {
    const ctx = await october();
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.loss_reasons.map((r) => ({ ...r, action: r.action?.slice(0, 8) ?? null }))).toEqual([
      {
        reason: 'price', label: '价格高于预期', count: 2, share: 0.3333,
        objections: [{ id: 'too_expensive', label: '太贵了', count: 2 }, { id: 'loyal_discount', label: '老客户应该更便宜', count: 1 }],
        examples: [
          { plate: '粤A10005', specialist: '王强', at: '2026-09-25 16:00:00', note: '嫌贵，让联系他爱人138****5678' },
          { plate: '粤A10004', specialist: '张丽', at: '2026-09-15 10:30:00', note: '老客户要再便宜，最终去电销' },
        ],
        action: '报价前先核对险种',
      },
      // October has ended: its two open cases count as "no outcome recorded", with their action in the plan.
      { reason: 'no_outcome', label: '未记录结果', count: 2, share: 0.3333, objections: [], examples: [], action: '月底前把当月到期' },
      {
        // The first entry (reason "other", objection "gift", note "登记错了") was corrected: none of it shows.
        reason: 'telesales', label: '保险公司电销/网销更便宜', count: 1, share: 0.1667,
        objections: [{ id: 'telesales', label: '电销更便宜', count: 1 }],
        examples: [{ plate: '粤A10006', specialist: '王强', at: '2026-09-26 09:00:00', note: '电销便宜200元' }],
        action: '在到期前 60 ',
      },
      { reason: null, label: '未填写原因', count: 1, share: 0.1667, objections: [], examples: [], action: null },
    ]);
  });

  it('an ended month lists its open cases: plate, days since cover ended, calls, last call', async () => {
    const ctx = await october();
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.unresolved).toEqual([
      { plate: '粤A10007', specialist: null, due_date: '2026-10-30', days_since_end: 2, attempts: 1, last_contact: '2026-09-30 10:00:00' },
      { plate: '粤A10008', specialist: '张丽', due_date: '2026-10-31', days_since_end: 1, attempts: 0, last_contact: null },
    ]);
  });

  it('a month still running lists no unresolved cases and keeps them out of the loss analysis', async () => {
    const ctx = await makeTestContext({ now: '2026-10-31 18:00' });
    await seedOctober(ctx);
    const report = await buildMonthReport(ctx, '2026-10');
    expect(report.unresolved).toEqual([]);
    expect(report.lossReasons.map((r) => [r.reason, r.count])).toEqual([['price', 2], ['telesales', 1], [null, 1]]);
  });

  it('the plan covers the unresolved cases even when other reasons are more common', async () => {
    const ctx = await makeTestContext({ now: NOW });
    for (const [i, reason] of ['price', 'price', 'price', 'telesales', 'telesales', 'sold', 'sold', 'moved', 'moved'].entries()) {
      await record(ctx, await addCase(ctx, `粤C0000${i}`, '张丽', '2026-10-05'), { at: '2026-09-01 10:00:00', outcome: 'lost', specialist: '张丽', reason });
    }
    await addCase(ctx, '粤C00010', '张丽', '2026-10-06');
    const report = await buildMonthReport(ctx, '2026-10');
    expect(report.lossReasons.map((r) => [r.reason, r.count, r.action !== null])).toEqual([
      ['price', 3, true], ['telesales', 2, true], ['sold', 2, true], ['moved', 2, false], ['no_outcome', 1, true],
    ]);
  });

  it('masks mobile and ID numbers typed into notes, not other digits', () => {
    expect(maskPersonalNumbers('打13812345678或身份证44010619900101123X，报价3800，订单号202611240001')).toBe(
      '打138****5678或身份证440***********123X，报价3800，订单号202611240001',
    );
  });

  it('shows full numbers in notes only with --reveal', async () => {
    const ctx = await october();
    const report = await buildMonthReport({ ...ctx, reveal: true }, '2026-10');
    expect(report.lossReasons[0]?.examples[0]?.note).toBe('嫌贵，让联系他爱人13812345678');
  });

  it('a six-month trend ending with the month, empty months as absent rates', async () => {
    const ctx = await october();
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.trend).toEqual([
      { month: '2026-05', due: 0, renewed: 0, renewal_rate: null, renewed_premium: 0 },
      { month: '2026-06', due: 0, renewed: 0, renewal_rate: null, renewed_premium: 0 },
      { month: '2026-07', due: 0, renewed: 0, renewal_rate: null, renewed_premium: 0 },
      { month: '2026-08', due: 1, renewed: 0, renewal_rate: 0, renewed_premium: 0 },
      { month: '2026-09', due: 2, renewed: 1, renewal_rate: 0.5, renewed_premium: 3000 },
      { month: '2026-10', due: 9, renewed: 3, renewal_rate: 0.3333, renewed_premium: 11900 },
    ]);
  });

  it('without targets: targets and attainment are null, not zero', async () => {
    const ctx = await october(false);
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.targets).toBeNull();
    expect(json.attainment).toBeNull();
    expect(json.by_specialist.map((s) => [s.targets, s.attainment])).toEqual([[null, null], [null, null], [null, null]]);
  });

  it('a target with only some figures leaves the others null', async () => {
    const ctx = await october(false);
    await addTarget(ctx, '2026-10', '', { rate: 0.4 });
    await addTarget(ctx, '2026-10', '赵敏', { vehicles: 10, premiumCents: 100_000 });
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.targets).toEqual({ vehicles: null, premium: null, rate: 0.4 });
    expect(json.attainment).toEqual({ vehicles: null, premium: null, rate: 0.8333 });
    // A specialist with a target but no cases still gets a row, reached 0 of 10.
    expect(json.by_specialist.find((s) => s.specialist === '赵敏')).toEqual({
      specialist: '赵敏', due: 0, renewed: 0, lost: 0, open: 0, renewed_by_import: 0, renewal_rate: null, renewed_premium: 0,
      targets: { vehicles: 10, premium: 1000, rate: null }, attainment: { vehicles: 0, premium: 0, rate: null },
    });
  });

  it('a correction that turns a loss into a renewal moves the case out of the loss reasons', async () => {
    const ctx = await makeTestContext({ now: NOW });
    const c = await addCase(ctx, '粤B00001', '张丽', '2026-10-05');
    const [lost] = await record(ctx, c, { at: '2026-09-01 10:00:00', outcome: 'lost', reason: 'price', note: '嫌贵' });
    await record(ctx, c, { at: '2026-09-01 10:00:00', outcome: 'renewed', insurer: '中国人保', premiumCents: 350_000, supersedesId: lost?.id });
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect([json.due, json.renewed, json.lost, json.renewed_premium, json.loss_reasons]).toEqual([1, 1, 0, 3500, []]);
  });

  it('an import renewal counts in renewed, premium by kind and the import count', async () => {
    const ctx = await makeTestContext({ now: NOW });
    const c = await addCase(ctx, '粤B00002', null, '2026-10-05');
    await record(ctx, c,
      { at: '2026-09-01 10:00:00', outcome: 'lost', reason: 'telesales' },
      { at: '2026-10-04 00:00:00', outcome: 'renewed', channel: 'import', insurer: '平安产险', kinds: ['commercial'], premiumCents: 250_050 });
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect([json.renewed, json.lost, json.renewed_by_import, json.renewed_premium, json.renewed_premium_split]).toEqual([
      1, 0, 1, 2500.5, { compulsory: 0, commercial: 2500.5, unsplit: 0 },
    ]);
  });
});

describe('an empty month', () => {
  it('says so on screen, exits normally, and still gives JSON with zeros', async () => {
    const ctx = await october();
    await runReport(ctx, { month: '2026-03', format: 'tty' }, renderReport);
    expect(ctx.stdout.text).toBe('本店 · 2026年3月续保月报\n到期日 2026-03-01 至 2026-03-31 · 制表 2026-11-01\n\n2026年3月没有到期的续保案件，无可统计内容。\n');
    expect(ctx.stderr.text).toBe('确认已导入该月到期的保单（renew import），或换一个月份：renew report --month YYYY-MM\n');

    const json = await makeTestContext({ now: NOW });
    await runReport(json, { month: true, format: 'json' }, renderReport);
    const value = JSON.parse(json.stdout.text);
    expect([value.month, value.due, value.renewal_rate, value.renewed_premium, value.targets, value.loss_reasons, value.by_specialist]).toEqual([
      '2026-10', 0, null, 0, null, [], [],
    ]);
  });
});
