/**
 * End to end on the built binary: `renew quote import` reads a GBK file as Excel on
 * Chinese Windows saves it, rejects a bad row naming its line and column, and changes
 * nothing when the same file comes again. Build first (`npm run build`; `npm test` does).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG } from '../call/seed.js';

const TODAY = '2026-11-24 10:00';

describe('renew quote import (built binary)', () => {
  it('imports a GBK file, rejects the bad row by line and column, and a second import changes nothing', async () => {
    const dir = tempDir('renew-quote-import-e2e-');
    const db = join(dir, 'renew.db');
    const store = await openStore(db, { create: true });
    await seedVehicle(store.db, ZHANG);
    await certify(store.db, USUAL_INSURERS);
    await store.close();
    const file = join(dir, '平安回传报价.csv');
    writeFileSync(file, iconv.encode([
      '车牌号,保险公司,方案,交强险,车船税,商业险,有效期至,险别明细',
      '粤A12345,平安,经济型,950,360,2466.30,2026-12-01,机动车损失保险=128000:1520.40;第三者责任保险=100万:945.90',
      '粤A12345,人保,推荐型,950,360,3188.60,2026-13-01,',
    ].join('\r\n') + '\r\n', 'gbk'));
    const renew = (args: string[]) => runCli(args, { env: { RENEW_DB: db, RENEW_TODAY: TODAY, RENEW_LANG: 'zh-CN' } });

    const first = renew(['quote', 'import', file, '--json']);
    expect(first.stderr).toBe([
      `${file}（gb18030，每行一份报价）：共 2 行、2 份报价，新增 1，更新 0，未变 0，退回 1 份（1 行）。`,
      '  第 3 行 有效期至：2026-13-01 不是有效日期',
      `被退回的行已写入 ${file}.rejects.csv（修改后可直接再导入这个文件）。`,
      '',
    ].join('\n'));
    expect(first.code).toBe(2);
    expect(JSON.parse(first.stdout)).toMatchObject({ rows: 2, quotes: 2, imported: 1, updated: 0, unchanged: 0, rejected: 1, rejects_file: `${file}.rejects.csv` });
    expect(readFileSync(`${file}.rejects.csv`, 'utf8')).toContain('3,有效期至,2026-13-01 不是有效日期,粤A12345,人保,推荐型');

    const list = renew(['quote', '粤A12345', '--list', '--json']);
    expect(JSON.parse(list.stdout).map((q: { insurer: string; total: number }) => [q.insurer, q.total])).toEqual([['平安产险', 3776.3]]);

    const second = renew(['quote', 'import', file, '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: 0, updated: 0, unchanged: 1, rejected: 1 });
    expect(renew(['quote', '粤A12345', '--list', '--json']).stdout).toBe(list.stdout);
  });
});
