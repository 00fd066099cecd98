/** `renew target set|list`: validation before any write, upsert of only the figures given, listing. */
import { describe, expect, it } from 'vitest';
import { EXIT, RenewError } from '../../src/errors.js';
import { runTargetList, runTargetSet } from '../../src/commands/target.js';
import { listTargets, parseRate, parseTargetInput, type TargetInput } from '../../src/features/target/targets.js';
import { makeTestContext } from '../helpers/context.js';
import { addVehicle } from '../report/seed.js';

const NOW = '2026-11-24 10:00';

function rejects(input: TargetInput): { key: string; vars: object; exitCode: number } {
  try {
    parseTargetInput(input);
  } catch (e) {
    if (e instanceof RenewError) return { key: e.key, vars: e.vars, exitCode: e.exitCode };
    throw e;
  }
  throw new Error('accepted');
}

describe('parsing target input', () => {
  it('accepts any subset of the three figures, in the forms people type', () => {
    expect(parseTargetInput({ month: '2026-12', vehicles: '120', premium: '360,000', rate: '0.65' })).toEqual({
      month: '2026-12', specialist: '', vehicles: 120, premiumCents: 36_000_000, rate: 0.65,
    });
    expect(parseTargetInput({ month: '2026-12', specialist: ' 张丽 ', rate: '70%' })).toEqual({ month: '2026-12', specialist: '张丽', rate: 0.7 });
    expect(parseTargetInput({ month: '2026-12', premium: '¥1200.50' })).toEqual({ month: '2026-12', specialist: '', premiumCents: 120_050 });
    expect(parseTargetInput({ month: '2026-12', vehicles: '0' })).toEqual({ month: '2026-12', specialist: '', vehicles: 0 });
  });

  it('names the bad field', () => {
    expect(rejects({ vehicles: '5' })).toEqual({ key: 'target.monthRequired', vars: {}, exitCode: EXIT.usage });
    expect(rejects({ month: '2026-13', vehicles: '5' })).toEqual({ key: 'errors.badMonth', vars: { value: '2026-13' }, exitCode: EXIT.usage });
    expect(rejects({ month: '2026-12' })).toEqual({ key: 'target.nothingToSet', vars: {}, exitCode: EXIT.usage });
    expect(rejects({ month: '2026-12', vehicles: '-5' })).toEqual({ key: 'target.badVehicles', vars: { value: '-5' }, exitCode: EXIT.usage });
    expect(rejects({ month: '2026-12', vehicles: '12.5' }).key).toBe('target.badVehicles');
    expect(rejects({ month: '2026-12', premium: '-100' })).toEqual({ key: 'target.badPremium', vars: { value: '-100' }, exitCode: EXIT.usage });
    expect(rejects({ month: '2026-12', premium: 'abc' }).key).toBe('target.badPremium');
    expect(rejects({ month: '2026-12', rate: '65' })).toEqual({ key: 'target.badRate', vars: { value: '65' }, exitCode: EXIT.usage });
    expect(rejects({ month: '2026-12', rate: '-0.1' }).key).toBe('target.badRate');
    expect(rejects({ month: '2026-12', rate: '120%' }).key).toBe('target.badRate');
    expect(rejects({ month: '2026-12', specialist: '  ', vehicles: '5' }).key).toBe('target.badSpecialist');
  });

  it('refuses numbers that overflow or no store reaches, so Infinity is never stored (issue 13.11)', () => {
    const huge = '1' + '0'.repeat(400); // Number() of this is Infinity: shown as "Infinity.NaN yuan" before
    expect(rejects({ month: '2026-12', premium: huge })).toEqual({ key: 'target.badPremium', vars: { value: huge }, exitCode: EXIT.usage });
    expect(rejects({ month: '2026-12', premium: '1e400' }).key).toBe('target.badPremium');
    expect(rejects({ month: '2026-12', premium: '1000000001' }).key).toBe('target.badPremium');
    expect(parseTargetInput({ month: '2026-12', premium: '1000000000' }).premiumCents).toBe(100_000_000_000);
    expect(rejects({ month: '2026-12', vehicles: '9'.repeat(30) }).key).toBe('target.badVehicles');
    expect(rejects({ month: '2026-12', vehicles: '1000001' }).key).toBe('target.badVehicles');
    expect(rejects({ month: '2026-12', rate: '1e400' }).key).toBe('target.badRate');
  });

  it('rates: fractions and percentages within 0..1', () => {
    expect([parseRate('0'), parseRate('1'), parseRate('.65'), parseRate('65.5%'), parseRate('1.01'), parseRate('x')]).toEqual([0, 1, 0.65, 0.655, null, null]);
  });
});

describe('setting and listing targets', () => {
  it('upserts: a second set changes only the figures it gives', async () => {
    const ctx = await makeTestContext({ now: NOW });
    await runTargetSet(ctx, parseTargetInput({ month: '2026-12', vehicles: '120', premium: '360000', rate: '0.65' }));
    await runTargetSet(ctx, parseTargetInput({ month: '2026-12', rate: '0.7' }));
    expect(await listTargets(ctx)).toEqual([
      { store: '', month: '2026-12', specialist: '', vehicles: 120, premiumCents: 36_000_000, rate: 0.7, updatedAt: '2026-11-24 10:00:00' },
    ]);
    expect(ctx.stderr.text).toBe('已保存 2026-12 全店的目标：台数 120，保费 360,000.00 元，续保率 65.0%\n已保存 2026-12 全店的目标：台数 120，保费 360,000.00 元，续保率 70.0%\n');
  });

  it('warns (but saves) when no vehicle is assigned to the specialist', async () => {
    const ctx = await makeTestContext({ now: NOW, lang: 'en' });
    await addVehicle(ctx, '粤A00001', '张丽');
    await runTargetSet(ctx, parseTargetInput({ month: '2026-12', specialist: '张丽', vehicles: '60' }));
    await runTargetSet(ctx, parseTargetInput({ month: '2026-12', specialist: '张力', vehicles: '60' }));
    expect(ctx.stderr.text).toBe(
      'Saved the 2026-12 target for 张丽: vehicles 60\nSaved the 2026-12 target for 张力: vehicles 60\n' +
      'Note: no vehicles are assigned to "张力" yet; check the spelling.\n',
    );
    expect((await listTargets(ctx)).map((r) => r.specialist)).toEqual(['张丽', '张力']); // code-point order: 丽 U+4E3D < 力 U+529B
  });

  it('lists newest month first, store first, as a table, JSON, or for one month', async () => {
    const ctx = await makeTestContext({ now: NOW });
    for (const input of [
      { month: '2026-11', vehicles: '100' },
      { month: '2026-12', vehicles: '120', premium: '360000', rate: '0.65' },
      { month: '2026-12', specialist: '张丽', rate: '0.7' },
    ]) await runTargetSet(ctx, parseTargetInput(input));
    await runTargetList(ctx, { json: false });
    expect(ctx.stdout.text).toBe(
      '月份     对象  台数  保费（元）  续保率\n' +
      '2026-12  全店   120  360,000.00   65.0%\n' +
      '2026-12  张丽     —           —   70.0%\n' +
      '2026-11  全店   100           —       —\n',
    );
    ctx.stdout.text = '';
    await runTargetList(ctx, { month: true, json: true });
    expect(JSON.parse(ctx.stdout.text)).toEqual([
      { store: null, month: '2026-11', specialist: null, vehicles: 100, premium: null, rate: null, updated_at: '2026-11-24 10:00:00' },
    ]);
    ctx.stdout.text = '';
    ctx.stderr.text = '';
    await runTargetList(ctx, { month: '2027-01', json: false });
    expect([ctx.stdout.text, ctx.stderr.text]).toEqual(['', '2027-01 没有设置目标。\n']);
  });
});
