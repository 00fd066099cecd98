import Sqlite from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALIASES, type Field, parseMapOption } from '../../src/rules/columns.js';
import { exitCodeOf, jsonOf } from '../../src/features/import/summary.js';
import { RenewError } from '../../src/errors.js';
import { saveSetting } from '../../src/storage/queries/settings.js';
import { makeTestContext, onPostgres } from '../helpers/context.js';
import { counts, csvFile, fixture, run } from './helpers.js';

const vehicleRows = async (ctx: Awaited<ReturnType<typeof makeTestContext>>) =>
  ctx.db.selectFrom('vehicles').select(['plate', 'vin', 'model', 'first_registration', 'owner', 'phone', 'id_no', 'installment', 'specialist']).orderBy('plate').execute();
const policyRows = async (ctx: Awaited<ReturnType<typeof makeTestContext>>) =>
  ctx.db.selectFrom('policies').select(['natural_key', 'kind', 'insurer', 'premium_cents', 'start_date', 'end_date']).orderBy('natural_key').execute();

const EXPECTED_VEHICLES = [
  { plate: '粤A12345', vin: 'LSVAB218XE2123456', model: '大众朗逸 1.5L', first_registration: '2020-03-01', owner: '张伟', phone: '13812345678', id_no: '440106199001011235', installment: 0, specialist: '小王' },
  { plate: '粤A12346', vin: 'LFV2A21K8J3000001', model: '丰田卡罗拉', first_registration: '2019-06-18', owner: '李娜', phone: '13812345679', id_no: '440305198512124565', installment: 1, specialist: '小李' },
  { plate: '粤BD12345', vin: 'LGBH52E09KY000777', model: '比亚迪汉EV', first_registration: '2021-01-05', owner: '王芳', phone: '13912345670', id_no: '110105197803150024', installment: 1, specialist: '小王' },
];
const EXPECTED_POLICIES = [
  { natural_key: 'K|粤A12346|compulsory|2026-12-05', kind: 'compulsory', insurer: '平安产险', premium_cents: 95000, start_date: '2025-12-06', end_date: '2026-12-05' },
  { natural_key: 'P|PDAA2025001', kind: 'commercial', insurer: '中国人保', premium_cents: 345670, start_date: '2025-12-06', end_date: '2026-12-05' },
  { natural_key: 'P|PDAA2025003', kind: 'commercial', insurer: '太平洋产险', premium_cents: 412000, start_date: '2025-12-06', end_date: '2026-12-05' },
  { natural_key: 'P|PDZA2025001', kind: 'compulsory', insurer: '中国人保', premium_cents: 95000, start_date: '2025-12-06', end_date: '2026-12-05' },
];

describe('encodings and messy values', () => {
  for (const [name, encoding] of [['policies.csv', 'utf8'], ['policies-bom.csv', 'utf8-bom'], ['policies-gbk.csv', 'gb18030']] as const) {
    it(`${name}: detected as ${encoding}; spaces, full-width, lower case, all date and money spellings normalised`, async () => {
      const ctx = await makeTestContext();
      const s = await run(ctx, fixture(name));
      expect(s.encoding).toBe(encoding);
      expect(s.shape).toBe('policy');
      expect(counts(s)).toEqual({ rows: 4, imported: 4, updated: 0, unchanged: 0, rejected: 0 });
      expect([s.warnings, s.warningGroups, s.warnings_file]).toEqual([0, [], null]);
      expect(await vehicleRows(ctx)).toEqual(EXPECTED_VEHICLES);
      expect(await policyRows(ctx)).toEqual(EXPECTED_POLICIES);
    });
  }

  it('--encoding gbk forces the decoder; forcing utf8 on a GBK file fails with a hint and imports nothing', async () => {
    const ctx = await makeTestContext();
    expect((await run(ctx, fixture('policies-gbk.csv'), { encoding: 'gbk' })).encoding).toBe('gbk');
    const ctx2 = await makeTestContext();
    await expect(run(ctx2, fixture('policies-gbk.csv'), { encoding: 'utf8' })).rejects.toMatchObject({ key: 'import.badUtf8', hintKey: 'import.badUtf8Hint' });
    expect(await ctx2.db.selectFrom('policies').select('id').execute()).toEqual([]);
  });
});

describe('shapes', () => {
  it('one row per vehicle: separate compulsory and commercial columns, either may be empty', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, fixture('vehicles.csv'));
    expect(s.shape).toBe('vehicle');
    expect(counts(s)).toEqual({ rows: 3, imported: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await policyRows(ctx)).toEqual([
      { natural_key: 'P|JQ001', kind: 'compulsory', insurer: '中国人保', premium_cents: 95000, start_date: '2025-12-21', end_date: '2026-12-20' },
      { natural_key: 'P|JQ002', kind: 'compulsory', insurer: '中国人保', premium_cents: 95000, start_date: '2026-01-16', end_date: '2027-01-15' },
      { natural_key: 'P|SY001', kind: 'commercial', insurer: '平安产险', premium_cents: 520000, start_date: '2026-01-11', end_date: '2027-01-10' },
      { natural_key: 'P|SY003', kind: 'commercial', insurer: '太平洋产险', premium_cents: 610000, start_date: '2026-01-01', end_date: '2026-12-31' },
    ]);
    // Compulsory and commercial ending 21 days apart make one case.
    const cases = await ctx.db
      .selectFrom('renewal_cases as c')
      .innerJoin('vehicles as v', 'v.id', 'c.vehicle_id')
      .select(['v.plate', 'c.due_date', 'c.compulsory_end', 'c.commercial_end', 'c.last_premium_cents', 'c.last_insurer', 'c.status'])
      .orderBy('v.plate')
      .execute();
    expect(cases).toEqual([
      { plate: '京A11111', due_date: '2026-12-20', compulsory_end: '2026-12-20', commercial_end: '2027-01-10', last_premium_cents: 615000, last_insurer: '平安产险', status: 'open' },
      { plate: '京A22222', due_date: '2027-01-15', compulsory_end: '2027-01-15', commercial_end: null, last_premium_cents: 95000, last_insurer: '中国人保', status: 'open' },
      { plate: '京A33333', due_date: '2026-12-31', compulsory_end: null, commercial_end: '2026-12-31', last_premium_cents: 610000, last_insurer: '太平洋产险', status: 'open' },
    ]);
  });

  it('a vehicle row with neither kind is rejected', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, csvFile('车牌号,交强险到期日,商业险到期日\n粤A12345,,\n'), { dryRun: true });
    expect(s.rejectExamples).toEqual([{ line: 2, problems: [{ field: 'compulsory_end', reason: 'noPolicy', shown: '' }], headers: ['交强险到期日'] }]);
  });

  it('policies ending more than 120 days apart open separate cases', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile('plate,kind,end_date,premium\n粤A12345,交强险,2026-12-05,950\n粤A12345,商业险,2027-05-01,3000\n粤A12345,商业险,2027-01-10,2000\n'));
    const cases = await ctx.db.selectFrom('renewal_cases').select(['due_date', 'compulsory_end', 'commercial_end', 'last_premium_cents']).orderBy('id').execute();
    expect(cases).toEqual([
      { due_date: '2026-12-05', compulsory_end: '2026-12-05', commercial_end: '2027-01-10', last_premium_cents: 295000 },
      { due_date: '2027-05-01', compulsory_end: null, commercial_end: '2027-05-01', last_premium_cents: 300000 },
    ]);
  });
});

describe('columns', () => {
  const sample: Record<string, string> = {
    plate: '粤A12345', vin: 'LSVAB218XE2123456', engine_no: 'EA1234', model: '朗逸', first_registration: '2020-03-01', owner: '张伟',
    insured: '张伟', phone: '13812345678', id_no: '440106199001011235', insurer: '中国人保', policy_no: 'PD1', kind: '交强险',
    premium: '950', start_date: '2025-12-06', end_date: '2026-12-05', specialist: '小王', installment: '是',
  };
  const fields = Object.keys(sample) as Field[];
  for (const field of fields) {
    for (const alias of [field, ...ALIASES[field]]) {
      it(`"${alias}" is read as ${field}`, async () => {
        const ctx = await makeTestContext();
        const header = fields.map((f) => (f === field ? alias : f));
        const s = await run(ctx, csvFile(`${header.join(',')}\n${fields.map((f) => sample[f]).join(',')}\n`));
        expect(counts(s)).toEqual({ rows: 1, imported: 1, updated: 0, unchanged: 0, rejected: 0 });
        const v = await ctx.db.selectFrom('vehicles').selectAll().executeTakeFirstOrThrow();
        const p = await ctx.db.selectFrom('policies').selectAll().executeTakeFirstOrThrow();
        expect([v.plate, v.vin, v.engine_no, v.model, v.first_registration, v.owner, v.insured, v.phone, v.id_no, v.specialist, v.installment]).toEqual(
          ['粤A12345', 'LSVAB218XE2123456', 'EA1234', '朗逸', '2020-03-01', '张伟', '张伟', '13812345678', '440106199001011235', '小王', 1],
        );
        expect([p.insurer, p.policy_no, p.kind, p.premium_cents, p.start_date, p.end_date]).toEqual(['中国人保', 'PD1', 'compulsory', 95000, '2025-12-06', '2026-12-05']);
      });
    }
  }

  it('per-kind aliases of the vehicle shape', async () => {
    const ctx = await makeTestContext();
    const header = '车牌号,交强险止期,交强险起保日期,交强险保费,交强险保单号,交强险保险公司,商业险止期,商业险起保日期,商业险保费,商业险保单号,商业险保险公司';
    const s = await run(ctx, csvFile(`${header}\n粤A12345,2026-12-05,2025-12-06,950,J1,人保,2026-12-05,2025-12-06,3000,S1,平安\n`));
    expect(counts(s)).toEqual({ rows: 1, imported: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(await ctx.db.selectFrom('policies').select(['natural_key', 'insurer', 'premium_cents', 'start_date']).orderBy('id').execute()).toEqual([
      { natural_key: 'P|J1', insurer: '中国人保', premium_cents: 95000, start_date: '2025-12-06' },
      { natural_key: 'P|S1', insurer: '平安产险', premium_cents: 300000, start_date: '2025-12-06' },
    ]);
  });

  it('--map names other headers; unknown columns are ignored', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, csvFile('牌照号,类别,到期,备注\n粤A12345,交强险,2026-12-05,老客户\n'), { map: parseMapOption(['牌照号=plate', '类别=kind', '到期=end_date']) });
    expect(counts(s)).toEqual({ rows: 1, imported: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(() => parseMapOption(['牌照号'])).toThrow(RenewError);
    expect(() => parseMapOption(['牌照号=licence'])).toThrow(RenewError);
  });

  it('two columns meaning the same field reject the file, naming both headers', async () => {
    const ctx = await makeTestContext();
    const path = csvFile('车牌号,车牌,险种,保险止期\n粤A12345,粤A99999,交强险,2026-12-05\n');
    await expect(run(ctx, path)).rejects.toMatchObject({ key: 'import.duplicateColumn', vars: { field: 'plate', first: '车牌号', second: '车牌' } });
    expect(await ctx.db.selectFrom('vehicles').select('id').execute()).toEqual([]);
  });

  it('a file without a plate column, end-date column or kind column is unusable', async () => {
    const ctx = await makeTestContext();
    await expect(run(ctx, csvFile('姓名,电话\n张三,13812345678\n'))).rejects.toMatchObject({ key: 'import.noPlateColumn' });
    await expect(run(ctx, csvFile('车牌号,电话\n粤A12345,13812345678\n'))).rejects.toMatchObject({ key: 'import.noEndColumn' });
    await expect(run(ctx, csvFile('车牌号,保险止期\n粤A12345,2026-12-05\n'))).rejects.toMatchObject({ key: 'import.noKindColumn' });
  });
});

describe('bad input', () => {
  it('each rejection reason, with line numbers; rejects file has line, field, reason, then the row', async () => {
    const ctx = await makeTestContext();
    const path = fixture('bad-rows.csv');
    const s = await run(ctx, path);
    expect(counts(s)).toEqual({ rows: 17, imported: 9, updated: 0, unchanged: 0, rejected: 8 });
    expect(s.rejectExamples.map((e) => [e.line, e.problems.map((p) => `${p.field}:${p.reason}:${p.shown}`)])).toEqual([
      [2, ['plate:missing:']],
      [3, ['plate:badPlate:粤A1234']],
      [4, ['end_date:badDate:2026-02-30']],
      [5, ['premium:badPremium:九百']],
      [10, ['kind:badKind:意外险']],
      [12, ['end_date:endBeforeStart:2026-12-05 ~ 2025-12-06']],
      [13, ['end_date:missing:']],
      [14, [':tooManyColumns:11']],
    ]);
    expect(s.rejects_file).toBe(`${path}.rejects.csv`);
    const text = readFileSync(s.rejects_file as string, 'utf8');
    expect(text.startsWith('\uFEFF行号,字段,原因,车牌号,车架号,联系电话,身份证号,险种类型,保费,起保日期,保险止期,是否分期,保单号\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines[1]).toBe('2,车牌号,必填项为空,,,,,交强险,950,2025-12-06,2026-12-05,否,B001');
    expect(lines[6]).toBe('12,保险止期,到期日期不晚于起保日期,粤A20009,,,,交强险,950,2026-12-05,2025-12-06,否,B011');
    expect(lines[7]).toBe('13,保险止期,必填项为空,粤A20010,,,,交强险,950,2025-12-06,,否,B012');
    expect(lines[8]).toBe('14,,列数比表头多（可能有未加引号的逗号）,粤A20011,,,,交强险,950,2025-12-06,2026-12-05,否,B013,多余');
    expect(lines.slice(9)).toEqual(['']);
    expect(statSync(s.rejects_file as string).mode & 0o777).toBe(0o600);
    expect(exitCodeOf([{ file: path, summary: s }])).toBe(2);
  });

  it('a damaged or invalid optional detail does not drop the row: stored empty, one warning per column and reason, the warnings file', async () => {
    const ctx = await makeTestContext();
    const path = fixture('bad-rows.csv');
    const s = await run(ctx, path);
    expect(s.warnings).toBe(8);
    expect(s.warningGroups.map((g) => [g.header, g.kind, g.reason, g.count, g.lines, g.shown])).toEqual([
      ['联系电话', 'dropped', 'badPhone', 1, [6], ['***45']],
      ['车架号', 'dropped', 'badVin', 1, [7], ['LSVAB218XE212345']],
      ['身份证号', 'dropped', 'badIdNo', 1, [8], ['*****']],
      ['身份证号', 'dropped', 'scientific', 1, [9], ['4.4****E+17']],
      ['是否分期', 'dropped', 'badYesNo', 1, [11], ['也许']],
      ['车架号', 'vinChecksum', '', 1, [16], ['LSVAB2180E2123456']],
      ['身份证号', 'idChecksum', '', 1, [16], ['440***********1234']],
      ['车架号', 'dropped', 'scientific', 1, [17], ['1.23457E+16']],
      ['联系电话', 'dropped', 'scientific', 1, [18], ['1.3****E+10']],
    ]);
    // The damaged details are empty; the checksum warnings keep theirs.
    const stored = await ctx.db.selectFrom('vehicles').select(['plate', 'vin', 'phone', 'id_no', 'installment']).where('plate', 'in', ['粤A20003', '粤A20006', '粤A20008', '粤A20013', '粤A20015']).orderBy('plate').execute();
    expect(stored).toEqual([
      { plate: '粤A20003', vin: null, phone: null, id_no: null, installment: 0 },
      { plate: '粤A20006', vin: null, phone: null, id_no: null, installment: 0 },
      { plate: '粤A20008', vin: null, phone: null, id_no: null, installment: 0 },
      { plate: '粤A20013', vin: 'LSVAB2180E2123456', phone: null, id_no: '440106199001011234', installment: 0 },
      { plate: '粤A20015', vin: null, phone: null, id_no: null, installment: 0 },
    ]);
    expect(s.warnings_file).toBe(`${path}.warnings.csv`);
    const lines = readFileSync(s.warnings_file as string, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFF行号,字段,原因,车牌号,车架号,联系电话,身份证号,险种类型,保费,起保日期,保险止期,是否分期,保单号');
    expect(lines[4]).toBe('9,身份证号,被 Excel 变成了科学计数法，原始号码已丢失，请把该列设为“文本”后重新导出；此项留空，整行照常导入（已有的值保留）,粤A20006,,,4.40106E+17,交强险,950,2025-12-06,2026-12-05,否,B008');
    expect(lines[6]).toBe('16,车架号 / 身份证号,校验位不符（仍已导入，请核对）; 校验位不符或出生日期不存在（仍已导入，请核对）,粤A20013,LSVAB2180E2123456,,440106199001011234,交强险,950,2025-12-06,2026-12-05,否,B015');
    expect(lines.length).toBe(10);
    expect(statSync(s.warnings_file as string).mode & 0o777).toBe(0o600);
  });

  it('13.8 control characters in a text cell: a warning naming line and column, the row imported without them (tab kept, line breaks as a space)', async () => {
    const ctx = await makeTestContext();
    const path = csvFile('车牌号,车主,地址,险种,保险止期\n粤A10001,王\x1b[2J五\x07,"天河路1号\r\n2栋",交强险,2026-12-05\n粤A10002,李\t四,天河路2号,交强险,2026-12-05\n');
    const s = await run(ctx, path);
    expect({ ...counts(s), warnings: s.warnings }).toEqual({ rows: 2, imported: 2, updated: 0, unchanged: 0, rejected: 0, warnings: 1 });
    expect(s.warningGroups.map((g) => [g.header, g.kind, g.lines, g.shown])).toEqual([
      ['车主', 'controlChars', [2], ['王\\u001b[2J五\\u0007']],
      ['地址', 'controlChars', [2], ['天河路1号\\u000d\\u000a2栋']],
    ]);
    const stored = await ctx.db.selectFrom('vehicles').select(['plate', 'owner', 'address']).orderBy('plate').execute();
    expect(stored).toEqual([
      { plate: '粤A10001', owner: '王[2J五', address: '天河路1号 2栋' },
      { plate: '粤A10002', owner: '李\t四', address: '天河路2号' },
    ]);
    expect(exitCodeOf([{ file: path, summary: s }])).toBe(0);
  });

  it('a rejected row lists its damaged optional details too, so the rejects file says everything to fix', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, csvFile('车牌号,联系电话,险种,保险止期\n粤A1234,1.38123E+10,交强险,2026-12-05\n'));
    expect(s.rejectExamples.map((e) => e.problems.map((p) => `${p.field}:${p.reason}`))).toEqual([['plate:badPlate', 'phone:scientific']]);
    expect([s.rejected, s.warnings]).toEqual([1, 0]);
  });

  it('Excel-damaged IDs on every row (the trial file): all vehicles imported, a stored ID is kept on re-import, exit 0', async () => {
    const ctx = await makeTestContext();
    const header = '车牌号,车主,身份证号,联系电话,初次登记日期,险种,保单号,保险止期';
    const good = csvFile(`${header}\n粤A10001,张三,440106199001011235,13812345678,2020-03-01,交强险,J1,2026-12-05\n`);
    await run(ctx, good);
    const rows = Array.from({ length: 31 }, (_, i) => `粤A${10001 + i},客户${i},4.40104E+17,1.38123E+10,2020-02-30,交强险,J${i + 1},2026-12-05`);
    const damaged = csvFile(`${header}\n${rows.join('\n')}\n`);
    const s = await run(ctx, damaged);
    expect({ ...counts(s), warnings: s.warnings }).toEqual({ rows: 31, imported: 30, updated: 1, unchanged: 0, rejected: 0, warnings: 31 });
    expect(s.warningGroups.map((g) => [g.header, g.reason, g.count])).toEqual([
      ['联系电话', 'scientific', 31],
      ['身份证号', 'scientific', 31],
      ['初次登记日期', 'badDate', 31],
    ]);
    expect(exitCodeOf([{ file: damaged, summary: s }])).toBe(0);
    const first = await ctx.db.selectFrom('vehicles').select(['owner', 'id_no', 'phone', 'first_registration']).where('plate', '=', '粤A10001').executeTakeFirstOrThrow();
    expect(first).toEqual({ owner: '客户0', id_no: '440106199001011235', phone: '13812345678', first_registration: '2020-03-01' });
    expect(await ctx.db.selectFrom('vehicles').select('id_no').where('plate', '=', '粤A10031').executeTakeFirstOrThrow()).toEqual({ id_no: null });
  });

  it('a totals row (合计/总计 in an identifying column or the first) is skipped: not a row, not a reject', async () => {
    const ctx = await makeTestContext();
    const path = csvFile('序号,车牌号,车主,险种,保费,保险止期\n1,粤A10001,张三,交强险,950,2026-12-05\n2,粤A10002,李四,交强险,950,2026-12-06\n合计,,,,1900,\n,总计：2 辆,,,1900,\n');
    const s = await run(ctx, path);
    expect({ ...counts(s), totals: s.totalsLines, rejects: s.rejects_file }).toEqual({ rows: 2, imported: 2, updated: 0, unchanged: 0, rejected: 0, totals: [4, 5], rejects: null });
    expect(exitCodeOf([{ file: path, summary: s }])).toBe(0);
    // A row with a bad plate and no totals word is still a reject.
    const other = await run(ctx, csvFile('车牌号,车主,险种,保险止期\n粤A10009,王五,交强险,2026-12-05\n粤A1,合计先生,交强险,2026-12-05\n'));
    expect([other.rejected, other.totalsLines]).toEqual([0, [3]]);
    // A file whose only row is a totals row has no data rows: that is an error (exit 1), not a success.
    await expect(run(ctx, csvFile('车牌号,车主,险种,保险止期\n粤A1,合计先生,交强险,2026-12-05\n'))).rejects.toMatchObject({ key: 'import.noRows' });
    const bad = await run(ctx, csvFile('车牌号,车主,险种,保险止期\n粤A1,张合计,交强险,2026-12-05\n'));
    expect([bad.rejected, bad.totalsLines]).toEqual([1, []]);
  });

  it('premiums outside 0 < premium <= max_premium_yuan (per kind) reject the row; nothing non-finite is stored', async () => {
    const ctx = await makeTestContext();
    const huge = '9'.repeat(400);
    const rows = ['-5000', '1e20', huge, '13812345678', '0', '1000000', '1000000.01', '950'].map((p, i) => `粤A1000${i},商业险,${p},2026-12-05`);
    const s = await run(ctx, csvFile(`车牌号,险种,保费,保险止期\n${rows.join('\n')}\n`));
    expect(s.rejectExamples.map((e) => [e.line, e.problems[0]?.reason])).toEqual([
      [2, 'premiumRange'], [3, 'badPremium'], [4, 'badPremium'], [5, 'premiumRange'], [6, 'premiumRange'], [8, 'premiumRange'],
    ]);
    const premiums = await ctx.db.selectFrom('policies').select('premium_cents').orderBy('premium_cents').execute();
    expect(premiums.map((p) => p.premium_cents)).toEqual([95000, 100_000_000]);
    // The setting narrows one kind.
    await saveSetting(ctx.db, 'max_premium_yuan', '{"compulsory":5000,"commercial":1000000}', 'now');
    const t = await run(ctx, csvFile('车牌号,险种,保费,保险止期\n粤B00001,交强险,5000.01,2026-12-05\n粤B00002,商业险,5000.01,2026-12-05\n'));
    expect([t.rejected, t.rejectExamples[0]?.line]).toEqual([1, 2]);
  });

  it('--strict: one bad row rejects the whole file and writes nothing, not even a log row (exit 1)', async () => {
    const ctx = await makeTestContext();
    const path = fixture('bad-rows.csv');
    const s = await run(ctx, path, { strict: true });
    expect(counts(s)).toEqual({ rows: 17, imported: 0, updated: 0, unchanged: 0, rejected: 17 });
    expect(s.strictFailed).toBe(true);
    expect(await ctx.db.selectFrom('policies').select('id').execute()).toEqual([]);
    expect(await ctx.db.selectFrom('imports').select('id').execute()).toEqual([]);
    expect(existsSync(`${path}.rejects.csv`)).toBe(true);
    // Nothing went in, so no row went in with a warning.
    expect([s.warnings, s.warnings_file, existsSync(`${path}.warnings.csv`)]).toEqual([0, null, false]);
    expect(exitCodeOf([{ file: path, summary: s }])).toBe(1);
  });

  it('--strict: warnings alone are not bad rows', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, csvFile('车牌号,身份证号,险种,保险止期\n粤A12345,4.40104E+17,交强险,2026-12-05\n'), { strict: true });
    expect({ ...counts(s), warnings: s.warnings, strictFailed: s.strictFailed }).toEqual({ rows: 1, imported: 1, updated: 0, unchanged: 0, rejected: 0, warnings: 1, strictFailed: false });
  });

  it('--strict on a clean file imports it', async () => {
    const ctx = await makeTestContext();
    expect(counts(await run(ctx, fixture('policies.csv'), { strict: true }))).toEqual({ rows: 4, imported: 4, updated: 0, unchanged: 0, rejected: 0 });
  });

  it('an unclosed quote stops the file, naming its line; nothing is imported', async () => {
    const ctx = await makeTestContext();
    const path = csvFile('车牌号,险种,保险止期,备注\n粤A12345,交强险,2026-12-05,ok\n粤A12346,交强险,2026-12-05,"broken\n粤A12347,交强险,2026-12-05,ok\n');
    await expect(run(ctx, path)).rejects.toMatchObject({ key: 'import.unclosedQuote', vars: { line: 3 } });
    expect(await ctx.db.selectFrom('vehicles').select('id').execute()).toEqual([]);
    expect(existsSync(`${path}.rejects.csv`)).toBe(false);
  });

  it('quoted cells with commas, quotes and line breaks are read whole', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, csvFile('车牌号,险种,保险止期,车主,保费\r\n粤A12345,交强险,2026-12-05,"张""伟""\r\n先生","1,234.50"\r\n粤A12346,交强险,2026-12-05,李,950\r\n'));
    expect(counts(s)).toEqual({ rows: 2, imported: 2, updated: 0, unchanged: 0, rejected: 0 });
    // Read whole; the line break inside the name is stored as a space, with a warning (13.8).
    expect(s.warningGroups.map((g) => [g.header, g.kind, g.lines])).toEqual([['车主', 'controlChars', [2]]]);
    expect((await ctx.db.selectFrom('vehicles').select('owner').orderBy('plate').execute()).map((v) => v.owner)).toEqual(['张"伟" 先生', '李']);
    expect((await ctx.db.selectFrom('policies').select('premium_cents').orderBy('id').execute()).map((p) => p.premium_cents)).toEqual([123450, 95000]);
  });

  it('binary files, empty files and missing files are unusable, with a one-line error naming the file', async () => {
    const ctx = await makeTestContext();
    const xlsx = csvFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00]), 'list.xlsx');
    await expect(run(ctx, xlsx)).rejects.toMatchObject({ key: 'import.notCsv', vars: { file: xlsx } });
    await expect(run(ctx, csvFile(''))).rejects.toMatchObject({ key: 'import.emptyFile' });
    await expect(run(ctx, '/nonexistent/x.csv')).rejects.toMatchObject({ key: 'import.cannotRead', vars: { file: '/nonexistent/x.csv', code: 'ENOENT' } });
  });
});

describe('idempotence and updates', () => {
  it('the same file again changes nothing; a changed row updates its policy and vehicle', async () => {
    const ctx = await makeTestContext();
    const path = fixture('policies.csv');
    await run(ctx, path);
    const before = await ctx.db.selectFrom('policies').selectAll().orderBy('id').execute();
    const again = await run(ctx, path);
    expect(counts(again)).toEqual({ rows: 4, imported: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(await ctx.db.selectFrom('policies').selectAll().orderBy('id').execute()).toEqual(before);
    expect(await ctx.db.selectFrom('renewal_cases').select('id').execute()).toHaveLength(3);

    const changed = readFileSync(path, 'utf8').replace('"3,456.70"', '3600').replaceAll('13812345678', '13900000000');
    const s = await run(ctx, csvFile(changed));
    expect(counts(s)).toEqual({ rows: 4, imported: 0, updated: 2, unchanged: 2, rejected: 0 });
    expect((await ctx.db.selectFrom('policies').select('premium_cents').where('natural_key', '=', 'P|PDAA2025001').executeTakeFirstOrThrow()).premium_cents).toBe(360000);
    expect((await ctx.db.selectFrom('vehicles').select('phone').where('plate', '=', '粤A12345').executeTakeFirstOrThrow()).phone).toBe('13900000000');
    const c = await ctx.db.selectFrom('renewal_cases as c').innerJoin('vehicles as v', 'v.id', 'c.vehicle_id').select('c.last_premium_cents').where('v.plate', '=', '粤A12345').execute();
    expect(c).toEqual([{ last_premium_cents: 455000 }]);
  });

  it('a policy number met again on another plate moves that policy (and its case) to the new vehicle', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile('plate,kind,policy_no,end_date\n粤A12345,交强险,J1,2026-12-05\n'));
    const s = await run(ctx, csvFile('plate,kind,policy_no,end_date\n粤B54321,交强险,J1,2026-12-05\n'));
    expect(counts(s)).toEqual({ rows: 1, imported: 0, updated: 1, unchanged: 0, rejected: 0 });
    const rows = await ctx.db.selectFrom('policies as p').innerJoin('vehicles as v', 'v.id', 'p.vehicle_id').innerJoin('renewal_cases as c', 'c.id', 'p.case_id').select(['v.plate', 'c.vehicle_id', 'c.due_date']).execute();
    expect(rows).toEqual([{ plate: '粤B54321', vehicle_id: 2, due_date: '2026-12-05' }]);
    expect(await ctx.db.selectFrom('renewal_cases').select('id').execute()).toHaveLength(1);
  });

  it('one file, one policy number on two new plates: the later row wins, the vehicles after it are untouched', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, csvFile('plate,kind,policy_no,end_date\n粤A11111,交强险,J1,2026-12-05\n粤B22222,交强险,J1,2026-12-05\n粤C33333,交强险,J3,2026-12-09\n'));
    expect(counts(s)).toEqual({ rows: 3, imported: 2, updated: 1, unchanged: 0, rejected: 0 });
    const owners = await ctx.db.selectFrom('policies as p').innerJoin('renewal_cases as c', 'c.id', 'p.case_id').select(['p.policy_no', 'c.plate', 'c.due_date']).orderBy('p.policy_no').execute();
    expect(owners).toEqual([
      { policy_no: 'J1', plate: '粤B22222', due_date: '2026-12-05' },
      { policy_no: 'J3', plate: '粤C33333', due_date: '2026-12-09' },
    ]);
    expect(await ctx.db.selectFrom('renewal_cases').select('plate').orderBy('plate').execute()).toEqual([{ plate: '粤B22222' }, { plate: '粤C33333' }]);
  });

  it('file order decides between a stored vehicle and a new one that share a policy number', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile('plate,kind,policy_no,end_date\n粤A11111,交强险,J1,2026-12-05\n'));
    // The new plate comes first, the stored one after it: the stored vehicle keeps the policy.
    const s = await run(ctx, csvFile('plate,kind,policy_no,end_date\n粤B22222,交强险,J1,2026-12-05\n粤A11111,交强险,J1,2026-12-05\n粤C33333,交强险,J3,2026-12-09\n'));
    expect(counts(s)).toEqual({ rows: 3, imported: 1, updated: 2, unchanged: 0, rejected: 0 });
    const owner = await ctx.db.selectFrom('policies as p').innerJoin('vehicles as v', 'v.id', 'p.vehicle_id').select('v.plate').executeTakeFirstOrThrow();
    expect(owner.plate).toBe('粤A11111');
  });

  it('the same policy twice in one file: the second row is unchanged, or an update when it differs', async () => {
    const ctx = await makeTestContext();
    const s = await run(ctx, csvFile('plate,kind,policy_no,end_date,premium\n粤A12345,交强险,J1,2026-12-05,950\n粤A12345,交强险,J1,2026-12-05,950\n粤A12345,交强险,J1,2026-12-05,990\n'));
    expect(counts(s)).toEqual({ rows: 3, imported: 1, updated: 1, unchanged: 1, rejected: 0 });
    expect(await ctx.db.selectFrom('renewal_cases').select(['last_premium_cents']).execute()).toEqual([{ last_premium_cents: 99000 }]);
  });

  it('a stored policy met several times in one file: each row is compared with what the row before it wrote', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile('plate,kind,policy_no,end_date,premium\n粤A12345,交强险,J1,2026-12-05,950\n'));
    const s = await run(ctx, csvFile('plate,kind,policy_no,end_date,premium\n粤A12345,交强险,J1,2026-12-05,990\n粤A12345,交强险,J1,2026-12-05,990\n粤A12345,交强险,J1,2026-12-05,950\n粤A12345,商业险,S1,2026-12-05,3000\n'));
    expect(counts(s)).toEqual({ rows: 4, imported: 1, updated: 2, unchanged: 1, rejected: 0 });
    expect(await ctx.db.selectFrom('policies').select(['policy_no', 'premium_cents']).orderBy('policy_no').execute()).toEqual([
      { policy_no: 'J1', premium_cents: 95000 },
      { policy_no: 'S1', premium_cents: 300000 },
    ]);
    expect(await ctx.db.selectFrom('renewal_cases').select(['last_premium_cents']).execute()).toEqual([{ last_premium_cents: 395000 }]);
  });

  it('empty cells never blank an existing vehicle value', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile('车牌号,联系电话,车主,险种,保险止期\n粤A12345,13812345678,张伟,交强险,2026-12-05\n'));
    await run(ctx, csvFile('车牌号,联系电话,车主,险种,保险止期\n粤A12345,,,商业险,2026-12-05\n'));
    expect(await ctx.db.selectFrom('vehicles').select(['phone', 'owner']).execute()).toEqual([{ phone: '13812345678', owner: '张伟' }]);
  });

  it('an end date moved far away takes the policy to a new case and drops the empty one', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile('plate,kind,policy_no,end_date\n粤A12345,交强险,J1,2026-12-05\n'));
    await run(ctx, csvFile('plate,kind,policy_no,end_date\n粤A12345,交强险,J1,2027-12-05\n'));
    expect(await ctx.db.selectFrom('renewal_cases').select(['due_date', 'compulsory_end']).execute()).toEqual([{ due_date: '2027-12-05', compulsory_end: '2027-12-05' }]);
  });

  it('rows of one vehicle far apart in the file still share its case', async () => {
    const ctx = await makeTestContext();
    await run(ctx, csvFile('plate,kind,end_date,premium\n粤A12345,交强险,2026-12-05,950\n粤A99999,交强险,2026-12-01,950\n粤A12345,商业险,2026-12-06,3000\n'));
    expect(await ctx.db.selectFrom('renewal_cases').select(['vehicle_id', 'due_date', 'last_premium_cents']).orderBy('id').execute()).toEqual([
      { vehicle_id: 1, due_date: '2026-12-05', last_premium_cents: 395000 },
      { vehicle_id: 2, due_date: '2026-12-01', last_premium_cents: 95000 },
    ]);
  });

  it('each import is logged with its hash and counts', async () => {
    const ctx = await makeTestContext();
    await run(ctx, fixture('policies-gbk.csv'));
    const log = await ctx.db.selectFrom('imports').selectAll().execute();
    expect(log).toEqual([
      {
        id: 1, file_name: 'policies-gbk.csv', content_hash: expect.stringMatching(/^[0-9a-f]{64}$/), encoding: 'gb18030', shape: 'policy', rows: 4,
        imported: 4, updated: 0, unchanged: 0, rejected: 0, started_at: '2026-11-24 10:00:00', finished_at: '2026-11-24 10:00:00',
      },
    ]);
  });
});

describe('bulk loads', () => {
  it.skipIf(onPostgres)('random-order indexes dropped for a large file come back exactly as the migration made them', async () => {
    const ctx = await makeTestContext();
    const schema = () => ctx.sqlite.prepare("select type, name, sql from sqlite_master order by name").all();
    const before = schema();
    const s = await run(ctx, fixture('policies.csv'), { bulkFromBytes: 0, deferAfterRows: 0 });
    expect(counts(s)).toEqual({ rows: 4, imported: 4, updated: 0, unchanged: 0, rejected: 0 });
    expect(schema()).toEqual(before);
    await run(ctx, fixture('bad-rows.csv'), { bulkFromBytes: 0, deferAfterRows: 0, dryRun: true });
    expect(schema()).toEqual(before);
    expect(ctx.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it.skipIf(onPostgres)('the indexes are dropped only once enough rows were written: not for a re-import of unchanged rows', async () => {
    const ctx = await makeTestContext();
    const dropped: string[] = [];
    const exec = ctx.sqlite.exec.bind(ctx.sqlite);
    ctx.sqlite.exec = ((source: string) => {
      if (source.startsWith('drop index')) dropped.push(source);
      return exec(source);
    }) as typeof ctx.sqlite.exec;
    expect(counts(await run(ctx, fixture('policies.csv'), { bulkFromBytes: 0, deferAfterRows: 3 }))).toMatchObject({ imported: 4 });
    expect(dropped).toContain('drop index "renewal_cases_queue"');
    dropped.length = 0;
    expect(counts(await run(ctx, fixture('policies.csv'), { bulkFromBytes: 0, deferAfterRows: 3 }))).toMatchObject({ unchanged: 4 });
    expect(dropped).toEqual([]);
    expect(counts(await run(ctx, fixture('policies.csv'), { bulkFromBytes: 0, deferAfterRows: 5 }))).toMatchObject({ unchanged: 4 });
    expect(dropped).toEqual([]);
  });

  it.skipIf(onPostgres)('a first load runs without WAL and restores it; with another connection open it stays in WAL and still imports', async () => {
    const ctx = await makeTestContext({ file: true });
    const modes: string[] = [];
    const pragma = ctx.sqlite.pragma.bind(ctx.sqlite);
    ctx.sqlite.pragma = ((source: string, options?: Sqlite.PragmaOptions) => {
      const result = pragma(source, options);
      if (source.startsWith('journal_mode =')) modes.push(String(result));
      return result;
    }) as typeof ctx.sqlite.pragma;
    expect(counts(await run(ctx, fixture('policies.csv'), { bulkFromBytes: 0 }))).toMatchObject({ imported: 4 });
    expect(modes).toEqual(['delete', 'wal']);

    const other = await makeTestContext({ file: true });
    const reader = new Sqlite(other.dbPath);
    reader.prepare('select count(*) from policies').get();
    expect(counts(await run(other, fixture('policies.csv'), { bulkFromBytes: 0 }))).toMatchObject({ imported: 4 });
    expect(other.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    reader.close();
  });
});

describe('--dry-run', () => {
  it('reports exact counts, writes nothing and no rejects file', async () => {
    const ctx = await makeTestContext();
    const path = fixture('bad-rows.csv');
    const s = await run(ctx, path, { dryRun: true });
    expect(counts(s)).toEqual({ rows: 17, imported: 9, updated: 0, unchanged: 0, rejected: 8 });
    expect([s.rejects_file, s.warnings_file, s.warnings]).toEqual([null, null, 8]);
    expect(existsSync(`${path}.rejects.csv`)).toBe(false);
    expect(existsSync(`${path}.warnings.csv`)).toBe(false);
    for (const table of ['vehicles', 'policies', 'renewal_cases', 'imports', 'events'] as const) {
      expect(await ctx.db.selectFrom(table).select('id').execute()).toEqual([]);
    }
  });
});

describe('--json and exit codes', () => {
  it('one file: exactly the eight keys; several: an array with the file named', async () => {
    const ctx = await makeTestContext();
    const a = fixture('policies.csv');
    const s = await run(ctx, a);
    expect(JSON.stringify(jsonOf([{ file: a, summary: s }]))).toBe('{"rows":4,"imported":4,"updated":0,"unchanged":0,"rejected":0,"warnings":0,"rejects_file":null,"warnings_file":null}');
    const err = new RenewError('import.emptyFile', { file: 'b.csv' });
    expect(jsonOf([{ file: a, summary: s }, { file: 'b.csv', error: err }])).toEqual([
      { file: a, rows: 4, imported: 4, updated: 0, unchanged: 0, rejected: 0, warnings: 0, rejects_file: null, warnings_file: null },
      { file: 'b.csv', rows: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0, rejects_file: null, warnings_file: null, error: 'import.emptyFile' },
    ]);
    expect(exitCodeOf([{ file: a, summary: s }])).toBe(0);
    expect(exitCodeOf([{ file: a, summary: s }, { file: 'b.csv', error: err }])).toBe(2);
    expect(exitCodeOf([{ file: 'b.csv', error: err }])).toBe(1);
  });
});
