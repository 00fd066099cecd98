/** Issue 12.8: the screen fits the terminal, the headline counts every group, unknown specialists, lapsed phones. */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/rules/clock.js';
import { RenewError } from '../../src/errors.js';
import { runToday } from '../../src/commands/today.js';
import { displayWidth } from '../../src/ui/terminal.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { seedCase } from '../helpers/seed-cases.js';

const TODAY = '2026-11-24';
const day = (n: number) => addDays(TODAY, n);
let ctx: TestContext;
afterEach(async () => ctx?.store.close());

async function seedWide(c: TestContext) {
  await seedCase(c.db, { plate: '粤A22222', owner: '欧阳娜娜娜', phone: '13722223333', idNo: '440106199001011234', installment: true, compulsoryEnd: day(5), commercialEnd: day(20), insurer: '中国人民财产保险股份有限公司' });
  await seedCase(c.db, { plate: '粤A33333', owner: '司马相如', phone: '13633334444', idNo: '440106198812120041', end: day(52), insurer: '中国太平洋财产保险股份有限公司' });
  await seedCase(c.db, { plate: '粤A44444', owner: '张伟', phone: '13544445555', idNo: null, end: day(-9), insurer: '中国平安财产保险股份有限公司' });
}

describe('renew today fits the terminal (12.8)', () => {
  it.each([80, 100])('at %i columns no line is wider than the terminal, in both languages', async (columns) => {
    for (const lang of ['zh-CN', 'en'] as const) {
      ctx = await makeTestContext({ now: `${TODAY} 10:00`, isTTY: true, lang });
      ctx.columns = columns;
      await seedWide(ctx);
      await runToday(ctx, { format: 'screen' });
      const lines = ctx.stdout.text.split('\n');
      expect(lines.filter((l) => displayWidth(l) > columns)).toEqual([]);
      expect(ctx.stdout.text).toContain('粤A22222');
      expect(ctx.stdout.text).toContain('13722223333');
      await ctx.store.close();
    }
  });

  it('keeps every column when the terminal is wide enough', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, isTTY: true, lang: 'en' });
    ctx.columns = 300;
    await seedWide(ctx);
    await runToday(ctx, { format: 'screen' });
    expect(ctx.stdout.text).toContain('中国人民财产保险股份有限公司');
    expect(ctx.stdout.text).toContain('440***********1234');
  });

  it('the headline counts every group even when --group shows one', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, isTTY: true, lang: 'en' });
    await seedWide(ctx);
    await runToday(ctx, { format: 'screen', group: 'calls' });
    const headline = ctx.stdout.text.split('\n')[0] ?? '';
    expect(headline).toMatch(/calls 1/);
    expect(headline).toMatch(/sms 2/);
    expect(headline).toMatch(/lapsed 1/i);
    expect(ctx.stdout.text).not.toContain('粤A33333');
  });

  it('an unknown --specialist says so, lists the known names and exits 64', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, lang: 'en' });
    await seedCase(ctx.db, { plate: '粤A22222', end: day(5), specialist: '小王' });
    await seedCase(ctx.db, { plate: '粤A33333', end: day(5), specialist: '小李' });
    const e = await runToday(ctx, { format: 'screen', specialist: '小张' }).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(RenewError);
    expect((e as RenewError).exitCode).toBe(64);
    expect(ctx.t((e as RenewError).key, (e as RenewError).vars)).toBe('No specialist is called "小张". Known specialists: 小李, 小王');
  });

  it('the lapsed group shows a dialable phone like the other call groups', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, lang: 'en' });
    await seedCase(ctx.db, { plate: '粤A44444', phone: '13544445555', end: day(-9) });
    await runToday(ctx, { format: 'json' });
    expect(JSON.parse(ctx.stdout.text).lapsed[0].phone).toBe('13544445555');
  });
});
