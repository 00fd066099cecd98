import { describe, expect, it } from 'vitest';
import { printFileSummary, printTotal } from '../../src/features/import/summary.js';
import { makeTestContext } from '../helpers/context.js';
import { fixture, run } from './helpers.js';

describe('stderr summary', () => {
  it('zh-CN: counts, checksum warnings with masked values, the first rejected rows and where the rest are', async () => {
    const ctx = await makeTestContext();
    const path = fixture('bad-rows.csv');
    const s = await run(ctx, path);
    printFileSummary(ctx, s);
    printTotal(ctx, [{ file: path, summary: s }, { file: path, summary: s }]);
    expect(ctx.stderr.text).toBe(
      [
        `${path}（utf8，每行一张保单）：共 17 行，新增 2，更新 0，未变 0，退回 15。`,
        '车架号校验位不符（仍已导入，请核对）：1 行',
        '  行 16：LSVAB2180E2123456',
        '身份证号校验位不符（仍已导入，请核对）：1 行',
        '  行 16：440***********1234',
        '  第 2 行 车牌号：必填项为空',
        '  第 3 行 车牌号：车牌号格式不对 (粤A1234)',
        '  第 4 行 保险止期：不是有效日期 (2026-02-30)',
        '  第 5 行 保费：保费不是金额 (九百)',
        '  第 6 行 联系电话：不是有效的手机或固话号码 (***45)',
        '  第 7 行 车架号：车架号应为 17 位字母数字（不含 I、O、Q） (LSVAB218XE212345)',
        '  第 8 行 身份证号：证件号码格式不对 (*****)',
        '  第 9 行 身份证号：被 Excel 变成了科学计数法，原始号码已丢失，请把该列设为“文本”后重新导出 (4.4****E+17)',
        '  第 10 行 险种类型：险种应为 交强险 或 商业险 (意外险)',
        '  第 11 行 是否分期：应为 是 或 否 (也许)',
        '  ……另有 5 行，见退回文件。',
        `被退回的行已写入 ${path}.rejects.csv（修改后可直接再导入这个文件）。`,
        '合计 2 个文件：共 34 行，新增 4，更新 0，未变 0，退回 30。',
        '',
      ].join('\n'),
    );
  });

  it('--strict and --dry-run say what happened to the file', async () => {
    const ctx = await makeTestContext({ lang: 'en' });
    const s = await run(ctx, fixture('bad-rows.csv'), { strict: true, dryRun: true });
    printFileSummary(ctx, s);
    const lines = ctx.stderr.text.split('\n');
    expect(lines[0]).toMatch(/dry run, nothing written\. 17 rows: would add 0, update 0, leave 0 unchanged, reject 17\.$/);
    expect(lines[1]).toBe('--strict and 15 rows are bad: nothing from the file was imported.');
    expect(lines.at(-2)).toBe('A dry run writes no rejects file.');
  });
});
