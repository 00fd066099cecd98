/** `renew edit`: details changed and kept in the register, sold/scrapped, the plate of an unplated car; bad input writes nothing. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdd, type AddOptions } from '../../src/features/archive/add.js';
import { askEdit, runEdit, statusOfLossReason, type EditOptions } from '../../src/features/archive/edit.js';
import { loadHistory, historyJson } from '../../src/features/call/history.js';
import { runCall } from '../../src/features/call/run.js';
import { purgePersonalData } from '../../src/features/trust/purge.js';
import { RenewError } from '../../src/errors.js';
import { makeTestContext, onPostgres, tempDir, type TestContext } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';
import { keyCountingPrompter } from '../call/keys.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG as SEEDED } from '../call/seed.js';

const VIN = 'LVGBE40K8GP123456';
const ZHANG: AddOptions = {
  plate: '粤A12345', owner: '张伟', phone: '13812341234', insurer: '中国人保', specialist: '王强',
  compulsory_end: '2026-12-15', compulsory_premium: '950', commercial_end: '2026-12-15', commercial_premium: '3300',
};
const NEW_CAR: AddOptions = { vin: VIN, owner: '李娜', phone: '13912345678', insurer: '平安产险', commercial_end: '2027-06-30', commercial_premium: '5200' };

async function refused(ctx: TestContext, target: string, options: EditOptions) {
  const e = await runEdit(ctx, target, options).then(() => { throw new Error('accepted'); }, (x: unknown) => x as RenewError);
  expect(e).toBeInstanceOf(RenewError);
  return [ctx.t(e.key, e.vars), e.exitCode];
}

const changes = (ctx: TestContext) => ctx.db.selectFrom('vehicle_changes').select(['vehicle_id', 'field', 'old_value', 'new_value', 'actor']).orderBy('id').execute();
const vehicle = (ctx: TestContext) => ctx.db.selectFrom('vehicles').selectAll().orderBy('id').executeTakeFirstOrThrow();

describe('renew edit', () => {
  it('changes the details and keeps each change with old and new value and who made it; the phone stored masked', async () => {
    const ctx = await makeTestContext({ actor: '小王' });
    await runAdd(ctx, ZHANG);
    const edited = await runEdit(ctx, '粤a12345', { phone: '139 0000 1111', address: '天河路 1 号，备用 13712345678', installment: '是', specialist: '李丽' });
    expect(edited).toEqual({
      plate: '粤A12345', closed_cases: [],
      changes: [
        { field: 'phone', old: '138****1234', new: '139****1111' },
        { field: 'address', old: null, new: '天河路 1 号,备用 137****5678' },
        { field: 'specialist', old: '王强', new: '李丽' },
        { field: 'installment', old: '0', new: '1' },
      ],
    });
    const v = await vehicle(ctx);
    // Stored as an import would store it: half-width punctuation.
    expect([v.phone, v.address, v.installment, v.specialist]).toEqual(['13900001111', '天河路 1 号,备用 13712345678', 1, '李丽']);
    expect(await changes(ctx)).toEqual([
      { vehicle_id: 1, field: 'phone', old_value: '138****1234', new_value: '139****1111', actor: '小王' },
      { vehicle_id: 1, field: 'address', old_value: null, new_value: '天河路 1 号,备用 13712345678', actor: '小王' },
      { vehicle_id: 1, field: 'specialist', old_value: '王强', new_value: '李丽', actor: '小王' },
      { vehicle_id: 1, field: 'installment', old_value: '0', new_value: '1', actor: '小王' },
    ]);
    // The cases' copies follow (the queue reads them).
    expect(await ctx.db.selectFrom('renewal_cases').select(['installment', 'specialist']).execute()).toEqual([{ installment: 1, specialist: '李丽' }]);
    // History shows them, the address's numbers masked unless --reveal.
    const history = historyJson(await loadHistory(ctx, '粤A12345'), false);
    expect(history.changes.map((c) => [c.field, c.new, c.actor])).toEqual([
      ['phone', '139****1111', '小王'], ['address', '天河路 1 号,备用 137****5678', '小王'], ['specialist', '李丽', '小王'], ['installment', '1', '小王'],
    ]);
    expect(historyJson(await loadHistory(ctx, '粤A12345'), true).changes[1]?.new).toBe('天河路 1 号,备用 13712345678');
    // A specialist set in renew is a move, as an assignment's (a re-import keeps it: docs/team.md).
    expect(history.moves.map((m) => [m.from, m.to, m.by, m.why, m.case_id])).toEqual([['王强', '李丽', '小王', 'edit', 1]]);
  });

  it('an unchanged value writes nothing', async () => {
    const ctx = await makeTestContext();
    await runAdd(ctx, ZHANG);
    expect((await runEdit(ctx, '粤A12345', { owner: '张伟' })).changes).toEqual([]);
    expect(await changes(ctx)).toEqual([]);
    expect(ctx.stderr.text).toContain('没有修改');
  });

  it('bad input names the flag and writes nothing: a bad phone, a yes/no, a status, a plate on a plated car, nothing given', async () => {
    const ctx = await makeTestContext();
    await runAdd(ctx, ZHANG);
    expect(await refused(ctx, '粤A12345', { phone: '12345', owner: '张三' })).toEqual(['--phone 的值“***45”有问题：不是有效的手机或固话号码。', 64]);
    expect(await refused(ctx, '粤A12345', { installment: 'maybe' })).toEqual(['--installment 的值“maybe”有问题：应为 是 或 否。', 64]);
    expect(await refused(ctx, '粤A12345', { status: 'stolen' })).toEqual(['车辆状态“stolen”无效，可选：sold（已转卖）、scrapped（已报废）。', 64]);
    expect(await refused(ctx, '粤A12345', { plate: '粤B54321' })).toEqual(['车辆 粤A12345 已有车牌：--plate 只用于给未上牌的新车补登车牌。', 64]);
    expect((await refused(ctx, '粤A12345', {}))[1]).toBe(64);
    expect(await changes(ctx)).toEqual([]);
    expect((await vehicle(ctx)).owner).toBe('张伟');
  });

  it('--status sold closes the open case as lost (车辆已转卖) without counting a call, and the vehicle leaves the queue', async () => {
    const ctx = await makeTestContext({ actor: '小王' });
    await runAdd(ctx, ZHANG);
    const edited = await runEdit(ctx, '粤A12345', { status: 'sold' });
    expect(edited.closed_cases).toEqual([1]);
    expect((await vehicle(ctx)).status).toBe('sold');
    const c = await ctx.db.selectFrom('renewal_cases').select(['status', 'lost_reason', 'attempts', 'closed_by']).executeTakeFirstOrThrow();
    expect(c).toEqual({ status: 'lost', lost_reason: 'sold', attempts: 0, closed_by: 'edit' });
    const events = await ctx.db.selectFrom('events').select(['outcome', 'channel', 'reason', 'actor']).execute();
    expect(events).toEqual([{ outcome: 'vehicle_gone', channel: 'edit', reason: 'sold', actor: '小王' }]);
  });

  it('a call lost for the reason 车辆已报废 marks the vehicle scrapped, kept in the register of changes', async () => {
    const ctx = await makeTestContext({ actor: '小王' });
    await runAdd(ctx, ZHANG);
    await runCall(ctx, '粤A12345', { outcome: 'lost', reason: 'scrapped' });
    expect((await vehicle(ctx)).status).toBe('scrapped');
    expect(await changes(ctx)).toEqual([{ vehicle_id: 1, field: 'status', old_value: null, new_value: 'scrapped', actor: '小王' }]);
    expect([statusOfLossReason('sold'), statusOfLossReason('price'), statusOfLossReason(null)]).toEqual(['sold', null, null]);
  });

  it('--plate gives an unplated car its plate: the same vehicle, its cases follow; a plate another vehicle has is refused', async () => {
    const ctx = await makeTestContext();
    await runAdd(ctx, ZHANG);
    await runAdd(ctx, NEW_CAR);
    expect(await refused(ctx, VIN, { plate: '粤A12345' })).toEqual(['车牌 粤A12345 已属于另一辆车，不能再给这辆车用。', 1]);
    const edited = await runEdit(ctx, VIN, { plate: '粤b 54321' });
    expect(edited.changes).toEqual([{ field: 'plate', old: '未上牌-…123456', new: '粤B54321' }]);
    const vehicles = await ctx.db.selectFrom('vehicles').select(['id', 'plate', 'vin']).orderBy('id').execute();
    expect(vehicles).toEqual([{ id: 1, plate: '粤A12345', vin: null }, { id: 2, plate: '粤B54321', vin: VIN }]);
    expect(await ctx.db.selectFrom('renewal_cases').select(['vehicle_id', 'plate']).where('vehicle_id', '=', 2).execute()).toEqual([{ vehicle_id: 2, plate: '粤B54321' }]);
  });

  it('a purged vehicle cannot be edited; the purge clears the personal values of its changes', async () => {
    const ctx = await makeTestContext({ now: '2026-01-10 10:00' });
    await runAdd(ctx, { ...ZHANG, compulsory_end: '2026-01-15', commercial_end: '2026-01-15' });
    await runEdit(ctx, '粤A12345', { owner: '张三', specialist: '李丽' });
    await runCall(ctx, '粤A12345', { outcome: 'lost', reason: 'price' });
    // Two and a half years on, the customer is purged.
    ctx.now = () => new Date(2028, 5, 1, 10);
    ctx.today = '2028-06-01';
    await purgePersonalData(ctx, '2027-01-01', { yes: true });
    expect((await changes(ctx)).map((c) => [c.field, c.old_value, c.new_value])).toEqual([['owner', null, null], ['specialist', '王强', '李丽']]);
    const [message, code] = await refused(ctx, '粤A12345', { phone: '13900001111' });
    expect([String(message).startsWith('车辆 粤A12345 的个人资料已于 2028-06-01'), code]).toEqual([true, 1]);
  });

  it('on a terminal: asks which detail and its new value', async () => {
    const ctx = await makeTestContext({ answers: ['phone', '13900001111'] });
    await runAdd(ctx, ZHANG);
    const options = await askEdit(ctx, await vehicle(ctx));
    expect(options).toEqual({ phone: '13900001111' });
    const prompter = ctx.prompter as unknown as { asked: { message: string; choices?: { value: string }[] }[] };
    // No --plate for a car that has one.
    expect(prompter.asked[0]?.choices?.map((c) => c.value)).toEqual(['phone', 'address', 'owner', 'specialist', 'installment', 'status']);
    expect(prompter.asked[1]?.message).toBe('新的联系电话（）');
  });
});

// The binary works on a file: once, on the SQLite run.
describe('renew edit from the call', () => {
  it('the menu offers the details: a new phone is kept at once, a typo is said and the call goes on', async () => {
    const ctx = await makeTestContext({ actor: '小王' });
    await seedVehicle(ctx.db, SEEDED);
    await certify(ctx.db, USUAL_INSURERS);
    //                                   answered  edit    field    typo     edit    field    phone           lost    reason note
    const prompter = keyCountingPrompter(['', 'edit', 'phone', '123', 'edit', 'phone', '13900001111', 'lost', 'price', '']);
    const event = await runCall({ ...ctx, stdinIsTTY: true, prompter }, SEEDED.plate, {});
    expect(prompter.remaining).toEqual([]);
    expect(event.outcome).toBe('lost');
    expect(ctx.stdout.text).toContain('--phone 的值“*23”有问题');
    // Status and plate are not offered mid-call.
    expect(prompter.asked[2]?.choices?.map((c) => c.value)).toEqual(['phone', 'address', 'owner', 'specialist', 'installment']);
    expect(await changes(ctx)).toEqual([{ vehicle_id: 1, field: 'phone', old_value: '138****1234', new_value: '139****1111', actor: '小王' }]);
  });
});

describe.skipIf(onPostgres)('renew edit from the built binary', () => {
  it('--json prints the changes; a bad phone exits 64 naming --phone; --status sold takes the car out of today', () => {
    const env = { RENEW_DB: join(tempDir('renew-edit-'), 'renew.db'), RENEW_TODAY: '2026-11-24', RENEW_LANG: 'zh-CN', NO_COLOR: '1' };
    expect(runCli(['add', '--plate', '粤A12345', '--owner', '张伟', '--phone', '13812341234', '--insurer', '中国人保', '--compulsory-end', '2026-12-15', '--compulsory-premium', '950'], { env }).code).toBe(0);
    const bad = runCli(['edit', '粤A12345', '--phone', '12345'], { env });
    expect([bad.code, bad.stdout]).toEqual([64, '']);
    expect(bad.stderr).toContain('--phone');
    const ok = runCli(['edit', '粤A12345', '--phone', '13900001111', '--json'], { env });
    expect([ok.code, JSON.parse(ok.stdout)]).toEqual([0, { plate: '粤A12345', changes: [{ field: 'phone', old: '138****1234', new: '139****1111' }], closed_cases: [] }]);
    const calls = () => (JSON.parse(runCli(['today', '--json'], { env }).stdout) as { calls: { plate: string }[] }).calls.map((c) => c.plate);
    expect(calls()).toEqual(['粤A12345']);
    expect(runCli(['edit', '粤A12345', '--status', 'sold'], { env }).code).toBe(0);
    expect(calls()).toEqual([]);
    const history = runCli(['history', '粤A12345'], { env });
    expect(history.stdout).toContain('资料修改');
    expect(history.stdout).toMatch(/车辆状态\s+—\s+已转卖/);
    // No flag and no terminal: nothing to ask on.
    expect(runCli(['edit', '粤A12345'], { env }).code).toBe(64);
  });

  it("an unplated car's key is masked in today and history unless --reveal; --plate gives it its plate", () => {
    const env = { RENEW_DB: join(tempDir('renew-edit-'), 'renew.db'), RENEW_TODAY: '2026-11-24', RENEW_LANG: 'zh-CN', NO_COLOR: '1' };
    expect(runCli(['add', '--vin', VIN, '--owner', '李娜', '--insurer', '平安产险', '--commercial-end', '2026-12-20', '--commercial-premium', '5200'], { env }).code).toBe(0);
    const plates = (args: string[]) => (JSON.parse(runCli([...args, 'today', '--json'], { env }).stdout) as { calls: { plate: string }[] }).calls.map((c) => c.plate);
    expect(plates([])).toEqual(['未上牌-…123456']);
    expect(plates(['--reveal'])).toEqual([`未上牌-${VIN}`]);
    expect((JSON.parse(runCli(['history', VIN, '--json'], { env }).stdout) as { vehicle: { plate: string } }).vehicle.plate).toBe('未上牌-…123456');
    expect(runCli(['edit', VIN, '--plate', '粤B54321'], { env }).code).toBe(0);
    expect(plates([])).toEqual(['粤B54321']);
  });
});
