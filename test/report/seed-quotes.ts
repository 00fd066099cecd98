/**
 * October's quotes, proposal and price gaps, on top of seedOctober (seed.ts), for the
 * golden reports: stored quotes for D, F and H; a proposal sent to H (open); and the
 * cheaper prices D, E and F named on their last call, as if those calls had been
 * recorded with --competitor-price. Worked out by hand:
 * quoted 5 (A, C and D quoted on calls, F and H by stored quotes), proposal sent 1 (H);
 * gaps: 中国人保/telesales 2 cases, D 4,310 - 4,000 = +310 and F 4,110 - 3,900 = +210,
 * median +260; unknown insurer/online 1 case (E, no quote of ours), median —.
 */
import type { Context } from '../../src/features/context.js';
import { insertQuote } from '../../src/storage/queries/quotes.js';
import type { CompetitorChannel } from '../../src/rules/domain.js';
import { testWrite } from '../helpers/context.js';
import { record } from './seed.js';

export async function seedOctoberQuotes(ctx: Pick<Context, 'db'>): Promise<void> {
  const caseOf = (plate: string) => ctx.db.selectFrom('renewal_cases').select(['id as caseId', 'vehicle_id as vehicleId']).where('plate', '=', plate).executeTakeFirstOrThrow();
  const quote = async (plate: string, insurer: string, commercialCents: number) => {
    const c = await caseOf(plate);
    return testWrite(ctx.db, (tx) => insertQuote(tx, {
      case_id: c.caseId, vehicle_id: c.vehicleId, insurer, plan: null, compulsory_cents: 95_000, tax_cents: 36_000, commercial_cents: commercialCents,
      covers: '[]', ncd: null, pricing_factor: null, gifts: null, valid_until: '2026-10-31', note: null, source: 'entry', natural_key: null,
      created_at: '2026-09-05 09:00:00', specialist: null,
    }));
  };
  await quote('粤A10004', '中国人保', 300_000); // D: 4,310.00
  await quote('粤A10006', '中国人保', 280_000); // F: 4,110.00
  const h = await quote('粤A10008', '平安产险', 290_000); // H: 4,210.00
  await record(ctx, await caseOf('粤A10008'), { at: '2026-09-28 10:00:00', outcome: 'proposal_sent', channel: 'wechat', specialist: '张丽', quoteId: h?.id });
  const named = async (plate: string, cents: number, channel: CompetitorChannel) => {
    const c = await caseOf(plate);
    const last = await ctx.db.selectFrom('events').select('id').where('case_id', '=', c.caseId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    await ctx.db.updateTable('events').set({ competitor_cents: cents, competitor_channel: channel }).where('id', '=', last.id).execute();
  };
  await named('粤A10004', 400_000, 'telesales');
  await named('粤A10005', 390_000, 'online');
  await named('粤A10006', 390_000, 'telesales');
}
