/** `renew quote <plate>` on a terminal with no values asks, starting from last year's cover. */
import { afterEach, describe, expect, it } from 'vitest';
import { recordQuote } from '../../src/features/quote/record.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG } from '../call/seed.js';

let ctx: TestContext;
afterEach(async () => ctx?.store.close());

async function terminal(answers: string[]) {
  ctx = await makeTestContext({ now: '2026-11-24 10:00', answers });
  ctx.stdinIsTTY = true;
  await seedVehicle(ctx.db, ZHANG);
}

describe('renew quote asking on a terminal', () => {
  it("offers last year's insurer and premiums as defaults, and stores the answers", async () => {
    await terminal(['中国人保', '', '360', '3188.60', '推荐型', '']);
    await certify(ctx.db, USUAL_INSURERS);
    const row = await recordQuote(ctx, '粤A12345', {});
    const asked = (ctx.prompter as unknown as { asked: { message: string; choices?: { name: string }[] }[] }).asked;
    expect(asked.map((a) => a.message)).toEqual(['哪家保险公司的报价？', '交强险（元）：', '车船税（元）：', '商业险合计（元）：', '方案名称（可不填）：', '有效期至（YYYY-MM-DD）：']);
    expect(asked[0]?.choices?.map((c) => c.name)).toEqual(['中国人保（上年承保）', '平安产险']);
    expect(row).toMatchObject({ insurer: '中国人保', compulsory_cents: 95000, tax_cents: 36000, commercial_cents: 318860, plan: '推荐型', valid_until: '2026-12-01', source: 'entry' });
  });

  it('refuses before asking anything while the certified list is unset', async () => {
    await terminal([]);
    await expect(recordQuote(ctx, '粤A12345', {})).rejects.toMatchObject({ key: 'call.noInsurers' });
  });
});
