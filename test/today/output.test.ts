import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/rules/clock.js';
import { saveSetting } from '../../src/storage/queries/settings.js';
import { translator } from '../../src/i18n/index.js';
import { runToday } from '../../src/commands/today.js';
import { explainPlate } from '../../src/features/today/run.js';
import { printExplanation } from '../../src/ui/today.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { seedCase, seedEvents } from '../helpers/seed-cases.js';

const TODAY = '2026-11-24';
const day = (n: number) => addDays(TODAY, n);
let ctx: TestContext;
afterEach(async () => ctx?.store.close());

/** One vehicle per group, with a Chinese owner name for width checks. */
async function seedMorning(c: TestContext) {
  await saveSetting(c.db, 'certified_insurers', '["中国人保"]', 'now'); // else every run warns that it is unset
  const cb = await seedCase(c.db, { plate: '粤A11111', owner: '欧阳娜娜', phone: '13911112222', idNo: '44010619850315002X', end: day(12) });
  await seedEvents(c.db, cb, [{ at: `${day(-2)} 10:00:00`, outcome: 'callback', nextAt: `${TODAY} 14:30` }]);
  await seedCase(c.db, { plate: '粤A22222', owner: '李雷', phone: '13722223333', idNo: '440106199001011234', installment: true, compulsoryEnd: day(5), commercialEnd: day(20), insurer: '人保财险' });
  await seedCase(c.db, { plate: '粤A33333', owner: 'Wang Fang', phone: '13633334444', idNo: '440106198812120041', end: day(52), premiumCents: 612_345 });
  await seedCase(c.db, { plate: '粤A44444', owner: '张伟', phone: '13544445555', idNo: null, end: day(-9), insurer: '太平洋产险' });
}

describe('renew today output', () => {
  it('--json prints the exact document', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤A22222', owner: '李雷', phone: '13722223333', idNo: '440106199001011234', installment: true, compulsoryEnd: day(5), commercialEnd: day(20), insurer: '人保财险', specialist: '小王' });
    await runToday(ctx, { format: 'json' });
    const entry = (phone: string) => ({
      plate: '粤A22222', owner: '李雷', phone, id_no: '440***********1234', end_date: '2026-11-29', days_left: 5,
      kinds: ['compulsory', 'commercial'], compulsory_end: '2026-11-29', commercial_end: '2026-12-14', ends_differ: true,
      insurer: '人保财险', last_premium: 4000, attempts: 0, unanswered: 0, loan: true, specialist: '小王', callback_at: null,
      do_not_call: false, priority: 99,
    });
    expect(JSON.parse(ctx.stdout.text)).toEqual({
      date: TODAY, calling_hours: '09:00-20:00', calling_now: true,
      callbacks: [], calls: [{ ...entry('13722223333'), quote: { state: 'none', best_total: null } }], sms: [entry('137****3333')], lapsed: [],
    });
    expect(ctx.stdout.text.endsWith('}\n')).toBe(true);
  });

  it('--csv writes the same rows for Excel: BOM, CRLF, formulas neutralised', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤A55555', owner: '=HYPERLINK("http://x","点我")', phone: '13812345678', idNo: '440106199001011234', end: day(3), specialist: '小王' });
    await runToday(ctx, { format: 'csv' });
    expect(ctx.stdout.text).toBe(
      '\uFEFF分组,车牌,车主,电话,证件号,到期日,剩余天数,险种,交强险到期日,商业险到期日,上年保险公司,上年保费,已拨次数,贷款车,专员,约定时间,优先级\r\n' +
      `拨打,粤A55555,"'=HYPERLINK(""http://x"",""点我"")",13812345678,440***********1234,${day(3)},3,交强+商业,${day(3)},${day(3)},平安产险,4000,0,0,小王,,88\r\n` +
      `短信,粤A55555,"'=HYPERLINK(""http://x"",""点我"")",138****5678,440***********1234,${day(3)},3,交强+商业,${day(3)},${day(3)},平安产险,4000,0,0,小王,,88\r\n`,
    );
    // In English the export keeps the field names programs read.
    ctx.stdout.text = '';
    ctx.t = translator('en');
    await runToday(ctx, { format: 'csv' });
    expect(ctx.stdout.text.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFgroup,plate,owner,phone,id_no,end_date,days_left,kinds,compulsory_end,commercial_end,insurer,last_premium,attempts,loan,specialist,callback_at,priority',
      `calls,粤A55555,"'=HYPERLINK(""http://x"",""点我"")",13812345678,440***********1234,${day(3)},3,compulsory+commercial,${day(3)},${day(3)},平安产险,4000,0,0,小王,,88`,
    ]);
  });

  it('masks phones outside the dialling groups and IDs everywhere; --reveal shows them', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedMorning(ctx);
    await runToday(ctx, { format: 'json' });
    const doc = JSON.parse(ctx.stdout.text);
    expect(doc.callbacks[0].phone).toBe('13911112222');
    expect(doc.calls[0].phone).toBe('13722223333');
    expect(doc.sms.map((e: { phone: string }) => e.phone)).toEqual(['137****3333', '139****2222', '136****4444']);
    expect(doc.lapsed[0].phone).toBe('13544445555');
    expect(doc.callbacks[0].id_no).toBe('440***********002X');
    ctx.stdout.text = '';
    ctx.reveal = true;
    await runToday(ctx, { format: 'json' });
    const revealed = JSON.parse(ctx.stdout.text);
    expect(revealed.sms[0].phone).toBe('13722223333');
    expect(revealed.callbacks[0].id_no).toBe('44010619850315002X');
  });

  it('golden: the TTY screen', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, isTTY: true });
    await seedMorning(ctx);
    await runToday(ctx, { format: 'screen' });
    expect(ctx.stdout.text).toBe(GOLDEN_SCREEN);
  });

  it('golden: piped output is one tab-separated table', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, lang: 'en' });
    await seedMorning(ctx);
    await runToday(ctx, { format: 'screen' });
    expect(ctx.stdout.text).toBe(GOLDEN_TSV);
    expect(ctx.stderr.text).toBe('');
  });

  it('pages long groups on a TTY and says how to see the rest', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, isTTY: true, lang: 'en' });
    for (let i = 0; i < 13; i++) await seedCase(ctx.db, { plate: `粤B1000${String(i).padStart(2, '0')}`, end: day(50) });
    await runToday(ctx, { format: 'screen' });
    expect(ctx.stdout.text).toContain('Renewal SMS to send (13)');
    expect(ctx.stdout.text).toContain('3 more not shown: raise --limit, or use --group sms to see this group alone.');
    expect(ctx.stdout.text.split('\n').filter((l) => l.includes('粤B1000')).length).toBe(10);
    ctx.stdout.text = '';
    await runToday(ctx, { format: 'screen', group: 'sms' });
    expect(ctx.stdout.text.split('\n').filter((l) => l.includes('粤B1000')).length).toBe(13);
    expect(ctx.stdout.text).not.toContain('more not shown');
  });

  it('outside calling hours still lists calls and callbacks but says not to call now', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 20:30`, isTTY: true });
    await seedMorning(ctx);
    await runToday(ctx, { format: 'screen' });
    expect(ctx.stdout.text).toContain('现在不在拨打时段（09:00-20:00）：回访和拨打名单照常列出，请到时段内再打。');
    expect(ctx.stdout.text).toContain('今天要拨打（1，按优先级） （现在不宜拨打）');
    expect(ctx.stdout.text).toContain('约好今天回访（1） （现在不宜拨打）');
    expect(ctx.stdout.text).toContain('粤A22222');
    ctx.stdout.text = '';
    await runToday(ctx, { format: 'json' });
    expect(JSON.parse(ctx.stdout.text)).toMatchObject({ calling_now: false, calling_hours: '09:00-20:00' });
    // Piped: the data stays clean, the note goes to stderr.
    const piped = await makeTestContext({ now: `${TODAY} 08:59` });
    await seedMorning(piped);
    await runToday(piped, { format: 'screen' });
    expect(piped.stderr.text).toBe('现在不在拨打时段（09:00-20:00）：回访和拨打名单照常列出，请到时段内再打。\n');
    await piped.store.close();
  });

  it('an empty day says so and succeeds', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, isTTY: true });
    await seedCase(ctx.db, { plate: '粤A99999', end: day(200) });
    await runToday(ctx, { format: 'screen' });
    expect(ctx.stdout.text).toBe('2026-11-24 没有待办：没有要回访、拨打、发短信或已脱保的客户。\n');
    ctx.stdout.text = '';
    await runToday(ctx, { format: 'json' });
    expect(JSON.parse(ctx.stdout.text)).toEqual({ date: TODAY, calling_hours: '09:00-20:00', calling_now: true, callbacks: [], calls: [], sms: [], lapsed: [] });
  });

  it('an empty database is an error that says how to import', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await expect(runToday(ctx, { format: 'screen' })).rejects.toMatchObject({ key: 'errors.emptyDatabase', exitCode: 1, hintKey: 'errors.emptyDatabaseHint' });
    expect(ctx.stdout.text).toBe('');
  });

  it('--explain lists the factors that sum to the score', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, lang: 'en' });
    const c = await seedCase(ctx.db, { plate: '粤A22222', installment: true, compulsoryEnd: day(5), commercialEnd: day(20), premiumCents: 512_300 });
    await seedEvents(ctx.db, c, [{ at: `${day(-3)} 10:00:00`, outcome: 'no_answer' }]);
    const e = await explainPlate(ctx, '粤a 22222', undefined);
    expect(e).toEqual({
      plate: '粤A22222', end_date: day(5), days_left: 5, group: 'calls', priority: 97.1,
      factors: [
        { factor: 'days_left', value: 40, weight: 2, points: 80 },
        { factor: 'attempts', value: 1, weight: -3, points: -3 },
        { factor: 'reached', value: 0, weight: 4, points: 0 },
        { factor: 'loan', value: 1, weight: 15, points: 15 },
        { factor: 'premium', value: 5.1, weight: 1, points: 5.1 },
      ],
    });
    expect(e.factors.reduce((s, f) => s + f.points, 0)).toBeCloseTo(e.priority, 6);
    await printExplanation(ctx, e, false);
    expect(ctx.stdout.text).toBe(
      '粤A22222: ends 2026-11-29, 5 days left, group today: calls\n' +
      'Factor                               Value  Weight  Points\n' +
      'closeness (call lead - days left)       40       2    80.0\n' +
      'calls made                               1      -3    -3.0\n' +
      'answered before                          0       4     0.0\n' +
      'loan car (renews through the store)      1      15    15.0\n' +
      "last year's premium (1,000 yuan)       5.1       1     5.1\n" +
      'Total                                                 97.1\n',
    );
    // An unknown plate gets the one plate lookup's answer (with suggestions); a plate without its province character is found.
    await expect(explainPlate(ctx, '粤Z99999', undefined)).rejects.toMatchObject({ key: 'call.unknownPlate' });
    expect((await explainPlate(ctx, 'a22222', undefined)).plate).toBe('粤A22222');
  });

  it('--limit gives the true top N by score when the window holds more (scored in SQL, exact counts)', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, lang: 'en' });
    // Soonest first would pick C0..C2; the score puts a loan car 44 days out with a
    // large premium first (a read of only the soonest cases would miss it).
    for (let i = 0; i < 6; i++) await seedCase(ctx.db, { plate: `粤C1000${i}`, end: day(i), premiumCents: 300_000 });
    await seedCase(ctx.db, { plate: '粤C20000', end: day(30), installment: true, premiumCents: 4_000_000 }); // 30 + 15 + 40 = 85
    const late = await seedCase(ctx.db, { plate: '粤C20001', end: day(40), premiumCents: 300_000 });
    await seedEvents(ctx.db, late, [{ at: `${day(-3)} 10:00:00`, outcome: 'no_answer' }]);
    await seedCase(ctx.db, { plate: '粤C20002', end: day(44), installment: true, premiumCents: 10_000_000 }); // 2 + 15 + 100 = 117
    const { buildTodayQueue } = await import('../../src/features/today/groups.js');
    const { loadSettings } = await import('../../src/storage/queries/settings.js');
    const settings = await loadSettings(ctx.db);
    const all = await buildTodayQueue(ctx.db, settings, { date: TODAY, time: '10:00', only: 'calls' });
    const top = await buildTodayQueue(ctx.db, settings, { date: TODAY, time: '10:00', only: 'calls', limit: 3 });
    // The full list sorted in JS by the JS score equals the SQL order, and the top 3 is its head.
    const byScore = [...all.groups.calls].sort((a, b) => b.priority.raw - a.priority.raw || a.days_left - b.days_left);
    expect(all.groups.calls.map((e) => e.row.plate)).toEqual(byScore.map((e) => e.row.plate));
    expect(top.groups.calls.map((e) => [e.row.plate, e.priority.score])).toEqual([['粤C20002', 117], ['粤C10000', 93], ['粤C10001', 91]]);
    expect(top.totals.calls).toBe(9);
    // The SQL score is the JS score, exactly (tenths).
    const { sql } = await import('kysely');
    const { effectiveWeights, prioritySql } = await import('../../src/features/today/priority.js');
    const score = prioritySql(effectiveWeights(settings.priority_weights), { first: TODAY, last: day(45), today: TODAY, callLeadDays: 45 });
    const inSql = await ctx.db.selectFrom('renewal_cases as c').innerJoin('vehicles as v', 'v.id', 'c.vehicle_id').select(['v.plate', sql<number>`${score}`.as('raw')]).execute();
    expect(Object.fromEntries(inSql.map((r) => [r.plate, Number(r.raw)]))).toEqual(Object.fromEntries(all.groups.calls.map((e) => [e.row.plate, e.priority.raw])));
    await runToday(ctx, { format: 'screen', group: 'calls', limit: 2 });
    expect(ctx.stdout.text.split('\n').slice(1, 3).map((l) => l.split('\t')[1])).toEqual(['粤C20002', '粤C10000']);
  });
});

const GOLDEN_SCREEN = [
  "2026-11-24 今日待办 · 回访 1 · 拨打 1 · 短信 3 · 脱保 1",
  "",
  "约好今天回访（1）",
  "┌──────────────────┬──────────┬──────────┬─────────────┬────────────────────┬────────────┬──────────┬────────┐",
  "│ 约定时间         │ 车牌     │ 车主     │ 电话        │ 证件号             │ 到期日     │ 已拨次数 │ 优先级 │",
  "├──────────────────┼──────────┼──────────┼─────────────┼────────────────────┼────────────┼──────────┼────────┤",
  "│ 2026-11-24 14:30 │ 粤A11111 │ 欧阳娜娜 │ 13911112222 │ 440***********002X │ 2026-12-06 │        1 │   71.0 │",
  "└──────────────────┴──────────┴──────────┴─────────────┴────────────────────┴────────────┴──────────┴────────┘",
  "",
  "今天要拨打（1，按优先级）",
  "┌────────┬──────────┬──────┬─────────────┬────────────────────┬────────────────────────────────┬──────────┬──────────────┬──────────┬────────┐",
  "│ 优先级 │ 车牌     │ 车主 │ 电话        │ 证件号             │ 到期日                         │ 剩余天数 │ 上年保险公司 │ 已拨次数 │ 贷款车 │",
  "├────────┼──────────┼──────┼─────────────┼────────────────────┼────────────────────────────────┼──────────┼──────────────┼──────────┼────────┤",
  "│   99.0 │ 粤A22222 │ 李雷 │ 13722223333 │ 440***********1234 │ 交强 2026-11-29                │        5 │ 人保财险     │        0 │ 是     │",
  "│        │          │      │             │                    │ 商业 2026-12-14 （到期日不同） │          │              │          │        │",
  "└────────┴──────────┴──────┴─────────────┴────────────────────┴────────────────────────────────┴──────────┴──────────────┴──────────┴────────┘",
  "",
  "今天要发续保短信（3）",
  "┌──────────┬───────────┬─────────────┬────────────────────────────────┬──────────┐",
  "│ 车牌     │ 车主      │ 电话        │ 到期日                         │ 剩余天数 │",
  "├──────────┼───────────┼─────────────┼────────────────────────────────┼──────────┤",
  "│ 粤A22222 │ 李雷      │ 137****3333 │ 交强 2026-11-29                │        5 │",
  "│          │           │             │ 商业 2026-12-14 （到期日不同） │          │",
  "│ 粤A11111 │ 欧阳娜娜  │ 139****2222 │ 2026-12-06                     │       12 │",
  "│ 粤A33333 │ Wang Fang │ 136****4444 │ 2027-01-15                     │       52 │",
  "└──────────┴───────────┴─────────────┴────────────────────────────────┴──────────┘",
  "",
  "保险已到期未续（1，有脱保风险）",
  "┌──────────┬──────┬─────────────┬────────────┬────────────┬──────────────┬──────┐",
  "│ 车牌     │ 车主 │ 电话        │ 到期日     │ 已脱保天数 │ 上年保险公司 │ 备注 │",
  "├──────────┼──────┼─────────────┼────────────┼────────────┼──────────────┼──────┤",
  "│ 粤A44444 │ 张伟 │ 13544445555 │ 2026-11-15 │          9 │ 太平洋产险   │      │",
  "└──────────┴──────┴─────────────┴────────────┴────────────┴──────────────┴──────┘",
].join('\n') + '\n';
const GOLDEN_TSV = [
  "group\tplate\towner\tphone\tid_no\tend_date\tdays_left\tkinds\tcompulsory_end\tcommercial_end\tinsurer\tlast_premium\tattempts\tloan\tspecialist\tcallback_at\tpriority",
  "callbacks\t粤A11111\t欧阳娜娜\t13911112222\t440***********002X\t2026-12-06\t12\tcompulsory+commercial\t2026-12-06\t2026-12-06\t平安产险\t4000\t1\t0\t小王\t2026-11-24 14:30\t71",
  "calls\t粤A22222\t李雷\t13722223333\t440***********1234\t2026-11-29\t5\tcompulsory+commercial\t2026-11-29\t2026-12-14\t人保财险\t4000\t0\t1\t小王\t\t99",
  "sms\t粤A22222\t李雷\t137****3333\t440***********1234\t2026-11-29\t5\tcompulsory+commercial\t2026-11-29\t2026-12-14\t人保财险\t4000\t0\t1\t小王\t\t99",
  "sms\t粤A11111\t欧阳娜娜\t139****2222\t440***********002X\t2026-12-06\t12\tcompulsory+commercial\t2026-12-06\t2026-12-06\t平安产险\t4000\t1\t0\t小王\t\t71",
  "sms\t粤A33333\tWang Fang\t136****4444\t440***********0041\t2027-01-15\t52\tcompulsory+commercial\t2027-01-15\t2027-01-15\t平安产险\t6123.45\t0\t0\t小王\t\t-7.9",
  "lapsed\t粤A44444\t张伟\t13544445555\t\t2026-11-15\t-9\tcompulsory+commercial\t2026-11-15\t2026-11-15\t太平洋产险\t4000\t0\t0\t小王\t\t112",
].join('\n') + '\n';

describe('certified insurers', () => {
  it('warns on stderr, in one line with the command, while certified_insurers is unset', async () => {
    const c = await makeTestContext({ now: '2026-11-24 10:00', lang: 'en' });
    await seedCase(c.db, { plate: '粤A22222', owner: '李雷', phone: '13722223333', end: '2026-11-30' });
    await runToday(c, { format: 'csv' });
    expect(c.stderr.text.split('\n')[0]).toBe(
      'Certified insurers (certified_insurers) are not set: calls cannot quote or record a renewal until they are. Set them with: renew settings certified_insurers \'["中国人保","平安产险"]\'',
    );
  });
});
