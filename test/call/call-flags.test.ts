/** `renew call --outcome ...`: recording from flags, every bad input, and --correct. */
import { describe, expect, it } from 'vitest';
import { runCall, type CallOptions } from '../../src/features/call/run.js';
import { eventJson } from '../../src/features/call/outcome.js';
import { EXIT, RenewError } from '../../src/errors.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { caseOf, certify, eventsOf, seedVehicle, USUAL_INSURERS, ZHANG } from './seed.js';

async function setup(now = '2026-11-24 10:00') {
  const ctx = await makeTestContext({ now });
  const ids = await seedVehicle(ctx.db, ZHANG);
  await certify(ctx.db, USUAL_INSURERS);
  return { ctx, ...ids };
}

/** Runs a call expecting a RenewError; returns it translated, and checks nothing was written. */
async function refused(ctx: TestContext, plate: string, options: CallOptions) {
  const before = (await eventsOf(ctx.db)).length;
  const e = await runCall(ctx, plate, options).then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(RenewError);
  const err = e as RenewError;
  expect((await eventsOf(ctx.db)).length).toBe(before);
  return { message: ctx.t(err.key, err.vars), hint: err.hintKey ? ctx.t(err.hintKey, err.vars) : undefined, code: err.exitCode };
}

describe('renew call with --outcome', () => {
  it('records a renewal: insurer, kinds, premiums, start date; the case closes', async () => {
    const { ctx, caseId } = await setup();
    const event = await runCall(ctx, '粤a 12345', { outcome: 'renewed', insurer: '中国人保', premium: '4,280' });
    expect(eventJson(event)).toEqual({
      id: 1, case_id: caseId, at: '2026-11-24 10:00:00', recorded_at: '2026-11-24 10:00:00', specialist: '李娜', actor: null,
      outcome: 'renewed', channel: 'phone', duration_s: null, insurer: '中国人保', kinds: ['compulsory', 'commercial'],
      compulsory_premium: null, commercial_premium: null, premium: 4280, start_date: '2026-12-16', next_at: null, reason: null,
      until: null, objections: [], note: null, supersedes_id: null, quote_id: null, competitor_price: null, competitor_channel: null,
    });
    const c = await caseOf(ctx.db, caseId);
    expect([c.status, c.closed_at, c.closed_by, c.renewed_insurer, c.renewed_premium_cents, c.attempts, c.quoted]).toEqual(
      ['renewed', '2026-11-24 10:00:00', 'phone', '中国人保', 428000, 1, 1],
    );
    expect(ctx.stderr.text).toBe('已登记 #1：粤A12345 续保成功。\n');
  });

  it('takes the split by kind and derives the total', async () => {
    const { ctx, caseId } = await setup();
    await certify(ctx.db, ['中国人保', '平安产险']);
    const event = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '平安产险', compulsoryPremium: '950', commercialPremium: '3100.50', specialist: '王强' });
    expect([event.compulsory_cents, event.commercial_cents, event.premium_cents, event.specialist, event.kinds]).toEqual([95000, 310050, 405050, '王强', 'compulsory,commercial']);
    const c = await caseOf(ctx.db, caseId);
    expect([c.renewed_compulsory_cents, c.renewed_commercial_cents, c.renewed_premium_cents]).toEqual([95000, 310050, 405050]);
  });

  it('one kind with only a total: the total is that kind\'s premium', async () => {
    const { ctx } = await setup();
    const event = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '950', kind: 'compulsory' });
    expect([event.kinds, event.compulsory_cents, event.commercial_cents, event.premium_cents]).toEqual(['compulsory', 95000, null, 95000]);
  });

  it('records a callback; the case stays open with the next contact booked', async () => {
    const { ctx, caseId } = await setup();
    const event = await runCall(ctx, '粤A12345', { outcome: 'callback', next: '2026-11-26 15:30', note: '等爱人商量' });
    expect([event.outcome, event.next_at, event.note]).toEqual(['callback', '2026-11-26 15:30', '等爱人商量']);
    const c = await caseOf(ctx.db, caseId);
    expect([c.status, c.next_contact_at, c.attempts, c.reached]).toEqual(['open', '2026-11-26 15:30', 1, 1]);
  });

  it('records a loss with its reason and note; the case closes as lost', async () => {
    const { ctx, caseId } = await setup();
    const event = await runCall(ctx, '粤A12345', { outcome: 'lost', reason: 'telesales', note: '电销便宜 600 元' });
    expect([event.reason, event.note]).toEqual(['telesales', '电销便宜 600 元']);
    const c = await caseOf(ctx.db, caseId);
    expect([c.status, c.lost_reason, c.closed_at]).toEqual(['lost', 'telesales', '2026-11-24 10:00:00']);
  });

  it('no_answer and unreachable count as unanswered attempts and leave the case open', async () => {
    const { ctx, caseId } = await setup();
    await runCall(ctx, '粤A12345', { outcome: 'no_answer' });
    await runCall(ctx, '粤A12345', { outcome: 'unreachable', note: '关机' });
    const c = await caseOf(ctx.db, caseId);
    expect([c.status, c.attempts, c.unanswered, c.reached, c.last_outcome]).toEqual(['open', 2, 2, 0, 'unreachable']);
  });

  it('do_not_call marks the vehicle until the date', async () => {
    const { ctx, vehicleId } = await setup();
    const event = await runCall(ctx, '粤A12345', { outcome: 'do_not_call', until: '2026-12-01' });
    expect(event.until).toBe('2026-12-01');
    const v = await ctx.db.selectFrom('vehicles').select('do_not_call_until').where('id', '=', vehicleId).executeTakeFirstOrThrow();
    expect(v.do_not_call_until).toBe('2026-12-01');
  });
});

describe('bad input: a clear message, a non-zero exit, nothing recorded', () => {
  it('unknown plate suggests close matches', async () => {
    const { ctx } = await setup();
    await seedVehicle(ctx.db, { ...ZHANG, plate: '粤A12354', policies: [] });
    await seedVehicle(ctx.db, { ...ZHANG, plate: '京B99999', policies: [] });
    expect(await refused(ctx, '粤A12346', { outcome: 'no_answer' })).toEqual({
      message: '找不到车牌 粤A12346。', hint: '是不是这些车牌：粤A12345, 粤A12354？', code: EXIT.failure,
    });
    expect((await refused(ctx, '沪C00000', { outcome: 'no_answer' })).hint).toBe('请检查车牌是否输入正确，或先用 “renew import” 导入这辆车的保单。');
  });

  it('a closed case says when and how it closed and how to correct it', async () => {
    const { ctx } = await setup();
    await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '4280' });
    expect(await refused(ctx, '粤A12345', { outcome: 'no_answer' })).toEqual({
      message: '车辆 粤A12345 的本期续保已于 2026-11-24 10:00:00 结案：续保成功（电话 中国人保 4280.00，登记编号 #1）。',
      hint: '如果是登记错了，用 “renew call 粤A12345 --correct 1 --outcome ...” 更正；用 “renew history 粤A12345” 查看全部记录。',
      code: EXIT.failure,
    });
  });

  it('an uncertified insurer', async () => {
    const { ctx } = await setup();
    await certify(ctx.db, ['中国人保', '平安产险']);
    expect((await refused(ctx, '粤A12345', { outcome: 'renewed', insurer: '某某保险', premium: '4000' })).message).toBe(
      '“某某保险”不是本店认证的保险公司，不能报价或登记。认证的保险公司：中国人保、平安产险。',
    );
  });

  it('with certified_insurers unset every renewal is refused, even with an insurer seen in imports', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24 10:00' });
    await seedVehicle(ctx.db, ZHANG); // its policies are with 中国人保: seen, not certified
    for (const options of [{ outcome: 'renewed', insurer: '中国人保', premium: '4280' }, { outcome: 'renewed' }]) {
      const r = await refused(ctx, '粤A12345', options);
      expect([r.message, r.hint, r.code]).toEqual([
        '本店还没有设置认证保险公司（certified_insurers），不能报价，也不能登记续保成功；设置方法：renew settings certified_insurers \'["中国人保","平安产险"]\'',
        undefined, EXIT.failure,
      ]);
    }
    // An outcome that sells nothing is still recorded.
    expect((await runCall(ctx, '粤A12345', { outcome: 'no_answer' })).outcome).toBe('no_answer');
  });

  it('an insurer entered by another of its names is stored by its canonical name', async () => {
    const { ctx, caseId } = await setup();
    const event = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人民财产保险股份有限公司', premium: '4280' });
    expect([event.insurer, (await caseOf(ctx.db, caseId)).renewed_insurer]).toEqual(['中国人保', '中国人保']);
    const { ctx: ctx2 } = await setup();
    expect((await runCall(ctx2, '粤A12345', { outcome: 'callback', next: '2026-11-26 15:00', insurer: ' 平安 ', premium: '4000' })).insurer).toBe('平安产险');
  });

  it('negative, zero, non-numeric and absurd premiums', async () => {
    const { ctx } = await setup();
    const renewed = (premium: string) => refused(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium });
    expect((await renewed('-100')).message).toBe('--premium 的值“-100”必须大于 0。');
    expect((await renewed('0')).message).toBe('--premium 的值“0”必须大于 0。');
    expect((await renewed('四千')).message).toBe('--premium 的值“四千”不是金额（示例：3456.70）。');
    expect((await renewed('4280000')).message).toBe('--premium 的值“4280000”超过合理上限 300000.00 元，是不是多输了一个 0？');
    expect((await refused(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', compulsoryPremium: '95000', commercialPremium: '3000' })).message)
      .toBe('--compulsory-premium 的值“95000”超过合理上限 10000.00 元，是不是多输了一个 0？');
    expect((await refused(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '5000', compulsoryPremium: '950', commercialPremium: '3000' })).message)
      .toBe('保费合计 5000.00 与分项之和 3950.00 不一致。');
    expect((await refused(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保' })).code).toBe(EXIT.usage);
  });

  it('a callback in the past, or badly written', async () => {
    const { ctx } = await setup();
    expect(await refused(ctx, '粤A12345', { outcome: 'callback', next: '2026-11-24 09:59' })).toEqual({
      message: '回访时间 2026-11-24 09:59 已经过去（现在是 2026-11-24 10:00），请约一个以后的时间。', hint: undefined, code: EXIT.usage,
    });
    expect((await refused(ctx, '粤A12345', { outcome: 'callback', next: '明天下午' })).message).toBe(
      '回访时间“明天下午”看不懂，可以这样写：“明天 15:00”“周五 下午3点”“12-08 15:00”或“2026-12-08 15:00”。',
    );
    expect((await refused(ctx, '粤A12345', { outcome: 'callback' })).message).toBe('约定回访需要用 --next 给出时间，格式 “YYYY-MM-DD HH:mm”。');
  });

  it('--next takes dates and times as people say them', async () => {
    const { ctx } = await setup(); // Tuesday 2026-11-24 10:00
    const next = async (when: string) => (await runCall(ctx, '粤A12345', { outcome: 'callback', next: when })).next_at;
    expect([await next('明天 15:00'), await next('周五 下午3点'), await next('Fri 3pm'), await next('12-08 15:00'), await next('后天 10点半')])
      .toEqual(['2026-11-25 15:00', '2026-11-27 15:00', '2026-11-27 15:00', '2026-12-08 15:00', '2026-11-26 10:30']);
  });

  it('an unknown reason code lists the codes', async () => {
    const { ctx } = await setup();
    expect((await refused(ctx, '粤A12345', { outcome: 'lost', reason: 'expensive' })).message).toBe(
      '战败原因代码“expensive”不存在，可选：price, telesales, other_dealer, acquaintance, service, sold, scrapped, moved, unreachable, other。',
    );
  });

  it('an unknown outcome, a flag that does not fit the outcome, a past do-not-call date', async () => {
    const { ctx } = await setup();
    expect((await refused(ctx, '粤A12345', { outcome: 'sold' })).message).toBe('结果“sold”无效，可选：renewed, callback, lost, no_answer, unreachable, do_not_call。');
    expect(await refused(ctx, '粤A12345', { outcome: 'no_answer', reason: 'price' })).toEqual({ message: '--reason 不适用于结果 no_answer。', hint: undefined, code: EXIT.usage });
    expect((await refused(ctx, '粤A12345', { outcome: 'do_not_call', until: '2026-11-24' })).message).toBe('暂不拨打的截止日期 2026-11-24 必须晚于今天（2026-11-24）。');
  });

  it('without a terminal the interactive script refuses and names the flags', async () => {
    const { ctx } = await setup();
    const r = await refused(ctx, '粤A12345', {});
    expect(r.code).toBe(EXIT.usage);
    expect(r.message).toContain('当前不是终端，无法逐步提问。请用参数直接登记');
    expect(r.message).toContain('--outcome lost --reason CODE');
  });

  it('in English too', async () => {
    const ctx = await makeTestContext({ lang: 'en' });
    await seedVehicle(ctx.db, ZHANG);
    expect((await refused(ctx, '粤A12345', { outcome: 'lost', reason: 'nope' })).message).toBe(
      'Unknown loss-reason code "nope"; use one of: price, telesales, other_dealer, acquaintance, service, sold, scrapped, moved, unreachable, other.',
    );
  });
});

describe('--correct: the register is append-only', () => {
  it('reopens a case closed by mistake with a superseding event; the old one stays', async () => {
    const { ctx, caseId } = await setup();
    await runCall(ctx, '粤A12345', { outcome: 'lost', reason: 'price' });
    const fix = await runCall(ctx, '粤A12345', { correct: '1', outcome: 'callback', next: '2026-11-25 10:00', specialist: '王强', note: '误登记为战败' });
    expect([fix.id, fix.supersedes_id, fix.specialist, fix.recorded_at, fix.case_id]).toEqual([2, 1, '王强', '2026-11-24 10:00:00', caseId]);
    expect((await eventsOf(ctx.db)).map((e) => [e.id, e.outcome])).toEqual([[1, 'lost'], [2, 'callback']]);
    const c = await caseOf(ctx.db, caseId);
    expect([c.status, c.lost_reason, c.next_contact_at]).toEqual(['open', null, '2026-11-25 10:00']);
    expect(ctx.stderr.text).toContain('已登记 #2：粤A12345 约定回访（更正并取代 #1）。');
    // Now open again, an ordinary call works.
    await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '4100' });
    expect((await caseOf(ctx.db, caseId)).status).toBe('renewed');
  });

  it('refuses an event of another vehicle, an already corrected event, a bad id, and a correction without an outcome', async () => {
    const { ctx } = await setup();
    await seedVehicle(ctx.db, { ...ZHANG, plate: '粤B00001' });
    await runCall(ctx, '粤A12345', { outcome: 'no_answer' });
    await runCall(ctx, '粤A12345', { correct: '1', outcome: 'unreachable' });
    expect(await refused(ctx, '粤B00001', { correct: '1', outcome: 'no_answer' })).toEqual({
      message: '车辆 粤B00001 的登记本里没有编号为 #1 的记录。', hint: '用 “renew history <车牌>” 查看记录编号。', code: EXIT.failure,
    });
    expect((await refused(ctx, '粤A12345', { correct: '1', outcome: 'no_answer' })).message).toBe('记录 #1 已在 2026-11-24 10:00:00 被 #2 更正，请更正最新的那条记录。');
    expect((await refused(ctx, '粤A12345', { correct: 'x', outcome: 'no_answer' })).message).toBe('记录编号“x”无效，应为正整数。');
    expect((await refused(ctx, '粤A12345', { correct: '2' })).message).toBe('更正记录 #2 需要用 --outcome 给出正确的结果（以及相应参数）。');
  });
});

describe('writes re-check inside the transaction', () => {
  it('a case closed by another terminal after the checks is not written to', async () => {
    const { ctx, vehicleId } = await setup();
    const { recordCall, validateOutcome } = await import('../../src/features/call/outcome.js');
    const vehicle = await ctx.db.selectFrom('vehicles').selectAll().where('id', '=', vehicleId).executeTakeFirstOrThrow();
    const stale = await ctx.db.selectFrom('renewal_cases').selectAll().executeTakeFirstOrThrow();
    await runCall(ctx, '粤A12345', { outcome: 'lost', reason: 'moved' }); // the other terminal
    const outcome = validateOutcome({ outcome: 'no_answer' }, { now: ctx.now(), today: ctx.today, insurers: [], aliases: new Map(), reasons: [], case: stale });
    const e = (await recordCall(ctx, { vehicle, case: stale }, outcome).catch((err: unknown) => err)) as RenewError;
    expect(ctx.t(e.key, e.vars)).toBe('车辆 粤A12345 的续保刚刚在 2026-11-24 10:00:00 被另一处登记结案，本次没有记录任何内容。');
    expect((await eventsOf(ctx.db)).map((x) => x.outcome)).toEqual(['lost']);
  });
});
