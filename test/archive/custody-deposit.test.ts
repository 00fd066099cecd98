/** `renew custody` and `renew deposit`: append-only with corrections, the checks that refuse and write nothing, and the month report's section. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdd, type AddOptions } from '../../src/features/archive/add.js';
import { heldInStore, runCustody, type CustodyOptions } from '../../src/features/archive/custody.js';
import { runDeposit, type DepositOptions } from '../../src/features/archive/deposit.js';
import { loadHistory, historyJson } from '../../src/features/call/history.js';
import { runCall } from '../../src/features/call/run.js';
import { buildMonthReport } from '../../src/features/report/build.js';
import { reportJson, renderCsv } from '../../src/ui/report/json.js';
import { renderMarkdown } from '../../src/ui/report/md.js';
import { renderTty } from '../../src/ui/report/tty.js';
import { heldPolicies, depositHeld } from '../../src/rules/custody-deposit.js';
import { shownPlate } from '../../src/rules/mask.js';
import { saveSetting } from '../../src/storage/queries/settings.js';
import { RenewError } from '../../src/errors.js';
import { makeTestContext, onPostgres, tempDir, type TestContext } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';

const ZHANG: AddOptions = {
  plate: '粤A12345', owner: '张伟', phone: '13812341234', insurer: '中国人保', installment: '是',
  compulsory_end: '2026-12-15', compulsory_premium: '950', commercial_end: '2026-12-15', commercial_premium: '3300',
};

async function refusedWith<O>(ctx: TestContext, run: (ctx: TestContext, plate: string, o: O) => Promise<unknown>, options: O) {
  const e = await run(ctx, '粤A12345', options).then(() => { throw new Error('accepted'); }, (x: unknown) => x as RenewError);
  expect(e).toBeInstanceOf(RenewError);
  return [ctx.t(e.key, e.vars), e.exitCode];
}
const custodyRefused = (ctx: TestContext, o: CustodyOptions) => refusedWith(ctx, runCustody, o);
const depositRefused = (ctx: TestContext, o: DepositOptions) => refusedWith(ctx, runDeposit, o);

describe('the rules', () => {
  const entry = (id: number, vehicle_id: number, kind: 'compulsory' | 'commercial', action: 'received' | 'handed_over' | 'posted', on_date: string, supersedes_id: number | null = null) =>
    ({ id, vehicle_id, kind, action, on_date, location: null, supersedes_id });

  it('a policy is held while its latest entry in force, dated by the day, is a receipt', () => {
    const entries = [
      entry(1, 1, 'compulsory', 'received', '2026-10-01'),
      entry(2, 1, 'commercial', 'received', '2026-10-01'),
      entry(3, 1, 'compulsory', 'handed_over', '2026-11-01'),
      // Recorded later, dated earlier: the day decides, not the order of typing.
      entry(4, 2, 'compulsory', 'handed_over', '2026-10-20'),
      entry(5, 2, 'compulsory', 'received', '2026-10-10'),
      // A correction: the receipt was on another day.
      entry(6, 3, 'commercial', 'received', '2026-09-01'),
      entry(7, 3, 'commercial', 'received', '2026-10-15', 6),
    ];
    expect(heldPolicies(entries, '2026-10-31').map((h) => [h.entry.id, h.days])).toEqual([[1, 30], [2, 30], [7, 16]]);
    expect(heldPolicies(entries, '2026-11-30').map((h) => [h.entry.id, h.days])).toEqual([[2, 60], [7, 46]]);
    // Before the handing over was dated, it was still held.
    expect(heldPolicies(entries, '2026-10-15').map((h) => h.entry.id)).toEqual([1, 2, 5, 7]);
  });

  it('the deposit held: received less refunded and forfeited, over the entries in force', () => {
    const d = (id: number, action: 'received' | 'refunded' | 'forfeited', amount_cents: number, supersedes_id: number | null = null) => ({ id, action, amount_cents, on_date: '2026-11-01', supersedes_id });
    expect(depositHeld([d(1, 'received', 200_000), d(2, 'refunded', 50_000)])).toBe(150_000);
    expect(depositHeld([d(1, 'received', 200_000), d(2, 'refunded', 50_000), d(3, 'refunded', 30_000, 2)])).toBe(170_000);
    expect(depositHeld([d(1, 'received', 200_000), d(2, 'forfeited', 200_000)])).toBe(0);
  });

  it("an unplated car's key keeps only the VIN's last six characters unless revealed", () => {
    expect(shownPlate('未上牌-LVGBE40K8GP123456', false)).toBe('未上牌-…123456');
    expect(shownPlate('未上牌-LVGBE40K8GP123456', true)).toBe('未上牌-LVGBE40K8GP123456');
    expect(shownPlate('粤A12345', false)).toBe('粤A12345');
  });
});

describe('renew custody', () => {
  it('records each kind, lists what is held and for how long, and corrections supersede', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24 10:00', actor: '小王' });
    await runAdd(ctx, ZHANG);
    const received = await runCustody(ctx, '粤A12345', { received: true, location: '档案柜 B-3', date: '2026-10-01' });
    expect(received.entries.map((e) => [e.id, e.kind, e.action, e.date, e.location, e.actor])).toEqual([
      [1, 'compulsory', 'received', '2026-10-01', '档案柜 B-3', '小王'], [2, 'commercial', 'received', '2026-10-01', '档案柜 B-3', '小王'],
    ]);
    await runCustody(ctx, '粤A12345', { handedOver: true, kind: 'compulsory', to: '张伟' });
    expect(await heldInStore(ctx, ctx.today)).toEqual([{ plate: '粤A12345', kind: 'commercial', since: '2026-10-01', days: 54, location: '档案柜 B-3' }]);
    // The commercial policy came a week later than typed: the correction replaces entry 2.
    const corrected = await runCustody(ctx, '粤A12345', { received: true, date: '2026-10-08', location: '档案柜 B-3', correct: '2' });
    expect(corrected.entries.map((e) => [e.id, e.kind, e.supersedes_id])).toEqual([[4, 'commercial', 2]]);
    expect((await heldInStore(ctx, ctx.today)).map((h) => h.days)).toEqual([47]);
    expect(await custodyRefused(ctx, { received: true, correct: '2' })).toEqual(['第 2 条登记已被第 4 条更正，请更正最新的那条。', 1]);
    await runCustody(ctx, '粤A12345', { posted: 'SF1234567890', kind: 'commercial' });
    expect(await heldInStore(ctx, ctx.today)).toEqual([]);
    const history = historyJson(await loadHistory(ctx, '粤A12345'), false);
    expect(history.custody.map((e) => [e.id, e.action, e.superseded_by ?? null, e.to, e.tracking])).toEqual([
      [1, 'received', null, null, null], [2, 'received', 4, null, null], [4, 'received', null, null, null],
      [3, 'handed_over', null, '张伟', null], [5, 'posted', null, null, 'SF1234567890'],
    ]);
  });

  it('refuses a received date in the future, an unknown kind, two actions at once, a posting without tracking; nothing written', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24 10:00' });
    await runAdd(ctx, ZHANG);
    expect(await custodyRefused(ctx, { received: true, date: '2026-11-25' })).toEqual(['--date 的日期 2026-11-25 在今天（2026-11-24）之后：还没发生的事不能登记。', 64]);
    expect((await custodyRefused(ctx, { received: true, date: '2026-02-30' }))[1]).toBe(64);
    expect((await custodyRefused(ctx, { received: true, kind: 'sticker' }))[1]).toBe(64);
    expect((await custodyRefused(ctx, { received: true, handedOver: true }))[1]).toBe(64);
    expect((await custodyRefused(ctx, { posted: ' ' }))[1]).toBe(64);
    expect((await custodyRefused(ctx, {}))[1]).toBe(64);
    expect(await ctx.db.selectFrom('custody').selectAll().execute()).toEqual([]);
  });
});

describe('renew deposit', () => {
  it('received, refunded in part, a refund above what is held refused with nothing written, a correction, forfeited', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24 10:00', actor: '小王' });
    await runAdd(ctx, ZHANG);
    const received = await runDeposit(ctx, '粤A12345', { received: '2,000', method: 'transfer' });
    expect(received).toMatchObject({ plate: '粤A12345', held: 2000, entry: { id: 1, case_id: 1, action: 'received', amount: 2000, method: 'transfer', actor: '小王' } });
    expect((await runDeposit(ctx, '粤A12345', { refunded: '500' })).held).toBe(1500);
    expect(await depositRefused(ctx, { refunded: '1500.01' })).toEqual(['退还 1,500.01 元超过了 粤A12345 已收未退的押金 1,500.00 元，没有登记。', 1]);
    expect((await ctx.db.selectFrom('deposits').selectAll().execute()).length).toBe(2);
    // The refund was 300, not 500: the correction stands in its place (and may refund up to 2,000).
    expect((await runDeposit(ctx, '粤A12345', { refunded: '300', correct: '2' })).held).toBe(1700);
    const forfeited = await runDeposit(ctx, '粤A12345', { forfeited: true });
    expect([forfeited.entry.amount, forfeited.held]).toEqual([1700, 0]);
    expect(await depositRefused(ctx, { forfeited: true })).toEqual(['粤A12345 没有已收未退的押金，无法不予退还。', 1]);
    expect(historyJson(await loadHistory(ctx, '粤A12345'), false).deposit_held).toBe(0);
  });

  it('bad amounts, methods and dates are refused (exit 64) with nothing written', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24 10:00' });
    await runAdd(ctx, ZHANG);
    expect(await depositRefused(ctx, { received: '两千' })).toEqual(['--received 的金额“两千”无效：应为大于 0 的元数，最多两位小数。', 64]);
    expect((await depositRefused(ctx, { received: '-5' }))[1]).toBe(64);
    expect((await depositRefused(ctx, { received: '2000', method: 'cheque' }))[1]).toBe(64);
    expect((await depositRefused(ctx, { received: '2000', date: '2026-12-01' }))[1]).toBe(64);
    expect((await depositRefused(ctx, { received: '2000', refunded: '100' }))[1]).toBe(64);
    expect(await depositRefused(ctx, { refunded: '1' })).toEqual(['退还 1.00 元超过了 粤A12345 已收未退的押金 0.00 元，没有登记。', 1]);
    expect(await ctx.db.selectFrom('deposits').selectAll().execute()).toEqual([]);
  });
});

describe('the month report', () => {
  it('lists policies held longer than custody_alert_days and deposits held after the renewal, in every format', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24 10:00' });
    await runAdd(ctx, ZHANG);
    await runAdd(ctx, { ...ZHANG, plate: '粤B54321', installment: '否' });
    await ctx.store.write((tx) => saveSetting(tx, 'certified_insurers', '["中国人保"]', '2026-11-24 10:00:00'));
    await runCustody(ctx, '粤A12345', { received: true, kind: 'compulsory', date: '2026-10-01', location: 'B-3' });
    await runCustody(ctx, '粤B54321', { received: true, kind: 'compulsory', date: '2026-11-20' });
    await runDeposit(ctx, '粤A12345', { received: '2000', date: '2026-11-01' });
    await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '4250' });
    ctx.now = () => new Date(2026, 11, 20, 10);
    ctx.today = '2026-12-20';
    const report = await buildMonthReport(ctx, '2026-11');
    expect(reportJson(report).archive).toEqual({
      as_of: '2026-11-30',
      custody_alert_days: 30,
      custody_held_long: [{ plate: '粤A12345', kind: 'compulsory', since: '2026-10-01', days: 60, location: 'B-3' }],
      deposits_after_renewal: [{ plate: '粤A12345', held: 2000, renewed_on: '2026-11-24', days: 6 }],
    });
    const csv = renderCsv(report, ctx.t, 'zh-CN');
    expect(csv).toContain('代管超期保单,粤A12345,天数,60\r\n');
    expect(csv).toContain('续保后未退押金,粤A12345,尚存押金,2000.00\r\n');
    // Nothing fell due in November: the lists still show (the drawer and the till are not the cohort).
    expect(report.figures.due).toBe(0);
    const md = renderMarkdown(report, ctx.t);
    expect(md).toContain('## 代管超过 30 天的保单\n\n| 车牌 | 保单 | 收到日期 | 保管天数 | 存放位置 |\n| --- | --- | --- | ---: | --- |\n| 粤A12345 | 交强险 | 2026-10-01 | 60 | B-3 |\n');
    expect(md).toContain('## 已续保仍未退还的押金\n\n| 车牌 | 尚存押金 | 续保日期 | 续保后天数 |\n| --- | ---: | --- | ---: |\n| 粤A12345 | 2,000.00 | 2026-11-24 | 6 |\n');
    // On screen (piped: plain tables), after the notice that nothing fell due.
    const screen = await renderTty(report, { t: ctx.t, isTTY: false, color: false, width: 80 });
    expect(screen).toContain('▌代管超过 30 天的保单\n车牌      保单    收到日期    保管天数  存放位置\n粤A12345  交强险  2026-10-01        60  B-3\n');
    expect(screen).toContain('▌已续保仍未退还的押金\n');
    // A longer setting leaves the policy out; a refund leaves the deposit out.
    await ctx.store.write((tx) => saveSetting(tx, 'custody_alert_days', '60', '2026-12-20 10:00:00'));
    await runDeposit(ctx, '粤A12345', { refunded: '2000', date: '2026-11-28' });
    expect(reportJson(await buildMonthReport(ctx, '2026-11')).archive).toMatchObject({ custody_held_long: [], deposits_after_renewal: [] });
  });
});

// The binary works on a file: once, on the SQLite run.
describe.skipIf(onPostgres)('from the built binary', () => {
  it('custody --list --json and a deposit refund above the deposit (exit 1, nothing written)', () => {
    const env = { RENEW_DB: join(tempDir('renew-custody-'), 'renew.db'), RENEW_TODAY: '2026-11-24', RENEW_LANG: 'zh-CN', NO_COLOR: '1' };
    expect(runCli(['add', '--plate', '粤A12345', '--owner', '张伟', '--insurer', '中国人保', '--compulsory-end', '2026-12-15', '--compulsory-premium', '950'], { env }).code).toBe(0);
    const future = runCli(['custody', '粤A12345', '--received', '--date', '2026-12-01'], { env });
    expect([future.code, future.stderr.trim().split('\n').length]).toEqual([64, 1]);
    expect(runCli(['custody', '粤A12345', '--received', '--kind', 'compulsory', '--date', '2026-11-01'], { env }).code).toBe(0);
    const list = runCli(['custody', '--list', '--json'], { env });
    expect([list.code, JSON.parse(list.stdout)]).toEqual([0, [{ plate: '粤A12345', kind: 'compulsory', since: '2026-11-01', days: 23, location: null }]]);
    expect(runCli(['custody', '--list'], { env }).stdout).toBe('车牌\t保单\t收到日期\t保管天数\t存放位置\n粤A12345\t交强险\t2026-11-01\t23\t\n');
    expect(runCli(['deposit', '粤A12345', '--received', '2000', '--method', 'cash'], { env }).code).toBe(0);
    const tooMuch = runCli(['deposit', '粤A12345', '--refunded', '2500'], { env });
    expect([tooMuch.code, tooMuch.stderr]).toEqual([1, '错误: 退还 2,500.00 元超过了 粤A12345 已收未退的押金 2,000.00 元，没有登记。\n']);
    const refund = runCli(['deposit', '粤A12345', '--refunded', '2000', '--json'], { env });
    expect([refund.code, JSON.parse(refund.stdout).held]).toEqual([0, 0]);
    const history = runCli(['history', '粤A12345'], { env }).stdout;
    expect(history).toContain('代管保单');
    expect(history).toContain('尚存押金：0.00 元');
  });
});
