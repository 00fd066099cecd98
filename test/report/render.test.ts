/**
 * Golden text: the whole TTY report (a terminal without colour, 80 columns), the
 * Markdown in both languages and the CSV, compared with files under
 * fixtures/report/. Set RENEW_UPDATE_GOLDEN=1 to rewrite them after a deliberate
 * change, then read the diff.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/i18n/index.js';
import { buildMonthReport } from '../../src/features/report/build.js';
import { bar, wrap } from '../../src/ui/report/format.js';
import { runReport } from '../../src/features/report/index.js';
import { renderReport } from '../../src/ui/report/render.js';
import { makeTestContext, tempDir } from '../helpers/context.js';
import { expectGolden } from '../helpers/golden.js';
import { addTarget, seedOctober } from './seed.js';
import { seedOctoberQuotes } from './seed-quotes.js';

const golden = (name: string, actual: string) => expectGolden(new URL(`../../fixtures/report/${name}`, import.meta.url).pathname, actual);

async function october(lang: Lang, isTTY = true) {
  const ctx = await makeTestContext({ now: '2026-11-01 09:00', lang, isTTY });
  await seedOctober(ctx);
  await seedOctoberQuotes(ctx);
  await addTarget(ctx, '2026-10', '', { vehicles: 5, premiumCents: 2_000_000, rate: 0.5 });
  await addTarget(ctx, '2026-10', '张丽', { vehicles: 4 });
  return { ctx, report: await buildMonthReport(ctx, '2026-10') };
}

describe('golden reports', () => {
  it('TTY, zh-CN, 80 columns', async () => {
    const { ctx, report } = await october('zh-CN');
    golden('october.zh-CN.tty.txt', await renderReport(ctx, report, 'tty', 80));
  });

  it('TTY, en, 80 columns', async () => {
    const { ctx, report } = await october('en');
    golden('october.en.tty.txt', await renderReport(ctx, report, 'tty', 80));
  });

  it('leaves out the specialist attainment columns when no specialist has a target', async () => {
    const ctx = await makeTestContext({ now: '2026-11-01 09:00', isTTY: true });
    await seedOctober(ctx);
    const text = await renderReport(ctx, await buildMonthReport(ctx, '2026-10'), 'tty', 80);
    expect(text).toContain('│ 专员       │ 到期 │ 续保 │ 战败 │ 未结 │ 续保率 │ 续保保费（元） │\n');
    expect(text).toContain('本月未设门店目标，达成率不计算。设置：renew target set --month 2026-10 --vehicles 台数 --premium 保费 --rate 0.65\n');
    // Nobody named a cheaper price: the price gap section says so in one line.
    expect(text).toContain('▌价格差距（客户提到的其他渠道价格）\n本月没有客户提到其他渠道更便宜的价格。\n');
  });

  it('piped (not a TTY): plain aligned tables, no borders', async () => {
    const { ctx, report } = await october('zh-CN', false);
    const text = await renderReport(ctx, report, 'tty', 80);
    expect(text).not.toContain('┌');
    expect(text).toContain('▌目标达成\n指标                 实际       目标   达成\n到期台数                9\n续保台数                3          5  60.0%\n');
  });

  it('Markdown, zh-CN and en', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const { ctx, report } = await october(lang);
      golden(`october.${lang}.md`, await renderReport(ctx, report, 'md'));
    }
  });

  it('CSV in English: the codes of --json, exact', async () => {
    const { ctx, report } = await october('en');
    const csv = await renderReport(ctx, report, 'csv');
    expect(csv.startsWith('\uFEFFsection,item,metric,value\r\nsummary,,month,2026-10\r\nsummary,,due,9\r\n')).toBe(true);
    golden('october.csv', csv);
  });

  it('CSV in Chinese: Chinese headers, sections, metrics, reasons and objections as the call menu names them, exact', async () => {
    const { ctx, report } = await october('zh-CN');
    const csv = await renderReport(ctx, report, 'csv');
    expect(csv.startsWith('\uFEFF部分,项目,指标,数值\r\n汇总,,月份,2026-10\r\n汇总,,到期台数,9\r\n')).toBe(true);
    expect(csv).toContain('\r\n异议,异议：电销更便宜（保险公司电销/网销更便宜）,台数,1\r\n');
    expect(csv).not.toMatch(/loss_reason|telesales|summary/);
    golden('october.zh-CN.csv', csv);
  });

  it('narrow terminals get shorter bars, wide ones stop at 40 columns', async () => {
    const { ctx, report } = await october('zh-CN');
    const funnelLine = async (width: number) => (await renderReport(ctx, report, 'tty', width)).split('\n').find((l) => l.startsWith('当月到期')) ?? '';
    // Labels padded to the widest (已发建议书, 10 columns); the counts take 9.
    expect(await funnelLine(60)).toBe(`当月到期    ${'█'.repeat(60 - 10 - 9 - 4)}  9  100.0%`);
    expect(await funnelLine(200)).toBe(`当月到期    ${'█'.repeat(40)}  9  100.0%`);
  });
});

describe('drawing helpers', () => {
  it('bars in eighths of a block', () => {
    expect(bar(1, 2, 10)).toBe('█████');
    expect(bar(1, 3, 10)).toBe('███▍'); // 26.7 eighths -> 3 blocks and 3/8
    expect(bar(0, 3, 10)).toBe('');
    expect(bar(0.001, 3, 10)).toBe('▏');
    expect(bar(5, 0, 10)).toBe('');
  });

  it('wraps Chinese anywhere, English at spaces, never starting a line with punctuation', () => {
    expect(wrap('一二三四五，六七八', 10)).toEqual(['一二三四五，', '六七八']);
    expect(wrap('call back at different times', 12)).toEqual(['call back at', 'different', 'times']);
  });
});

describe('writing to a file', () => {
  it('writes Markdown to -o, says where on stderr, refuses to overwrite without --force', async () => {
    const { ctx } = await october('zh-CN');
    const path = `${tempDir()}/report.md`;
    await runReport(ctx, { month: '2026-10', format: 'md', output: path }, renderReport);
    expect(ctx.stdout.text).toBe('');
    expect(ctx.stderr.text).toBe(`报告已写入 ${path}\n`);
    expect(readFileSync(path, 'utf8').startsWith('# 本店 · 2026年10月续保月报\n')).toBe(true);
    await expect(runReport(ctx, { month: '2026-10', format: 'md', output: path }, renderReport)).rejects.toMatchObject({ key: 'errors.fileExists' });
    await runReport(ctx, { month: '2026-10', format: 'csv', output: path, force: true }, renderReport);
    expect(readFileSync(path, 'utf8').startsWith('\uFEFF部分,项目,指标,数值')).toBe(true);
  });
});
