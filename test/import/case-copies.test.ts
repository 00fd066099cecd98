/**
 * What each case knows about its vehicle (src/core/case-copies.ts) stays in step
 * through every import path: new vehicles, changed vehicle fields, new cases of a
 * vehicle with a booked callback, and a renewal that clears a callback.
 */
import { describe, expect, it } from 'vitest';
import { staleCaseCopies } from '../../src/storage/queries/case-copies.js';
import { recordEvent } from '../../src/storage/queries/register.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { csvFile, run } from './helpers.js';

const HEADER = '车牌号,险种类型,保单号,保险公司,保费,起保日期,保险止期,续保专员,是否分期';
const copies = (ctx: TestContext) =>
  ctx.db.selectFrom('renewal_cases').select(['id', 'plate', 'installment', 'specialist', 'vehicle_next_contact_at']).orderBy('id').execute();

async function bookCallback(ctx: TestContext, caseId: number, nextAt: string) {
  const c = await ctx.db.selectFrom('renewal_cases').select('vehicle_id').where('id', '=', caseId).executeTakeFirstOrThrow();
  await ctx.store.write((tx) =>
    recordEvent(tx, { caseId, vehicleId: c.vehicle_id, at: '2026-11-24 10:00:00', outcome: 'callback', channel: 'phone', nextAt }, '2026-11-24 10:00:00'),
  );
}

describe('the vehicle fields each case carries', () => {
  it('new cases copy the vehicle; a changed specialist or loan flag reaches every case of the vehicle', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile([HEADER, '粤A12345,交强险,J1,人保,950,2025-12-06,2026-12-05,小王,否', '粤A12345,商业险,S1,人保,3000,2025-03-01,2026-02-28,小王,否'].join('\n')));
    expect(await copies(ctx)).toEqual([
      { id: 1, plate: '粤A12345', installment: 0, specialist: '小王', vehicle_next_contact_at: null },
      { id: 2, plate: '粤A12345', installment: 0, specialist: '小王', vehicle_next_contact_at: null },
    ]);
    await run(ctx, csvFile([HEADER, '粤A12345,交强险,J1,人保,990,2025-12-06,2026-12-05,小李,是'].join('\n')));
    expect((await copies(ctx)).map((c) => [c.specialist, c.installment])).toEqual([['小李', 1], ['小李', 1]]);
    expect(await staleCaseCopies(ctx.db)).toBe(0);
  });

  it('a new case of a vehicle with a booked callback knows the booking; a renewal that closes the booked case clears it', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24' });
    await run(ctx, csvFile([HEADER, '粤A12345,交强险,J2025,人保,950,2025-12-06,2026-12-05,小王,否'].join('\n')));
    await bookCallback(ctx, 1, '2026-12-01 10:00');
    // Next year's policy (starting well after the window): a second, open case.
    await run(ctx, csvFile([HEADER, '粤A12345,商业险,S2027,人保,3000,2027-06-01,2028-05-31,小王,否'].join('\n')));
    expect((await copies(ctx)).map((c) => [c.id, c.vehicle_next_contact_at])).toEqual([[1, '2026-12-01 10:00'], [2, '2026-12-01 10:00']]);
    // The renewal of case 1: its callback goes, and both cases learn it.
    await run(ctx, csvFile([HEADER, '粤A12345,交强险,J2026,平安,900,2026-12-06,2027-12-05,小王,否'].join('\n')));
    expect((await ctx.db.selectFrom('renewal_cases').select(['status', 'next_contact_at']).where('id', '=', 1).executeTakeFirstOrThrow())).toEqual({ status: 'renewed', next_contact_at: null });
    expect(new Set((await copies(ctx)).map((c) => c.vehicle_next_contact_at))).toEqual(new Set([null]));
    expect(await staleCaseCopies(ctx.db)).toBe(0);
  });
});
