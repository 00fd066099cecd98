/** A loan vehicle's first beneficiary (第一受益人 / 贷款银行) comes in with the export and is read back on the close screen. */
import { describe, expect, it } from 'vitest';
import { makeTestContext } from '../helpers/context.js';
import { counts, csvFile, run } from '../import/helpers.js';

describe('first beneficiary column', () => {
  it.each(['第一受益人', '贷款银行'])('the %s column is stored on the vehicle; a file without it keeps the stored value', async (header) => {
    const ctx = await makeTestContext();
    const head = `车牌号,是否分期,${header},交强险止期,交强险保险公司`;
    expect(counts(await run(ctx, csvFile(`${head}\n粤A12345,是,中国银行广州分行,2026-12-05,人保\n粤A54321,否,,2026-12-06,平安\n`)))).toMatchObject({ imported: 2, rejected: 0 });
    const rows = () => ctx.db.selectFrom('vehicles').select(['plate', 'installment', 'beneficiary']).orderBy('plate').execute();
    expect(await rows()).toEqual([
      { plate: '粤A12345', installment: 1, beneficiary: '中国银行广州分行' },
      { plate: '粤A54321', installment: 0, beneficiary: null },
    ]);
    await run(ctx, csvFile('车牌号,交强险止期,交强险保险公司\n粤A12345,2026-12-05,人保\n'));
    expect((await rows())[0]?.beneficiary).toBe('中国银行广州分行');
  });
});
