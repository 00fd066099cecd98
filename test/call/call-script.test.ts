/**
 * The interactive call driven with scripted answers: every stage, every objection,
 * every outcome, the loan branch, the holiday greeting, Ctrl-C, and the keystrokes
 * a typical call takes (counted by keyCountingPrompter; see keys.ts for the rules).
 */
import { describe, expect, it } from 'vitest';
import { loadCallScript } from '../../src/features/call/script.js';
import { runCall } from '../../src/features/call/run.js';
import { CancelledError, EXIT, type RenewError } from '../../src/errors.js';
import { dataDirs } from '../../src/features/data-files.js';
import { loadLossReasons } from '../../src/features/loss-reasons.js';
import { CTRL_C, makeTestContext, type ScriptedAnswer } from '../helpers/context.js';
import { keyCountingPrompter } from './keys.js';
import { caseOf, certify, eventsOf, type SeedVehicle, seedVehicle, USUAL_INSURERS, ZHANG } from './seed.js';

interface Call {
  now?: string;
  lang?: 'zh-CN' | 'en';
  vehicle?: SeedVehicle;
  answers: ScriptedAnswer[];
}

async function call({ now = '2026-11-24 10:00', lang = 'zh-CN', vehicle = ZHANG, answers }: Call) {
  const ctx = await makeTestContext({ now, lang });
  const { caseId } = await seedVehicle(ctx.db, vehicle);
  await certify(ctx.db, USUAL_INSURERS);
  const prompter = keyCountingPrompter(answers);
  const event = await runCall({ ...ctx, stdinIsTTY: true, prompter }, vehicle.plate, {});
  expect(prompter.remaining).toEqual([]);
  return { ctx, event, prompter, out: ctx.stdout.text, caseRow: await caseOf(ctx.db, caseId) };
}

/** Answers for: answered, Quote, insurer, kinds, compulsory premium + start, commercial premium + start, Close, confirm, two policy numbers, note. */
const RENEWAL: ScriptedAnswer[] = ['', '', '', '', '', '', '3200', '', '', '', '', '', ''];

describe('a renewal with no objection', () => {
  it('walks every stage, reads everything back and records the renewal in 17 keystrokes', async () => {
    const { event, prompter, out, caseRow, ctx } = await call({ answers: RENEWAL });
    expect(out).toBe(`粤A12345  张伟  电话 13812341234  到期 2026-12-15（还有 21 天）

── 开场 ──
  张伟先生您好，我是本店保险服务中心的续保专员李娜。
  打扰您一两分钟：您的爱车粤A12345（丰田凯美瑞 2.0G）的保险还有 21 天到期（2026-12-15），我提前跟您说一声，免得到时脱保。
  去年您在我们店投的是中国人保，总保费 4,280.00 元。

── 了解需求 ──
  今年的险种您看需要调整吗？比如车损险、三者险保额要不要加，还是跟去年保持一样？
  为了给您算准确的价格，麻烦您把行驶证和驾驶证拍照发到我微信或者这个手机号上。

── 报价 ──
  我这边按您确认的险种算好了，跟您报一下价格。
  在我们店续保，出险后由我们直接对接保险公司定损、维修和理赔，您省心很多。
  报价：中国人保，合计 4,150.00 元。

── 成交与信息核对 ──
  好的，那我帮您登记续保，现在跟您核对一下投保信息，麻烦您听一下有没有错。
  行驶证车主 张伟，被保险人 张伟，身份证号 440106199001011234；车牌 粤A12345，车型 丰田凯美瑞 2.0G，车架号 LVGBE40K8GP123456，初次登记日期 2021-12-10。
  交强险：中国人保承保，保费 950.00 元。
  商业险：中国人保承保，保费 3,200.00 元。
  保单都从 2026-12-16 起保，保期一年。
  合计 4,150.00 元。
  温馨提示：交强险一旦出单就不能退保，也不能重复投保。
  另外请留意免责情形：无有效驾驶证或行驶证、酒后驾驶、事故后逃离现场等，保险公司不予赔付，其他免责条款请收到保单后细看。
  保单寄送地址是 广州市天河区体育西路 1 号，对吗？
  保费 4,150.00 元可以到店刷卡，也可以扫码支付；付款后我们出正式保单，连同发票一起交给您。

── 结束语 ──
  感谢您接听，我是李娜，以后保险上有任何问题都可以直接找我。祝您用车顺心，再见！
`);
    expect(prompter.asked.map((a) => a.message)).toEqual([
      '电话接通了吗？', '下一步', '保险公司', '险种', '交强险保费（元）', '交强险起保日期', '商业险保费（元）', '商业险起保日期', '下一步',
      '客户确认信息无误，登记续保成功（4,150.00 元）？', '交强险新保单号（还没出单就直接回车）', '商业险新保单号（还没出单就直接回车）', '备注（直接回车跳过）',
    ]);
    expect([event.outcome, event.insurer, event.kinds, event.compulsory_cents, event.commercial_cents, event.premium_cents, event.start_date, event.specialist, event.duration_s, event.objections])
      .toEqual(['renewed', '中国人保', 'compulsory,commercial', 95000, 320000, 415000, '2026-12-16', '李娜', 0, null]);
    expect([caseRow.status, caseRow.renewed_premium_cents, caseRow.quoted]).toEqual(['renewed', 415000, 1]);
    expect(ctx.stderr.text).toBe('已登记 #1：粤A12345 续保成功。\n');
    // Keystrokes: 7 Enters on defaults, "3200" + Enter, and Enter for Close, confirm, two policy numbers not issued yet, note.
    expect(prompter.keys).toBe(17);
  });

  it('reads start dates one by one when the kinds start on different days, and re-quotes', async () => {
    const vehicle: SeedVehicle = {
      ...ZHANG,
      policies: [
        { kind: 'compulsory', insurer: '中国人保', premium: 950, end: '2026-12-15' },
        { kind: 'commercial', insurer: '平安产险', premium: 3330, end: '2027-01-20' },
      ],
    };
    const { event, out, ctx } = await call({
      vehicle,
      //        answered quote ins kinds  cp    cs  mp      ms  requote ins           kinds cp cs mp   ms close confirm no.cp no.cs note
      answers: ['', '', '', '', '', '', '3000', '', 'quote', '中国人保', '', '', '', '2900', '', '', '', '', 'PDAA2026888', '老客户'],
    });
    expect(out).toContain('  交强险从 2026-12-16 起保，保期一年。\n  商业险从 2027-01-21 起保，保期一年。\n');
    expect(out).toContain('报价：平安产险，合计 3,950.00 元。');
    expect(out).toContain('报价：中国人保，合计 3,850.00 元。');
    expect([event.insurer, event.premium_cents, event.start_date, event.note]).toEqual(['中国人保', 385000, '2026-12-16', '老客户']);
    // The archive keeps each kind's own start, and the number typed at the close.
    const written = await ctx.db.selectFrom('policies').select(['kind', 'policy_no', 'start_date', 'end_date', 'premium_cents']).where('event_id', '=', event.id).orderBy('id').execute();
    expect(written).toEqual([
      { kind: 'compulsory', policy_no: null, start_date: '2026-12-16', end_date: '2027-12-15', premium_cents: 95000 },
      { kind: 'commercial', policy_no: 'PDAA2026888', start_date: '2027-01-21', end_date: '2028-01-20', premium_cents: 290000 },
    ]);
  });

  it('a typo in a premium is re-asked with the reason, not fatal', async () => {
    const { prompter, event } = await call({ answers: ['', '', '', '', '-950', '95000', '950', '', '', '', '', '', '', '', ''] });
    expect(prompter.rejected).toEqual([
      { value: '-950', problem: '交强险 的值“-950”必须大于 0。' },
      { value: '95000', problem: '交强险 的值“95000”超过合理上限 10000.00 元，是不是多输了一个 0？' },
    ]);
    expect(event.premium_cents).toBe(95000 + 333000);
  });

  it('a customer who hesitates at the read-back goes back to the menu', async () => {
    const { event, prompter } = await call({ answers: ['', '', '', '', '', '', '', '', 'close', false, 'not_sold', '', '16:00', '', ''] });
    expect([event.outcome, event.next_at, event.premium_cents]).toEqual(['callback', '2026-11-24 16:00', 428000]); // the date offered: today's next free slot
    expect(prompter.asked.filter((a) => a.message === '下一步')).toHaveLength(3);
  });
});

describe('objections', () => {
  const dirs = dataDirs(undefined);
  const script = loadCallScript(dirs, 'zh-CN', loadLossReasons(dirs));
  const expectedReason: Record<string, string> = {
    not_due: 'other', too_expensive: 'price', telesales: 'telesales', loyal_discount: 'price', gift: 'price',
    service: 'service', elsewhere: 'other_dealer', loan: 'other',
  };

  it('the script has the eight objections, each with two or three answers and a follow-up', () => {
    expect(script.objections.map((o) => [o.id, o.answers.length >= 2 && o.answers.length <= 3, o.follow_up.length > 0])).toEqual(
      Object.keys(expectedReason).map((id) => [id, true, true]),
    );
  });

  for (const objection of script.objections) {
    it(`${objection.id}: shows its answers and follow-up, and pre-selects the loss reason "${expectedReason[objection.id]}"`, async () => {
      const { out, event, prompter } = await call({
        vehicle: { ...ZHANG, installment: objection.id === 'loan' },
        // answered, the objection, Lost, reason (the pre-selected default), note
        answers: ['', `objection:${objection.id}`, 'lost', '', '对方便宜 500'],
      });
      const answers = objection.answers.map((a, i) => `  ${i + 1}. ${a}\n`).join('');
      expect(out).toContain(`── 异议：${objection.label} ──\n${answers}  → ${objection.follow_up}\n`);
      expect([event.outcome, event.reason, event.objections, event.note]).toEqual(['lost', expectedReason[objection.id], JSON.stringify([objection.id]), '对方便宜 500']);
      const reasonPrompt = prompter.asked.find((a) => a.message === '战败原因');
      expect(reasonPrompt?.default).toBe(expectedReason[objection.id]);
    });
  }

  it('several objections are remembered in order; the latest one decides the pre-selected reason', async () => {
    const { event } = await call({ answers: ['', 'objection:service', 'objection:telesales', 'objection:service', 'lost', '', ''] });
    expect([event.objections, event.reason]).toEqual([JSON.stringify(['service', 'telesales']), 'telesales']);
  });

  it('a typical lost call takes 9 keystrokes', async () => {
    // answered (Enter), "too expensive" (3 Down + Enter), Lost (1 Up, the menu wraps, + Enter),
    // the pre-selected reason (Enter), no note (Enter).
    const { prompter, event } = await call({ answers: ['', 'objection:too_expensive', 'lost', '', ''] });
    expect([event.outcome, event.reason]).toEqual(['lost', 'price']);
    expect(prompter.keys).toBe(9);
  });
});

describe('the loan branch', () => {
  it('an instalment car gets the loan stage after the opening and the loan objection in the menu', async () => {
    const { out, prompter } = await call({ vehicle: { ...ZHANG, installment: true }, answers: ['', 'objection:loan', 'lost', '', ''] });
    expect(out).toContain('── 按揭车提醒 ──\n  另外提醒一下：您的车目前还在按揭（分期）期间');
    const menu = prompter.asked.find((a) => a.message === '下一步')?.choices?.map((c) => c.value);
    expect(menu).toContain('objection:loan');
  });

  it('other cars get neither', async () => {
    const { out, prompter } = await call({ answers: ['', 'lost', '', ''] });
    expect(out).not.toContain('按揭车提醒');
    expect(prompter.asked.find((a) => a.message === '下一步')?.choices?.map((c) => c.value)).toEqual([
      'quote', 'close', 'objection:not_due', 'objection:too_expensive', 'objection:telesales', 'objection:loyal_discount',
      'objection:gift', 'objection:service', 'objection:elsewhere', 'edit', 'do_not_call', 'not_sold', 'lost',
    ]);
  });
});

describe('every outcome from the script', () => {
  it('no answer: one select, recorded as an unanswered attempt', async () => {
    const { event, caseRow, prompter, out } = await call({ answers: ['no_answer'] });
    expect([event.outcome, caseRow.attempts, caseRow.unanswered, prompter.keys]).toEqual(['no_answer', 1, 1, 2]);
    expect(out).not.toContain('了解需求');
  });

  it('unreachable', async () => {
    const { event } = await call({ answers: ['unreachable'] });
    expect(event.outcome).toBe('unreachable');
  });

  it('not sold: books the next contact (date, time, channel) and offers the quote', async () => {
    const { event, out, caseRow } = await call({ answers: ['', 'not_sold', '2026-11-27', '15:30', 'wechat', '想再比较一下'] });
    expect(out).toContain('── 未成交：预约下次联系 ──\n  好的，不耽误您了。我稍后把报价发到您手机上，您有空看一下。\n  我们约 11月27日 15:30 再联系您，您看方便吗？\n');
    expect([event.outcome, event.next_at, event.note]).toEqual(['callback', '2026-11-27 15:30', '下次联系方式：微信; 想再比较一下']);
    expect(caseRow.next_contact_at).toBe('2026-11-27 15:30');
  });

  it('not sold: the date and time are taken as said (周五, 下午3点), and the defaults are the next free slot, never now', async () => {
    const { event, prompter } = await call({ answers: ['', 'not_sold', '周五', '下午3点', '', ''] });
    expect(event.next_at).toBe('2026-11-27 15:00');
    const [date, time] = prompter.asked.filter((a) => a.message.startsWith('下次联系'));
    expect([date?.default, time?.default]).toEqual(['2026-11-24', '09:00']); // today's next free slot; then Friday's first
    const today = await call({ answers: ['', 'not_sold', '', '', '', ''] });
    expect(today.event.next_at).toBe('2026-11-24 10:30'); // now is 10:00: the next half hour, not now
  });

  it('not sold: an empty answer takes the next free slot, skipping a callback already booked then', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24 19:40' });
    await seedVehicle(ctx.db, ZHANG);
    await seedVehicle(ctx.db, { ...ZHANG, plate: '粤A54321', vin: undefined, policies: ZHANG.policies?.map((p) => ({ ...p, policyNo: `${p.policyNo}-2` })) });
    await runCall(ctx, '粤A54321', { outcome: 'callback', next: '明天 9:00' });
    const event = await runCall({ ...ctx, stdinIsTTY: true, prompter: keyCountingPrompter(['', 'not_sold', '', '', '', '']) }, '粤A12345', {});
    expect(event.next_at).toBe('2026-11-25 09:30'); // after calling hours (20:00) and past the 09:00 booking
  });

  it('not sold with a time already past is re-asked', async () => {
    const { prompter, event } = await call({ answers: ['', 'not_sold', '2026-11-24', '09:00', '18:00', '', ''] });
    expect(prompter.rejected).toEqual([{ value: '09:00', problem: '回访时间 2026-11-24 09:00 已经过去（现在是 2026-11-24 10:00），请约一个以后的时间。' }]);
    expect(event.next_at).toBe('2026-11-24 18:00');
  });

  it('do not call until a date', async () => {
    const { event } = await call({ answers: ['', 'do_not_call', '2027-01-10', '客户出国'] });
    expect([event.outcome, event.until, event.note]).toEqual(['do_not_call', '2027-01-10', '客户出国']);
  });

  it('lost after a quote keeps the price offered', async () => {
    const { event, caseRow } = await call({ answers: ['', '', '', '', '', '', '', '', 'lost', 'other_dealer', ''] });
    expect([event.reason, event.premium_cents, caseRow.status, caseRow.quoted]).toEqual(['other_dealer', 428000, 'lost', 1]);
  });
});

describe('holiday greeting', () => {
  it('three days before National Day', async () => {
    const { out } = await call({ now: '2026-09-28 10:00', answers: ['', 'lost', '', ''] });
    expect(out).toContain('  国庆节快到了，提前祝您和家人节日快乐！\n');
  });

  it('before the Spring Festival, in English', async () => {
    const { out } = await call({ now: '2027-02-03 10:00', lang: 'en', answers: ['', 'lost', '', ''] });
    expect(out).toContain('  Spring Festival is coming up: best wishes to you and your family!\n');
  });

  it('no greeting when no major holiday is near', async () => {
    const { out } = await call({ answers: ['', 'lost', '', ''] });
    expect(out).not.toContain('节日快乐');
  });
});

describe('interruptions and refusals', () => {
  for (const at of [0, 1, 4, 9, 10]) {
    it(`Ctrl-C at prompt ${at + 1} ends the call with nothing written (exit 130)`, async () => {
      const ctx = await makeTestContext();
      await seedVehicle(ctx.db, ZHANG);
      await certify(ctx.db, USUAL_INSURERS);
      const answers: ScriptedAnswer[] = [...RENEWAL.slice(0, at), CTRL_C];
      const e = await runCall({ ...ctx, stdinIsTTY: true, prompter: keyCountingPrompter(answers) }, '粤A12345', {}).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(CancelledError);
      expect((e as CancelledError).exitCode).toBe(EXIT.cancelled);
      expect(await eventsOf(ctx.db)).toEqual([]);
      expect((await caseOf(ctx.db, 1)).status).toBe('open');
    });
  }

  it('the quote offers only certified insurers', async () => {
    const ctx = await makeTestContext();
    await seedVehicle(ctx.db, ZHANG);
    await certify(ctx.db, ['平安产险', '太平洋产险']);
    const prompter = keyCountingPrompter(['', '', '', '', '', '', '', '', '', '', '', '', '']);
    const event = await runCall({ ...ctx, stdinIsTTY: true, prompter }, '粤A12345', {});
    const insurerPrompt = prompter.asked.find((a) => a.message === '保险公司');
    expect([insurerPrompt?.choices?.map((c) => c.value), insurerPrompt?.default, event.insurer]).toEqual([['平安产险', '太平洋产险'], '平安产险', '平安产险']);
  });
});

describe('the read-back (成单核实)', () => {
  const readback = (out: string) => out.split('\n').find((l) => l.includes('车牌 粤A12345')) ?? '';

  it('reads the ID number in full there only; the rest of the call keeps it masked', async () => {
    const { out } = await call({ answers: RENEWAL });
    expect(readback(out)).toContain('身份证号 440106199001011234；');
    expect(out.split('440106199001011234')).toHaveLength(2); // once: in the read-back
  });

  it('skips facts the records lack instead of reading "—"', async () => {
    const { out } = await call({ vehicle: { ...ZHANG, model: undefined, idNo: undefined, insured: undefined }, answers: RENEWAL });
    expect(readback(out)).toBe('  行驶证车主 张伟，车牌 粤A12345，车架号 LVGBE40K8GP123456，初次登记日期 2021-12-10。');
  });

  it('names a loan vehicle\'s first beneficiary (the lender) when the export has it', async () => {
    const loan = await call({ vehicle: { ...ZHANG, installment: true, beneficiary: '中国银行广州天河支行' }, answers: RENEWAL });
    expect(readback(loan.out)).toMatch(/初次登记日期 2021-12-10；第一受益人 中国银行广州天河支行。$/);
    const en = await call({ lang: 'en', vehicle: { ...ZHANG, installment: true, beneficiary: 'Bank of China', model: undefined }, answers: ['', 'close', '', '', '', '', '', '', '', '', '', ''] });
    expect(en.out).toContain('  Registered owner 张伟, insured 张伟, ID number 440106199001011234; plate 粤A12345, VIN LVGBE40K8GP123456, first registered 2021-12-10; first beneficiary Bank of China.\n');
  });
});

describe('certified insurers only', () => {
  it('with certified_insurers unset the quote stage is refused with one line naming the setting and its command', async () => {
    const ctx = await makeTestContext();
    await seedVehicle(ctx.db, ZHANG); // last year with 中国人保: seen in an import, still not certified
    const e = (await runCall({ ...ctx, stdinIsTTY: true, prompter: keyCountingPrompter(['', 'quote']) }, '粤A12345', {}).catch((err: unknown) => err)) as RenewError;
    expect([e.key, e.hintKey, ctx.t(e.key, e.vars)]).toEqual([
      'call.noInsurers', undefined,
      '本店还没有设置认证保险公司（certified_insurers），不能报价，也不能登记续保成功；设置方法：renew settings certified_insurers \'["中国人保","平安产险"]\'',
    ]);
    expect(await eventsOf(ctx.db)).toEqual([]);
  });

  it('a certified list written with aliases offers each insurer once, by its canonical name', async () => {
    const ctx = await makeTestContext();
    await seedVehicle(ctx.db, ZHANG);
    await certify(ctx.db, ['人保', '中国人民财产保险股份有限公司', '平安']);
    const prompter = keyCountingPrompter(['', '', '', '', '', '', '', '', '', '', '', '', '']);
    const event = await runCall({ ...ctx, stdinIsTTY: true, prompter }, '粤A12345', {});
    const insurerPrompt = prompter.asked.find((a) => a.message === '保险公司');
    expect([insurerPrompt?.choices?.map((c) => c.value), insurerPrompt?.default, event.insurer]).toEqual([['中国人保', '平安产险'], '中国人保', '中国人保']);
  });
});

describe('English script', () => {
  it('fills the same placeholders', async () => {
    const { out } = await call({ lang: 'en', answers: ['', 'close', '', '', '', '', '', '', '', '', '', ''] });
    expect(out).toContain('  Hello Mr 张伟, this is 李娜 from the insurance service centre at 本店.\n');
    expect(out).toContain('  The cover starts on 2026-12-16 and runs for one year.\n  Total 4,280.00 yuan.\n');
  });
});

describe('time and duration', () => {
  it('a scripted call is dated when it began and records how long it took', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24 10:00' });
    await seedVehicle(ctx.db, { ...ZHANG });
    let clock = ctx.now().getTime();
    const prompter = keyCountingPrompter(['no_answer']);
    const ask = prompter.select.bind(prompter);
    // Ten seconds pass at the prompt.
    prompter.select = (async (...args: Parameters<typeof ask>) => {
      clock += 10_000;
      return ask(...args);
    }) as typeof prompter.select;
    const event = await runCall({ ...ctx, now: () => new Date(clock), stdinIsTTY: true, prompter }, '粤A12345', {});
    expect([event.at, event.recorded_at, event.duration_s]).toEqual(['2026-11-24 10:00:00', '2026-11-24 10:00:10', 10]);
  });

  it('warns at the top when the customer asked not to be called yet', async () => {
    const ctx = await makeTestContext();
    await seedVehicle(ctx.db, ZHANG);
    await runCall(ctx, '粤A12345', { outcome: 'do_not_call', until: '2026-12-01' });
    await runCall({ ...ctx, stdinIsTTY: true, prompter: keyCountingPrompter(['no_answer']) }, '粤A12345', {});
    expect(ctx.stdout.text).toContain('（还有 21 天）\n注意：客户要求 2026-12-01 之前不要打电话。\n');
  });
});
