/**
 * The month report's customer figures (base, insured rate, cover started by business
 * type, first-year renewal rate), every one checked against a hand-built cohort for
 * October 2026. The boundaries (customerDates('2026-10')): the base's policies end on
 * or after 2025-11-01; cover is counted on 2026-10-31; a policy without a start date
 * has started when it ends before 2027-10-31; a new car is first registered on or
 * after 2025-09-01. Runs on both engines.
 */
import { describe, expect, it } from 'vitest';
import { buildMonthReport } from '../../src/features/report/build.js';
import { customerDates } from '../../src/rules/customer-base.js';
import { renderReport } from '../../src/ui/report/render.js';
import type { Business, VehicleStatus } from '../../src/storage/schema.js';
import { reportJson } from '../../src/ui/report/json.js';
import { caseCopies } from '../helpers/case-copies.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { record } from './seed.js';

const STAMP = '2026-08-01 09:00:00';

interface Car {
  business?: Business;
  status?: VehicleStatus;
  purged?: boolean;
  registered?: string;
}

async function car(ctx: TestContext, plate: string, c: Car = {}): Promise<number> {
  const row = await ctx.db
    .insertInto('vehicles')
    .values({
      plate, specialist: '张丽', business: c.business ?? null, status: c.status ?? null, purged_at: c.purged ? STAMP : null,
      first_registration: c.registered ?? null, created_at: STAMP, updated_at: STAMP,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A commercial (or compulsory) policy from `start` (null: not given) to `end`, in `caseId`, renewing `renews`. */
async function policy(ctx: TestContext, vehicleId: number, start: string | null, end: string, o: { kind?: 'compulsory' | 'commercial'; caseId?: number; renews?: number } = {}) {
  const kind = o.kind ?? 'commercial';
  await ctx.db
    .insertInto('policies')
    .values({
      vehicle_id: vehicleId, case_id: o.caseId ?? null, renews_case_id: o.renews ?? null, kind, insurer: '中国人保',
      natural_key: `K|${vehicleId}|${kind}|${end}`, premium_cents: 300_000, start_date: start, end_date: end, created_at: STAMP, updated_at: STAMP,
    })
    .execute();
}

/** A renewal case of the vehicle due on `due`, left open or closed through the register. */
async function caseDue(ctx: TestContext, vehicleId: number, due: string, outcome?: 'renewed' | 'lost'): Promise<number> {
  const row = await ctx.db
    .insertInto('renewal_cases')
    .values({ ...(await caseCopies(ctx.db, vehicleId)), vehicle_id: vehicleId, due_date: due, commercial_end: due, created_at: STAMP, updated_at: STAMP })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (outcome === 'renewed') await record(ctx, { caseId: row.id, vehicleId }, { at: '2026-09-20 10:00:00', outcome, insurer: '中国人保', premiumCents: 300_000 });
  if (outcome === 'lost') await record(ctx, { caseId: row.id, vehicleId }, { at: '2026-09-20 10:00:00', outcome, reason: 'price' });
  return row.id;
}

/**
 * Eighteen vehicles. In the base (14): 05 06 07 08 09 10 11 12 13 14 16 17 18 20;
 * insured on 10-31 (9): 06 08 10 11 12 13 14 16 17. Cover started in October: new
 * 01 (sold: still counted) and 12; renewal 06 (by its type), 08 and 10 (renewing
 * policies, whatever their type); switch 11; unknown 13. October's cases (7): 08
 * renewed, 09 lost, 10 renewed, 16 renewed, 17 lost, 18 open, 20 open; first-year
 * among them (3): 08 (新保), 09 and 20 (no type, registered on or after 2025-09-01),
 * of which 08 renewed.
 */
async function seedCohort(ctx: TestContext): Promise<void> {
  // Out of the base: sold (its new policy still counts as October's new cover), scrapped, purged.
  await policy(ctx, await car(ctx, '粤A00001', { status: 'sold', business: 'new' }), '2026-10-03', '2027-10-02');
  await policy(ctx, await car(ctx, '粤A00002', { status: 'scrapped' }), '2025-03-02', '2026-03-01');
  await policy(ctx, await car(ctx, '粤A00003', { purged: true }), '2025-12-01', '2026-11-30');
  // Lapsed more than 12 months ago: out. Ended on the base's first day: in, not insured.
  await policy(ctx, await car(ctx, '粤A00004'), '2024-10-21', '2025-10-20');
  await policy(ctx, await car(ctx, '粤A00005'), '2024-11-02', '2025-11-01');
  // A renewal customer (by the import's column) whose cover started in October.
  await policy(ctx, await car(ctx, '粤A00006', { business: 'renewal' }), '2026-10-08', '2027-10-07');
  // Lapsed within the 12 months: in the base, not insured.
  await policy(ctx, await car(ctx, '粤A00007'), '2025-07-01', '2026-06-30');
  // A new car's first year, renewed: a first-year case; the renewing policy is October's renewal, not a new car.
  const v8 = await car(ctx, '粤A00008', { business: 'new', registered: '2025-10-08' });
  const c8 = await caseDue(ctx, v8, '2026-10-09', 'renewed');
  await policy(ctx, v8, '2025-10-10', '2026-10-09', { caseId: c8 });
  await policy(ctx, v8, '2026-10-10', '2027-10-09', { renews: c8 });
  // A new car (no type recorded, registered 2025-10-01) lost after its first year.
  const v9 = await car(ctx, '粤A00009', { registered: '2025-10-01' });
  await policy(ctx, v9, '2025-10-15', '2026-10-14', { caseId: await caseDue(ctx, v9, '2026-10-14', 'lost') });
  // A new car in its second year: an earlier case exists, so not first-year.
  const v10 = await car(ctx, '粤A00010', { business: 'new', registered: '2024-10-05' });
  const a10 = await caseDue(ctx, v10, '2025-10-04');
  const b10 = await caseDue(ctx, v10, '2026-10-04', 'renewed');
  await policy(ctx, v10, '2024-10-05', '2025-10-04', { caseId: a10 });
  await policy(ctx, v10, '2025-10-05', '2026-10-04', { caseId: b10, renews: a10 });
  await policy(ctx, v10, '2026-10-05', '2027-10-04', { renews: b10 });
  // Switched in this month; a new car sold this month; cover started with no type recorded.
  await policy(ctx, await car(ctx, '粤A00011', { business: 'switch' }), '2026-10-20', '2027-10-19');
  await policy(ctx, await car(ctx, '粤A00012', { business: 'new', registered: '2026-10-12' }), '2026-10-12', '2027-10-11');
  await policy(ctx, await car(ctx, '粤A00013', { registered: '2019-05-01' }), '2026-10-05', '2027-10-04');
  // No start dates: one ending before 2027-10-31 has started (insured); one ending after has not (out).
  await policy(ctx, await car(ctx, '粤A00014'), null, '2027-05-31');
  await policy(ctx, await car(ctx, '粤A00015'), null, '2027-11-15');
  // Cover ending on the month's last day is in force on it; the early renewal starting 11-01 is not October's.
  // Registered 2025-08-31, one day before the new-car limit: its October case is not first-year.
  const v16 = await car(ctx, '粤A00016', { registered: '2025-08-31' });
  const c16 = await caseDue(ctx, v16, '2026-10-31', 'renewed');
  await policy(ctx, v16, '2025-11-01', '2026-10-31', { caseId: c16 });
  await policy(ctx, v16, '2026-11-01', '2027-10-31', { renews: c16 });
  // Compulsory lapsed in October, commercial in force: insured (either kind counts).
  const v17 = await car(ctx, '粤A00017', { business: 'renewal' });
  const c17 = await caseDue(ctx, v17, '2026-10-20', 'lost');
  await policy(ctx, v17, '2025-10-21', '2026-10-20', { kind: 'compulsory', caseId: c17 });
  await policy(ctx, v17, '2025-12-01', '2026-11-30', { caseId: c17 });
  // Switched in last year with a young car: its first case here is not a new car's first year.
  const v18 = await car(ctx, '粤A00018', { business: 'switch', registered: '2025-10-01' });
  await policy(ctx, v18, '2025-10-26', '2026-10-25', { caseId: await caseDue(ctx, v18, '2026-10-25') });
  // Cover only from next month: out of October's base.
  await policy(ctx, await car(ctx, '粤A00019', { business: 'new', registered: '2026-11-02' }), '2026-11-02', '2027-11-01');
  // A new car registered on the limit day, its first case still open.
  const v20 = await car(ctx, '粤A00020', { registered: '2025-09-01' });
  await policy(ctx, v20, '2025-10-03', '2026-10-02', { caseId: await caseDue(ctx, v20, '2026-10-02') });
}

describe('customer figures of the month report', () => {
  it('the boundary days of October 2026, and of a February in a leap year', () => {
    expect(customerDates('2026-10')).toEqual({
      from: '2026-10-01', to: '2026-10-31', baseFrom: '2025-11-01', undatedEndsBefore: '2027-10-31', newCarFrom: '2025-09-01',
    });
    expect(customerDates('2028-02')).toEqual({
      from: '2028-02-01', to: '2028-02-29', baseFrom: '2027-03-01', undatedEndsBefore: '2029-02-28', newCarFrom: '2027-01-01',
    });
  });

  it('base, insured rate, cover started by business type and first-year renewal rate, exactly', async () => {
    const ctx = await makeTestContext({ now: '2026-11-01 09:00' });
    await seedCohort(ctx);
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.customers).toEqual({
      base: 14,
      insured: 9,
      insured_rate: 0.6429,
      started: { new: 2, renewal: 3, switch: 1, unknown: 1 },
      first_year_due: 3,
      first_year_renewed: 1,
      first_year_renewal_rate: 0.3333,
    });
    // Beside the overall rate of the same cohort.
    expect([json.due, json.renewed, json.lost, json.open, json.renewal_rate]).toEqual([7, 3, 2, 2, 0.4286]);
  });

  it('an empty store: zeros and absent rates, never a division by zero', async () => {
    const ctx = await makeTestContext({ now: '2026-11-01 09:00' });
    const json = reportJson(await buildMonthReport(ctx, '2026-10'));
    expect(json.customers).toEqual({
      base: 0, insured: 0, insured_rate: null, started: { new: 0, renewal: 0, switch: 0, unknown: 0 }, first_year_due: 0, first_year_renewed: 0, first_year_renewal_rate: null,
    });
  });

  it('the screen, Markdown and CSV show the figures and the definitions with the month\'s days, in both languages', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const ctx = await makeTestContext({ now: '2026-11-01 09:00', lang });
      await seedCohort(ctx);
      const report = await buildMonthReport(ctx, '2026-10');
      const tty = await renderReport(ctx, report, 'tty', 100);
      const md = await renderReport(ctx, report, 'md');
      const csv = await renderReport(ctx, report, 'csv');
      if (lang === 'zh-CN') {
        expect(tty).toContain('▌客户基盘与在保率\n');
        expect(tty).toMatch(/在保率 +64\.3%\n/);
        expect(tty).toMatch(/首年续保率 +33\.3%\n整体续保率 +42\.9%\n/);
        expect(md).toContain('| 客户基盘（台） | 14 |\n| 月末在保（台） | 9 |\n| 在保率 | 64.3% |\n');
        expect(md).toContain('有交强险或商业险保单在 2025-11-01 至 2026-10-31 之间到期、或在 2026-10-31 仍在保的车辆台数');
        expect(md).toContain('初次登记日期不早于 2025-09-01');
        expect(csv).toContain('\r\n客户基盘,,基盘台数,14\r\n客户基盘,,月末在保台数,9\r\n客户基盘,,在保率,0.6429\r\n客户基盘,,本月起保新保台数,2\r\n');
        expect(csv).toContain('\r\n客户基盘,,首年续保率,0.3333\r\n');
      } else {
        expect(tty).toMatch(/Cover started: switched in \(转保\) +1\n/);
        expect(md).toContain('| First-year renewal rate | 33.3% |\n| Overall renewal rate | 42.9% |\n');
        expect(md).toContain('a policy without a start date is taken as one year long (it has started when it ends before 2027-10-31)');
        expect(csv).toContain('\r\ncustomers,,base,14\r\ncustomers,,insured,9\r\ncustomers,,insured_rate,0.6429\r\n'
          + 'customers,,started_new,2\r\ncustomers,,started_renewal,3\r\ncustomers,,started_switch,1\r\ncustomers,,started_unknown,1\r\n'
          + 'customers,,first_year_due,3\r\ncustomers,,first_year_renewed,1\r\ncustomers,,first_year_renewal_rate,0.3333\r\n');
      }
    }
  });
});
