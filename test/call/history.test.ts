/** `renew history <plate>`: details (masked unless --reveal), policies, cases and the whole register. */
import { describe, expect, it } from 'vitest';
import { historyJson, loadHistory } from '../../src/features/call/history.js';
import { renderHistory } from '../../src/ui/history.js';
import { runCall } from '../../src/features/call/run.js';
import { RenewError } from '../../src/errors.js';
import { makeTestContext } from '../helpers/context.js';
import { certify, seedVehicle, ZHANG } from './seed.js';

async function withRegister(options: { reveal?: boolean; lang?: 'zh-CN' | 'en' } = {}) {
  const ctx = await makeTestContext({ ...options, now: '2026-11-24 10:00' });
  await seedVehicle(ctx.db, { ...ZHANG, installment: true });
  await certify(ctx.db, ['中国人保']);
  await runCall(ctx, '粤A12345', { outcome: 'no_answer' });
  await runCall(ctx, '粤A12345', { outcome: 'lost', reason: 'price', note: '嫌贵' });
  await runCall(ctx, '粤A12345', { correct: '2', outcome: 'renewed', insurer: '中国人保', premium: '4100', specialist: '王强' });
  return ctx;
}

describe('renew history', () => {
  it('prints the vehicle, its policies, its cases and every event, superseded ones marked', async () => {
    const ctx = await withRegister();
    const text = await renderHistory(ctx, await loadHistory(ctx, '粤a12345'));
    expect(text).toBe(`车辆
  车牌        粤A12345
  车型        丰田凯美瑞 2.0G
  车架号      LVG**********3456
  初次登记    2021-12-10
  车主        张伟
  被保险人    张伟
  电话        138****1234
  身份证号    440***********1234
  地址        广州市天河区体育西路 1 号
  按揭        是
  续保专员    李娜

保单
险种    保险公司  保单号       起保        到期           保费  续保单
商业险  中国人保  PDAA2025001  2025-12-16  2026-12-15  3330.00  #1
交强险  中国人保  PDZA2025001  2025-12-16  2026-12-15   950.00  #1
商业险  中国人保               2026-12-16  2027-12-15           #2
交强险  中国人保               2026-12-16  2027-12-15           #2

续保单
续保单  到期        状态      结案                 拨打次数
#1      2026-12-15  续保成功  2026-11-24 10:00:00         2
#2      2027-12-15  跟进中                                0

跟进登记
编号  时间              结果                 方式  登记人  详情
  #1  2026-11-24 10:00  无人接听             电话  李娜
  #2  2026-11-24 10:00  战败 (已被 #3 更正)  电话  李娜    原因 价格高于预期; 嫌贵
  #3  2026-11-24 10:00  续保成功             电话  王强    更正 #2; 中国人保; 交强险+商业险; 4100.00; 2026-12-16
`);
  });

  it('--json: the same facts for programs; --reveal shows phone and ID in full', async () => {
    const masked = historyJson(await loadHistory(await withRegister(), '粤A12345'), false);
    expect([masked.vehicle.phone, masked.vehicle.id_no]).toEqual(['138****1234', '440***********1234']);
    expect(masked.events.map((e) => [e.id, e.outcome, e.supersedes_id, 'superseded_by' in e ? e.superseded_by : null])).toEqual([
      [1, 'no_answer', null, null], [2, 'lost', null, 3], [3, 'renewed', 2, null],
    ]);
    expect(masked.cases).toEqual([{
      id: 1, due_date: '2026-12-15', status: 'renewed', closed_at: '2026-11-24 10:00:00', closed_by: 'phone', renewed_insurer: '中国人保',
      renewed_premium: 4100, lost_reason: null, attempts: 2, next_contact_at: null,
    }, {
      // Next year's case, opened by the renewal (its policies are in the archive).
      id: 2, due_date: '2027-12-15', status: 'open', closed_at: null, closed_by: null, renewed_insurer: null,
      renewed_premium: null, lost_reason: null, attempts: 0, next_contact_at: null,
    }]);
    const revealedCtx = await withRegister({ reveal: true });
    const revealed = await renderHistory(revealedCtx, await loadHistory(revealedCtx, '粤A12345'));
    expect(revealed).toContain('  电话        13812341234\n  身份证号    440106199001011234\n');
  });

  it('a TTY gets bordered tables', async () => {
    const ctx = await withRegister({ lang: 'en' });
    const text = await renderHistory({ ...ctx, isTTY: true }, await loadHistory(ctx, '粤A12345'));
    expect(text).toContain('│ #3 │ 2026-11-24 10:00 │ renewed');
    expect(text).toContain('lost (superseded by #3)');
  });

  it('an unknown plate suggests close matches', async () => {
    const ctx = await withRegister();
    const e = (await loadHistory(ctx, '粤A1234S').catch((err: unknown) => err)) as RenewError;
    expect([ctx.t(e.key, e.vars), e.hintKey && ctx.t(e.hintKey, e.vars)]).toEqual(['找不到车牌 粤A1234S。', '是不是这些车牌：粤A12345？']);
  });
});

describe('renew history: who recorded it', () => {
  it('shows the person at the keyboard where the register knows them, the name given before that', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24 10:00', actor: '赵敏' });
    await seedVehicle(ctx.db, ZHANG);
    await runCall(ctx, '粤A12345', { outcome: 'no_answer' });
    const h = await loadHistory(ctx, '粤A12345');
    expect(historyJson(h, false).events.map((e) => [e.actor, e.specialist])).toEqual([['赵敏', '李娜']]);
    expect(await renderHistory(ctx, h)).toMatch(/无人接听\s+电话\s+赵敏/);
  });
});
