/**
 * The interactive call's quote stage when the case has stored quotes: the valid ones are
 * offered (insurer, plan, total, validity), a renewal from a picked quote takes insurer
 * and premiums from it as `--quote ID` does, and a new quote entered during the call is
 * stored as `renew quote` stores it, with the call's event, and only then.
 */
import { describe, expect, it } from 'vitest';
import { runCall } from '../../src/features/call/run.js';
import { recordQuote } from '../../src/features/quote/record.js';
import { CancelledError } from '../../src/errors.js';
import { CTRL_C, makeTestContext, parseNow, type ScriptedAnswer } from '../helpers/context.js';
import { isoDate } from '../../src/rules/clock.js';
import { keyCountingPrompter } from './keys.js';
import { caseOf, certify, eventsOf, seedVehicle, USUAL_INSURERS, ZHANG } from './seed.js';

async function withQuotes(now = '2026-11-24 10:00') {
  const ctx = await makeTestContext({ now: '2026-11-24 10:00' });
  const { caseId } = await seedVehicle(ctx.db, ZHANG);
  await certify(ctx.db, USUAL_INSURERS);
  await recordQuote(ctx, '粤A12345', { insurer: '平安', compulsory: '950', tax: '360', commercial: '2466.30', plan: '经济型', validUntil: '2026-12-01' });
  await recordQuote(ctx, '粤A12345', { insurer: '人保', compulsory: '950', tax: '360', commercial: '3188.60', validUntil: '2026-11-28' });
  // The quotes were given on the 24th; the call happens on `now`.
  const at = parseNow(now);
  ctx.stdout.text = '';
  return { ctx: { ...ctx, now: () => at, today: isoDate(at) }, caseId };
}

async function call(ctx: Awaited<ReturnType<typeof withQuotes>>['ctx'], answers: ScriptedAnswer[]) {
  const prompter = keyCountingPrompter(answers);
  const event = await runCall({ ...ctx, stdinIsTTY: true, prompter }, '粤A12345', {});
  expect(prompter.remaining).toEqual([]);
  return { event, prompter };
}

const quotes = (ctx: Awaited<ReturnType<typeof withQuotes>>['ctx']) => ctx.db.selectFrom('quotes').selectAll().orderBy('id').execute();

describe('the quote stage with stored quotes', () => {
  it('offers the valid quotes cheapest first and renews from the one picked, as --quote does', async () => {
    const { ctx, caseId } = await withQuotes();
    //                                         answered menu  pick start start close confirm no. no. note
    const { event, prompter } = await call(ctx, ['', '', '2', '', '', '', '', '', '', '']);
    const pick = prompter.asked[2];
    expect(pick?.message).toBe('用哪份报价？');
    expect(pick?.choices?.map((c) => c.name)).toEqual([
      '#1 平安产险 经济型，合计 3,776.30 元，有效期至 2026-12-01',
      '#2 中国人保，合计 4,498.60 元，有效期至 2026-11-28',
      '录入新报价（保存为报价单）',
    ]);
    expect(pick?.default).toBe('1');
    expect([event.outcome, event.insurer, event.kinds, event.compulsory_cents, event.commercial_cents, event.premium_cents, event.quote_id, event.start_date])
      .toEqual(['renewed', '中国人保', 'compulsory,commercial', 95000, 318860, 413860, 2, '2026-12-16']);
    expect((await caseOf(ctx.db, caseId)).status).toBe('renewed');
    expect(await quotes(ctx)).toHaveLength(2);
    expect(ctx.stdout.text).toContain('报价：中国人保，合计 4,138.60 元。');
  });

  it('stores a new quote entered during the call as renew quote does, and the renewal points at it', async () => {
    const { ctx } = await withQuotes();
    //                                          answered menu pick  insurer comp tax     comm    plan  valid  start start close confirm no. no. note
    const { event, prompter } = await call(ctx, ['', '', 'new', '', '', '300', '600000', '', '', '', '', '', '3000', '推荐型', '2026-12-05', '', '', '', '', '', '', '']);
    // The absurd commercial premium was refused with the quote's own message, and the questions asked again.
    expect(ctx.stdout.text).toContain('明显偏高');
    expect(prompter.asked.filter((a) => a.message === '商业险合计（元）：')).toHaveLength(2);
    const stored = (await quotes(ctx))[2];
    expect(stored).toMatchObject({
      id: 3, insurer: '中国人保', plan: '推荐型', compulsory_cents: 95000, tax_cents: 0, commercial_cents: 300000, valid_until: '2026-12-05',
      source: 'entry', natural_key: null, specialist: '李娜', created_at: '2026-11-24 10:00:00',
    });
    expect([event.outcome, event.insurer, event.premium_cents, event.quote_id]).toEqual(['renewed', '中国人保', 395000, 3]);
  });

  it('a callback after a new quote keeps the quote and the price offered, without pointing the event at it', async () => {
    const { ctx } = await withQuotes();
    const answers = ['', '', 'new', '平安产险', '', '', '2800', '', '', '', '', 'not_sold', '', '', '', ''];
    const { event } = await call(ctx, answers);
    expect([event.outcome, event.insurer, event.premium_cents, event.quote_id]).toEqual(['callback', '平安产险', 375000, null]);
    expect((await quotes(ctx)).map((q) => [q.insurer, q.commercial_cents, q.source])).toEqual([
      ['平安产险', 246630, 'entry'], ['中国人保', 318860, 'entry'], ['平安产险', 280000, 'entry'],
    ]);
  });

  it('offers only quotes still valid, and none once all have expired (the price is then asked as before)', async () => {
    const later = await withQuotes('2026-11-29 10:00');
    const { prompter } = await call(later.ctx, ['', '', '', '', '', 'lost', '', '']);
    expect(prompter.asked[2]?.choices?.map((c) => c.value)).toEqual(['1', 'new']);

    const expired = await withQuotes('2026-12-02 10:00');
    const { prompter: asked } = await call(expired.ctx, ['', '', '', '', '', '', '', '', 'lost', '', '']);
    expect(asked.asked.slice(0, 4).map((a) => a.message)).toEqual(['电话接通了吗？', '下一步', '保险公司', '险种']);
  });

  it('Ctrl-C while entering a new quote stores neither the quote nor an event', async () => {
    const { ctx } = await withQuotes();
    const prompter = keyCountingPrompter(['', '', 'new', '', '', CTRL_C]);
    await expect(runCall({ ...ctx, stdinIsTTY: true, prompter }, '粤A12345', {})).rejects.toBeInstanceOf(CancelledError);
    expect(await quotes(ctx)).toHaveLength(2);
    expect(await eventsOf(ctx.db)).toEqual([]);
  });
});
