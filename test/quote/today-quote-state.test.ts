/** `renew today` shows each call's quote state: none, the best valid total, or expired. */
import { afterEach, describe, expect, it } from 'vitest';
import { runToday } from '../../src/commands/today.js';
import { saveSetting } from '../../src/storage/queries/settings.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { seedCase } from '../helpers/seed-cases.js';

let ctx: TestContext;
afterEach(async () => ctx?.store.close());

async function addQuote(c: TestContext, { caseId }: { caseId: number }, totalYuan: number, validUntil: string) {
  const { vehicle_id } = await c.db.selectFrom('renewal_cases').select('vehicle_id').where('id', '=', caseId).executeTakeFirstOrThrow();
  await c.db.insertInto('quotes').values({
    case_id: caseId, vehicle_id, insurer: '中国人保', plan: null, compulsory_cents: 95000, tax_cents: 0, commercial_cents: totalYuan * 100 - 95000,
    covers: '[]', ncd: null, pricing_factor: null, gifts: null, valid_until: validUntil, note: null, source: 'entry', natural_key: null,
    created_at: '2026-11-20 09:00:00', specialist: null,
  }).execute();
}

describe('renew today: quote state', () => {
  it('--json gives none / quoted with the cheapest valid total / expired, for calls only', async () => {
    ctx = await makeTestContext({ now: '2026-11-24 10:00' });
    await saveSetting(ctx.db, 'certified_insurers', '["中国人保"]', 'now');
    const a = await seedCase(ctx.db, { plate: '粤A11111', end: '2026-11-30' });
    const b = await seedCase(ctx.db, { plate: '粤A22222', end: '2026-12-01' });
    await seedCase(ctx.db, { plate: '粤A33333', end: '2026-12-02' });
    await addQuote(ctx, a, 4500, '2026-11-28');
    await addQuote(ctx, a, 4200, '2026-11-30');
    await addQuote(ctx, a, 3900, '2026-11-20'); // cheaper, but expired: not the best
    await addQuote(ctx, b, 4000, '2026-11-23');
    await runToday(ctx, { format: 'json', group: 'calls' });
    const calls = JSON.parse(ctx.stdout.text).calls as { plate: string; quote: unknown }[];
    expect(Object.fromEntries(calls.map((e) => [e.plate, e.quote]))).toEqual({
      粤A11111: { state: 'quoted', best_total: 4200 },
      粤A22222: { state: 'expired', best_total: null },
      粤A33333: { state: 'none', best_total: null },
    });
  });

  it('the screen gains a quote column once quotes exist', async () => {
    ctx = await makeTestContext({ now: '2026-11-24 10:00', isTTY: true });
    await saveSetting(ctx.db, 'certified_insurers', '["中国人保"]', 'now');
    const a = await seedCase(ctx.db, { plate: '粤A11111', end: '2026-11-30' });
    await seedCase(ctx.db, { plate: '粤A33333', end: '2026-12-02' });
    await runToday(ctx, { format: 'screen', group: 'calls' });
    expect(ctx.stdout.text).not.toContain('报价');
    ctx.stdout.text = '';
    await addQuote(ctx, a, 4200, '2026-11-30');
    await runToday(ctx, { format: 'screen', group: 'calls' });
    expect(ctx.stdout.text).toContain('报价');
    expect(ctx.stdout.text).toContain('最低 4,200.00');
    expect(ctx.stdout.text).toContain('未报价');
  });
});
