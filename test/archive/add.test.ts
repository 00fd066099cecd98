/** `renew add`: typing in a customer, vehicle and policies; a new car without its plate yet; bad input. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { askAdd, runAdd, type AddOptions } from '../../src/features/archive/add.js';
import { RenewError } from '../../src/errors.js';
import { makeTestContext, tempDir, type TestContext } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';
import { csvFile, run } from '../import/helpers.js';

const VIN = 'LVGBE40K8GP123456';
const NEW_CAR: AddOptions = {
  vin: VIN, owner: '李娜', phone: '139 1234 5678', insurer: '平安产险',
  compulsory_end: '2027-06-30', compulsory_premium: '950', commercial_end: '2027-06-30', commercial_premium: '5200',
};

async function refused(ctx: TestContext, options: AddOptions) {
  const e = await runAdd(ctx, options).then(() => { throw new Error('accepted'); }, (x: unknown) => x as RenewError);
  expect(e).toBeInstanceOf(RenewError);
  return [ctx.t(e.key, e.vars), e.exitCode];
}

const vehicles = (ctx: TestContext) => ctx.db.selectFrom('vehicles').select(['id', 'plate', 'vin', 'owner', 'phone', 'business']).orderBy('id').execute();
const policies = (ctx: TestContext) => ctx.db.selectFrom('policies').select(['vehicle_id', 'case_id', 'kind', 'policy_no', 'premium_cents', 'end_date', 'import_id']).orderBy('id').execute();
const cases = (ctx: TestContext) => ctx.db.selectFrom('renewal_cases').select(['id', 'vehicle_id', 'plate', 'due_date', 'status']).orderBy('id').execute();

describe('renew add', () => {
  it('stores the vehicle, its policies and their case, checked like an import row (the phone normalised)', async () => {
    const ctx = await makeTestContext();
    const added = await runAdd(ctx, { ...NEW_CAR, vin: undefined, plate: '粤a 12345', business: '转保', commercial_policy_no: 'PDAA2026001' });
    expect(added).toEqual({
      vehicle_id: 1, plate: '粤A12345', vin: null, business: 'switch', case_ids: [1],
      policies: [
        { kind: 'compulsory', policy_no: null, end_date: '2027-06-30', premium: 950 },
        { kind: 'commercial', policy_no: 'PDAA2026001', end_date: '2027-06-30', premium: 5200 },
      ],
    });
    expect(await vehicles(ctx)).toEqual([{ id: 1, plate: '粤A12345', vin: null, owner: '李娜', phone: '13912345678', business: 'switch' }]);
    expect(await cases(ctx)).toEqual([{ id: 1, vehicle_id: 1, plate: '粤A12345', due_date: '2027-06-30', status: 'open' }]);
    expect(ctx.stderr.text).toBe('已录入 粤A12345：2 张保单。\n');
  });

  it('a new car without a plate goes in by VIN as new-car business; the import that brings the plate finds it', async () => {
    const ctx = await makeTestContext();
    const added = await runAdd(ctx, NEW_CAR);
    expect([added.plate, added.vin, added.business]).toEqual([null, VIN, 'new']);
    expect((await vehicles(ctx))[0]?.plate).toBe(`未上牌-${VIN}`);
    // The export, with the plate now, the VIN and the policy numbers.
    const summary = await run(ctx, csvFile([
      '车牌号,车架号,车主,险种类型,保险公司,保费,起保日期,保险止期,保单号',
      `粤B54321,${VIN},李娜,交强险,平安产险,950,2026-07-01,2027-06-30,PDZA9`,
      `粤B54321,${VIN},李娜,商业险,平安产险,5200,2026-07-01,2027-06-30,PDAA9`,
    ].join('\n')));
    expect([summary.imported, summary.updated, summary.rejected]).toEqual([0, 2, 0]);
    expect(await vehicles(ctx)).toEqual([{ id: 1, plate: '粤B54321', vin: VIN, owner: '李娜', phone: '13912345678', business: 'new' }]);
    expect((await policies(ctx)).map((p) => [p.vehicle_id, p.kind, p.policy_no, p.end_date])).toEqual([
      [1, 'compulsory', 'PDZA9', '2027-06-30'], [1, 'commercial', 'PDAA9', '2027-06-30'],
    ]);
    expect((await cases(ctx)).map((c) => [c.vehicle_id, c.plate, c.due_date])).toEqual([[1, '粤B54321', '2027-06-30']]);
  });

  it('refuses a second vehicle with the same VIN, with or without a plate, and writes nothing', async () => {
    const ctx = await makeTestContext();
    await runAdd(ctx, { ...NEW_CAR, plate: '粤A12345' });
    const hint = ['车架号 LVGBE40K8GP123456 已属于车辆 粤A12345：同一辆车不能录入两次。', 1];
    expect(await refused(ctx, { ...NEW_CAR, plate: '粤C88888' })).toEqual(hint);
    expect(await refused(ctx, NEW_CAR)).toEqual(hint);
    expect(await refused(ctx, { ...NEW_CAR, vin: undefined, plate: '粤A12345' })).toEqual(['车辆 粤A12345 已经在系统里了，不能再录入一次。', 1]);
    expect((await vehicles(ctx)).length).toBe(1);
    expect((await policies(ctx)).length).toBe(2);
  });

  it('bad input names the flag and exits 64: a bad phone, no plate and no VIN, a bad VIN, an end before the start, a business type', async () => {
    const ctx = await makeTestContext();
    expect(await refused(ctx, { ...NEW_CAR, phone: '12345' })).toEqual(['--phone 的值“***45”有问题：不是有效的手机或固话号码。', 64]);
    expect(await refused(ctx, { ...NEW_CAR, vin: undefined })).toEqual(['请给出车牌号（--plate），未上牌的新车请给出车架号（--vin）。', 64]);
    expect(await refused(ctx, { ...NEW_CAR, vin: 'LVGBE40K8GP12345O' })).toEqual(['--vin 的值“LVGBE40K8GP12345O”有问题：车架号应为 17 位字母数字（不含 I、O、Q）。', 64]);
    expect(await refused(ctx, { ...NEW_CAR, commercial_start: '2027-07-01' })).toEqual(['--commercial-end 的值“2027-07-01 ~ 2027-06-30”有问题：到期日期不晚于起保日期。', 64]);
    expect(await refused(ctx, { ...NEW_CAR, business: '二手车' })).toEqual(['业务类型“二手车”不对：应为 新保、续保 或 转保。', 64]);
    expect(await vehicles(ctx)).toEqual([]);
  });
});

describe('renew add on a terminal', () => {
  it('asks the usual fields by their import column names; blank skips; the answers go through the same checks', async () => {
    //            plate vin  model owner  phone          id addr inst  c.end         c.prem c.no   m.end m.prem m.no insurer  business
    const answers = ['', VIN, '', '王芳', '13800138000', '', '', '', '2027-03-31', '950', '', '', '', '', '中国人保', ''];
    const ctx = await makeTestContext({ answers });
    const options = await askAdd(ctx, {});
    const added = await runAdd(ctx, options);
    expect([added.plate, added.vin, added.business, added.policies]).toEqual([null, VIN, 'new', [{ kind: 'compulsory', policy_no: null, end_date: '2027-03-31', premium: 950 }]]);
    const prompter = ctx.prompter as unknown as { asked: { message: string }[]; remaining: unknown[] };
    expect(prompter.asked.slice(0, 2).map((a) => a.message)).toEqual(['车牌号（直接回车跳过）', '车架号（直接回车跳过）']);
    expect(prompter.remaining).toEqual([]);
  });
});

describe('renew add from the built binary', () => {
  it('--json prints what was added; a bad value exits 64 with one line', () => {
    const env = { RENEW_DB: join(tempDir('renew-add-'), 'renew.db'), RENEW_TODAY: '2026-11-24', RENEW_LANG: 'zh-CN', NO_COLOR: '1' };
    const ok = runCli(['add', '--vin', VIN, '--owner', '李娜', '--insurer', '平安产险', '--commercial-end', '2027-06-30', '--commercial-premium', '5200', '--json'], { env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ plate: null, vin: VIN, business: 'new', policies: [{ kind: 'commercial', end_date: '2027-06-30', premium: 5200 }] });
    // Until its plate comes, the car is found by its VIN.
    const history = runCli(['history', VIN.toLowerCase(), '--json'], { env });
    expect([history.code, (JSON.parse(history.stdout) as { vehicle: { vin: string } }).vehicle.vin]).toEqual([0, 'LVG**********3456']); // masked, as everywhere
    const bad = runCli(['add', '--plate', '粤A12345', '--commercial-end', '2027-02-30'], { env });
    expect([bad.code, bad.stdout, bad.stderr.trim().split('\n').length]).toEqual([64, '', 1]);
    expect(bad.stderr).toContain('--commercial-end');
  });
});
