import { describe, expect, it } from 'vitest';
import { recordEvent } from '../../src/storage/queries/register.js';
import { makeTestContext, testWrite } from '../helpers/context.js';
import { counts, csvFile, run } from './helpers.js';

const HEADER = '车牌号,险种类型,保单号,保险公司,保费,起保日期,保险止期,续保专员';
const LAST_YEAR = ['粤A12345,交强险,J2025,人保,950,2025-12-06,2026-12-05,小王', '粤A12345,商业险,S2025,人保,3000,2025-12-06,2026-12-05,小王'];
const RENEWAL = ['粤A12345,交强险,J2026,平安产险,900,2026-12-06,2027-12-05,小王', '粤A12345,商业险,S2026,平安产险,3200.5,2026-12-06,2027-12-05,小王'];

const caseRows = (ctx: Awaited<ReturnType<typeof makeTestContext>>) =>
  ctx.db.selectFrom('renewal_cases').select(['id', 'due_date', 'status', 'closed_at', 'closed_by', 'renewed_insurer', 'renewed_compulsory_cents', 'renewed_commercial_cents', 'renewed_premium_cents']).orderBy('id').execute();

describe('renewal detection', () => {
  it('a new policy starting within the window closes the earlier case as renewed, once', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile([HEADER, ...LAST_YEAR].join('\n')));
    const s = await run(ctx, csvFile([HEADER, ...RENEWAL].join('\n')));
    expect(counts(s)).toEqual({ rows: 2, imported: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(s.renewed).toBe(1);
    expect(await caseRows(ctx)).toEqual([
      { id: 1, due_date: '2026-12-05', status: 'renewed', closed_at: '2026-11-24 10:00:00', closed_by: 'import', renewed_insurer: '平安产险', renewed_compulsory_cents: 90000, renewed_commercial_cents: 320050, renewed_premium_cents: 410050 },
      { id: 2, due_date: '2027-12-05', status: 'open', closed_at: null, closed_by: null, renewed_insurer: null, renewed_compulsory_cents: null, renewed_commercial_cents: null, renewed_premium_cents: null },
    ]);
    expect(await ctx.db.selectFrom('events').select(['case_id', 'outcome', 'channel', 'policy_id', 'insurer', 'kinds', 'premium_cents', 'start_date', 'specialist']).orderBy('id').execute()).toEqual([
      { case_id: 1, outcome: 'renewed', channel: 'import', policy_id: 3, insurer: '平安产险', kinds: 'compulsory', premium_cents: 90000, start_date: '2026-12-06', specialist: '小王' },
      { case_id: 1, outcome: 'renewed', channel: 'import', policy_id: 4, insurer: '平安产险', kinds: 'commercial', premium_cents: 320050, start_date: '2026-12-06', specialist: '小王' },
    ]);
    expect((await ctx.db.selectFrom('policies').select('renews_case_id').orderBy('id').execute()).map((p) => p.renews_case_id)).toEqual([null, null, 1, 1]);
    // Again: nothing new, no second event.
    const again = await run(ctx, csvFile([HEADER, ...LAST_YEAR, ...RENEWAL].join('\n')));
    expect(counts(again)).toEqual({ rows: 4, imported: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(await ctx.db.selectFrom('events').select('id').execute()).toHaveLength(2);
  });

  it('file order does not matter: the renewal may come before the policy it renews', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, csvFile([HEADER, ...RENEWAL, ...LAST_YEAR].join('\n')));
    expect(s.renewed).toBe(1);
    expect((await caseRows(ctx)).map((c) => [c.due_date, c.status])).toEqual([['2027-12-05', 'open'], ['2026-12-05', 'renewed']]);
  });

  it('outside [earliest end - 1 day, latest end + 30 days], or a lost case: no renewal', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile([HEADER, LAST_YEAR[0]].join('\n')));
    const late = await run(ctx, csvFile([HEADER, '粤A12345,交强险,J-late,平安产险,900,2027-01-05,2028-01-04,小王'].join('\n')));
    expect(late.renewed).toBe(0);
    const early = await run(ctx, csvFile([HEADER, '粤A12345,商业险,S-early,平安产险,900,2026-12-03,2027-12-02,小王'].join('\n')));
    expect(early.renewed).toBe(0);
    const edge = await run(ctx, csvFile([HEADER, '粤A12345,商业险,S-edge,平安产险,900,2026-12-04,2027-12-03,小王'].join('\n')));
    expect(edge.renewed).toBe(1);

    const ctx2 = await makeTestContext();
    await run(ctx2, csvFile([HEADER, LAST_YEAR[0]].join('\n')));
    await testWrite(ctx2.db, (tx) => recordEvent(tx, { caseId: 1, vehicleId: 1, at: '2026-11-20 10:00:00', outcome: 'lost', channel: 'phone', reason: 'price' }, '2026-11-20 10:00:00'));
    expect((await run(ctx2, csvFile([HEADER, RENEWAL[0]].join('\n')))).renewed).toBe(0);
  });

  it.each([
    ['on a case that already has a call', true],
    ['with an empty register', false],
  ])('events and the case projection are identical to recording the same renewals with recordEvent, %s', async (_name, withCall) => {
    // Path A: the importer (set-based, deferred projection).
    const a = await makeTestContext();
    await run(a, csvFile([HEADER, ...LAST_YEAR].join('\n')));
    const call = { caseId: 1, vehicleId: 1, at: '2026-11-01 09:00:00', outcome: 'callback' as const, channel: 'phone' as const, nextAt: '2026-11-10 09:00', premiumCents: 380000 };
    if (withCall) await testWrite(a.db, (tx) => recordEvent(tx, call, '2026-11-01 09:00:00'));
    await run(a, csvFile([HEADER, ...RENEWAL].join('\n')));

    // Path B: the same policies without detection, then each renewal through recordEvent.
    const b = await makeTestContext();
    await run(b, csvFile([HEADER, ...LAST_YEAR].join('\n')));
    if (withCall) await testWrite(b.db, (tx) => recordEvent(tx, call, '2026-11-01 09:00:00'));
    await b.db.insertInto('settings').values({ key: 'renewal_window_days', value: '0', updated_at: '2026-11-24 09:00:00' }).execute();
    await run(b, csvFile([HEADER, ...RENEWAL.map((r) => r.replace('2026-12-06', '2027-01-06'))].join('\n')));
    await b.db.updateTable('policies').set({ start_date: '2026-12-06' }).where('id', '>', 2).execute();
    await testWrite(b.db, async (tx) => {
      for (const [id, kind, insurer, cents] of [[3, 'compulsory', '平安产险', 90000], [4, 'commercial', '平安产险', 320050]] as const) {
        await tx.updateTable('policies').set({ renews_case_id: 1 }).where('id', '=', id).execute();
        await recordEvent(tx, { caseId: 1, vehicleId: 1, at: '2026-11-24 10:00:00', specialist: '小王', outcome: 'renewed', channel: 'import', insurer, kinds: [kind], premiumCents: cents, startDate: '2026-12-06', policyId: id }, '2026-11-24 10:00:00');
      }
    });
    const strip = <T extends { updated_at?: string }>(rows: T[]) => rows.map(({ updated_at: _u, ...r }) => r);
    expect(await a.db.selectFrom('events').selectAll().orderBy('id').execute()).toEqual(await b.db.selectFrom('events').selectAll().orderBy('id').execute());
    expect(strip(await a.db.selectFrom('renewal_cases').selectAll().orderBy('id').execute())).toEqual(strip(await b.db.selectFrom('renewal_cases').selectAll().orderBy('id').execute()));
    expect((await a.db.selectFrom('renewal_cases').select('status').where('id', '=', 1).executeTakeFirstOrThrow()).status).toBe('renewed');
  });
});
