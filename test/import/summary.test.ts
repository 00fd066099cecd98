import { describe, expect, it } from 'vitest';
import { printFileSummary, printTotal } from '../../src/features/import/summary.js';
import { makeTestContext } from '../helpers/context.js';
import { fixture, run } from './helpers.js';

describe('stderr summary', () => {
  it('zh-CN: counts, warnings per column with masked values and the warnings file, the first rejected rows and where they are', async () => {
    const ctx = await makeTestContext();
    const path = fixture('bad-rows.csv');
    const s = await run(ctx, path);
    printFileSummary(ctx, s);
    printTotal(ctx, [{ file: path, summary: s }, { file: path, summary: s }]);
    expect(ctx.stderr.text).toBe(
      [
        `${path}（utf8，每行一张保单）：共 17 行，新增 9，更新 0，未变 0，退回 8，有提示 8。`,
        '联系电话：不是有效的手机或固话号码；此项留空，整行照常导入（已有的值保留）：1 行',
        '  行 6：***45',
        '车架号：车架号应为 17 位字母数字（不含 I、O、Q）；此项留空，整行照常导入（已有的值保留）：1 行',
        '  行 7：LSVAB218XE212345',
        '身份证号：证件号码格式不对；此项留空，整行照常导入（已有的值保留）：1 行',
        '  行 8：*****',
        '身份证号：被 Excel 变成了科学计数法，原始号码已丢失，请把该列设为“文本”后重新导出；此项留空，整行照常导入（已有的值保留）：1 行',
        '  行 9：4.4****E+17',
        '是否分期：应为 是 或 否；此项留空，整行照常导入（已有的值保留）：1 行',
        '  行 11：也许',
        '车架号：校验位不符（仍已导入，请核对）：1 行',
        '  行 16：LSVAB2180E2123456',
        '身份证号：校验位不符或出生日期不存在（仍已导入，请核对）：1 行',
        '  行 16：440***********1234',
        '车架号：被 Excel 变成了科学计数法，原始号码已丢失，请把该列设为“文本”后重新导出；此项留空，整行照常导入（已有的值保留）：1 行',
        '  行 17：1.23457E+16',
        '联系电话：被 Excel 变成了科学计数法，原始号码已丢失，请把该列设为“文本”后重新导出；此项留空，整行照常导入（已有的值保留）：1 行',
        '  行 18：1.3****E+10',
        `有提示的行已写入 ${path}.warnings.csv（补正后可再导入这个文件）。`,
        '  第 2 行 车牌号：必填项为空',
        '  第 3 行 车牌号：车牌号格式不对 (粤A1234)',
        '  第 4 行 保险止期：不是有效日期 (2026-02-30)',
        '  第 5 行 保费：保费不是金额 (九百)',
        '  第 10 行 险种类型：险种应为 交强险 或 商业险 (意外险)',
        '  第 12 行 保险止期：到期日期不晚于起保日期 (2026-12-05 ~ 2025-12-06)',
        '  第 13 行 保险止期：必填项为空',
        '  第 14 行 -：列数比表头多（可能有未加引号的逗号） (11)',
        `被退回的行已写入 ${path}.rejects.csv（修改后可直接再导入这个文件）。`,
        '合计 2 个文件：共 34 行，新增 18，更新 0，未变 0，退回 16，有提示 16。',
        '',
      ].join('\n'),
    );
  });

  it('--strict and --dry-run say what happened to the file', async () => {
    const ctx = await makeTestContext({ lang: 'en' });
    const s = await run(ctx, fixture('bad-rows.csv'), { strict: true, dryRun: true });
    printFileSummary(ctx, s);
    const lines = ctx.stderr.text.split('\n');
    expect(lines[0]).toMatch(/dry run, nothing written\. 17 rows: would add 0, update 0, leave 0 unchanged, reject 17, warn on 0\.$/);
    expect(lines[1]).toBe('--strict and 8 rows are bad: nothing from the file was imported.');
    expect(lines.at(-2)).toBe('A dry run writes no rejects file.');
  });
});
