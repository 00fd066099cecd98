/**
 * The 业务类型 column (新保/续保/转保): stored on the vehicle (vehicles.business); a value
 * it cannot read is a warning with the row imported, and a file without the value
 * keeps the stored one. Runs on both engines: the PostgreSQL import sink must carry
 * the column too.
 */
import { describe, expect, it } from 'vitest';
import { planColumns } from '../../src/rules/columns.js';
import { parseBusiness } from '../../src/rules/values.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { counts, csvFile, run } from './helpers.js';

const stored = (ctx: TestContext) => ctx.db.selectFrom('vehicles').select(['plate', 'business']).orderBy('plate').execute();

describe('业务类型 import column', () => {
  it('reads 新保/新车, 续保, 转保 and the English codes; anything else is none of them', () => {
    expect(['新保', '新车', ' 续保 ', '转保', 'NEW', 'Renewal', 'ｓｗｉｔｃｈ', '新 保'].map(parseBusiness)).toEqual(
      ['new', 'new', 'renewal', 'switch', 'new', 'renewal', 'switch', 'new'],
    );
    expect(['二手车', '续', 'constructor', ''].map(parseBusiness)).toEqual([null, null, null, null]);
  });

  it.each(['业务类型', '投保类型', '新转续', '新保/续保/转保', 'business', 'business_type'])('the header %s is the business column', (header) => {
    const plan = planColumns(['车牌号', header, '交强险止期'], new Map(), 'in.csv');
    expect(plan.index.business).toBe(1);
  });

  it('stores each vehicle\'s type; an unknown value is a warning naming line and column, the row imported with the type empty', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, csvFile([
      '车牌号,业务类型,交强险止期,交强险保险公司',
      '粤A10001,新保,2026-12-05,人保',
      '粤A10002,新车,2026-12-06,人保',
      '粤A10003,续保,2026-12-07,人保',
      '粤A10004,转保,2026-12-08,平安',
      '粤A10005,Switch,2026-12-09,平安',
      '粤A10006,二手车,2026-12-10,平安',
      '粤A10007,,2026-12-11,平安',
      '',
    ].join('\n')));
    expect(counts(s)).toEqual({ rows: 7, imported: 7, updated: 0, unchanged: 0, rejected: 0 });
    expect(s.warningGroups.map((g) => [g.header, g.kind, g.reason, g.count, g.lines, g.shown])).toEqual([
      ['业务类型', 'dropped', 'badBusiness', 1, [7], ['二手车']],
    ]);
    expect(await stored(ctx)).toEqual([
      { plate: '粤A10001', business: 'new' },
      { plate: '粤A10002', business: 'new' },
      { plate: '粤A10003', business: 'renewal' },
      { plate: '粤A10004', business: 'switch' },
      { plate: '粤A10005', business: 'switch' },
      { plate: '粤A10006', business: null },
      { plate: '粤A10007', business: null },
    ]);
  });

  it('a later file without the column, or with the cell empty, keeps the stored type; a new value replaces it', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile('车牌号,业务类型,交强险止期,交强险保险公司\n粤A10001,新保,2026-12-05,人保\n粤A10002,转保,2026-12-06,人保\n'));
    // The same policies again: without the column the types stay; then an empty cell keeps one and a new value replaces the other.
    expect(counts(await run(ctx, csvFile('车牌号,交强险止期,交强险保险公司\n粤A10001,2026-12-05,人保\n粤A10002,2026-12-06,人保\n')))).toMatchObject({ rejected: 0 });
    expect((await stored(ctx)).map((v) => v.business)).toEqual(['new', 'switch']);
    expect(counts(await run(ctx, csvFile('车牌号,业务类型,交强险止期,交强险保险公司\n粤A10001,,2026-12-05,人保\n粤A10002,续保,2026-12-06,人保\n')))).toMatchObject({ unchanged: 1, updated: 1 });
    expect(await stored(ctx)).toEqual([
      { plate: '粤A10001', business: 'new' },
      { plate: '粤A10002', business: 'renewal' },
    ]);
  });

  it('within one run of rows for a plate the last type given wins', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile('车牌号,业务类型,险种,保险止期\n粤A10001,转保,交强险,2026-12-05\n粤A10001,续保,商业险,2026-12-05\n粤A10001,,商业险,2025-12-05\n'));
    expect(await stored(ctx)).toEqual([{ plate: '粤A10001', business: 'renewal' }]);
  });
});
