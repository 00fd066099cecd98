/**
 * Issue 15, step one: a renewal recorded by call stores the new policies and next
 * year's case at once; a later export merges into them; a correction takes them back.
 */
import { describe, expect, it } from 'vitest';
import { runCall } from '../../src/features/call/run.js';
import { policyYearEnd } from '../../src/rules/renewal.js';
import { RenewError } from '../../src/errors.js';
import { groupKeys } from '../../src/features/today/due-list.js';
import { sql } from 'kysely';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { certify, seedVehicle, USUAL_INSURERS, ZHANG } from '../call/seed.js';
import { csvFile, run } from '../import/helpers.js';
import { RENEWED_EXPORT } from './exports.js';

async function setup(vehicle = ZHANG) {
  const ctx = await makeTestContext({ now: '2026-11-24 10:00' });
  const ids = await seedVehicle(ctx.db, vehicle);
  await certify(ctx.db, USUAL_INSURERS);
  return { ctx, ...ids };
}

const policiesOf = (ctx: TestContext, vehicleId: number) =>
  ctx.db.selectFrom('policies')
    .select(['id', 'case_id', 'renews_case_id', 'kind', 'insurer', 'policy_no', 'natural_key', 'premium_cents', 'start_date', 'end_date', 'event_id', 'import_id'])
    .where('vehicle_id', '=', vehicleId).orderBy('id').execute();

const casesOf = (ctx: TestContext, vehicleId: number) =>
  ctx.db.selectFrom('renewal_cases')
    .select(['id', 'due_date', 'compulsory_end', 'commercial_end', 'last_premium_cents', 'last_insurer', 'status', 'plate', 'specialist'])
    .where('vehicle_id', '=', vehicleId).orderBy('id').execute();

const EXPORT = RENEWED_EXPORT;

describe('a year of cover', () => {
  it('ends the day before the same date a year later; from 29 February it ends on 28 February', () => {
    expect(policyYearEnd('2026-12-16')).toBe('2027-12-15');
    expect(policyYearEnd('2027-01-01')).toBe('2027-12-31');
    expect(policyYearEnd('2028-02-29')).toBe('2029-02-28');
    expect(policyYearEnd('2028-03-01')).toBe('2029-02-28');
  });
});

describe('renewed by call: the new policies and next year\'s case', () => {
  it('stores one policy per kind renewed, each from the day after its old end, and opens next year\'s case', async () => {
    const { ctx, vehicleId, caseId } = await setup();
    const event = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', compulsoryPremium: '950', commercialPremium: '3200', policyNoCommercial: 'PDAA2026777' });
    const policies = (await policiesOf(ctx, vehicleId)).slice(2);
    const next = (await casesOf(ctx, vehicleId))[1];
    expect(policies).toEqual([
      { id: 3, case_id: next?.id, renews_case_id: caseId, kind: 'compulsory', insurer: '中国人保', policy_no: null, natural_key: 'K|粤A12345|compulsory|2027-12-15',
        premium_cents: 95000, start_date: '2026-12-16', end_date: '2027-12-15', event_id: event.id, import_id: null },
      { id: 4, case_id: next?.id, renews_case_id: caseId, kind: 'commercial', insurer: '中国人保', policy_no: 'PDAA2026777', natural_key: 'P|PDAA2026777',
        premium_cents: 320000, start_date: '2026-12-16', end_date: '2027-12-15', event_id: event.id, import_id: null },
    ]);
    expect(next).toEqual({ id: 2, due_date: '2027-12-15', compulsory_end: '2027-12-15', commercial_end: '2027-12-15', last_premium_cents: 415000,
      last_insurer: '中国人保', status: 'open', plate: '粤A12345', specialist: '李娜' });
  });

  it('keeps each kind\'s own dates: 交强 and 商业 ending on different days renew on different days', async () => {
    const { ctx, vehicleId } = await setup({
      ...ZHANG,
      policies: [
        { kind: 'compulsory', insurer: '中国人保', premium: 950, end: '2026-12-15' },
        { kind: 'commercial', insurer: '中国人保', premium: 3330, end: '2027-01-20' },
      ],
    });
    await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '4100' });
    const written = (await policiesOf(ctx, vehicleId)).slice(2).map((p) => [p.kind, p.start_date, p.end_date, p.premium_cents]);
    // Only a total for two kinds: the split is unknown, so no premium per policy.
    expect(written).toEqual([['compulsory', '2026-12-16', '2027-12-15', null], ['commercial', '2027-01-21', '2028-01-20', null]]);
    const cases = await casesOf(ctx, vehicleId);
    expect(cases.map((c) => [c.due_date, c.compulsory_end, c.commercial_end])).toEqual([
      ['2026-12-15', '2026-12-15', '2027-01-20'], ['2027-12-15', '2027-12-15', '2028-01-20'],
    ]);
  });

  it('--start moves every kind to that day', async () => {
    const { ctx, vehicleId } = await setup();
    await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '950', kind: 'compulsory', start: '2026-12-20' });
    const written = (await policiesOf(ctx, vehicleId)).slice(2).map((p) => [p.kind, p.start_date, p.end_date, p.premium_cents]);
    expect(written).toEqual([['compulsory', '2026-12-20', '2027-12-19', 95000]]);
  });

  it('the morning queue lists next year\'s case 45 days before the new end, with no import in between', async () => {
    const { ctx } = await setup();
    await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '4150' });
    const scope = (today: string, callsTo: string) => ({ today, from: today, callsTo, smsTo: callsTo, waiting: [], score: sql<number>`0` });
    const listed = async (today: string, callsTo: string) => (await groupKeys(ctx.db, 'calls', scope(today, callsTo)).execute()).map((r) => r.plate);
    expect(await listed('2027-10-31', '2027-12-15')).toEqual(['粤A12345']);
    expect(await listed('2027-10-30', '2027-12-14')).toEqual([]);
  });

  it('refuses a policy number another vehicle already has, and writes nothing', async () => {
    const { ctx, vehicleId } = await setup();
    await seedVehicle(ctx.db, { plate: '粤B54321', policies: [{ kind: 'commercial', end: '2027-12-15', policyNo: 'X1' }] });
    await ctx.db.updateTable('policies').set({ natural_key: 'P|PDAA2026777' }).where('policy_no', '=', 'X1').execute();
    const e = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '3200', kind: 'commercial', policyNoCommercial: 'PDAA2026777' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RenewError);
    expect(ctx.t((e as RenewError).key, (e as RenewError).vars)).toBe('保单号 PDAA2026777 已属于车辆 粤B54321，不能再记到这辆车上。');
    expect(await ctx.db.selectFrom('events').selectAll().execute()).toEqual([]);
    expect((await policiesOf(ctx, vehicleId)).length).toBe(2);
    expect((await casesOf(ctx, vehicleId)).map((c) => c.status)).toEqual(['open']);
  });

  it('refuses a policy number for a kind not renewed, and one Excel turned into 1.23E+17', async () => {
    const { ctx } = await setup();
    const wrongKind = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '950', kind: 'compulsory', policyNoCommercial: 'P1' }).then(() => { throw new Error("accepted"); }, (x: unknown) => x as RenewError);
    expect(ctx.t(wrongKind.key, wrongKind.vars)).toBe('--policy-no-commercial 与所选险种（compulsory）不符。');
    const excel = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '950', kind: 'compulsory', policyNoCompulsory: '1.23E+17' }).then(() => { throw new Error("accepted"); }, (x: unknown) => x as RenewError);
    expect([ctx.t(excel.key, excel.vars), excel.exitCode]).toEqual(['--policy-no-compulsory 的值“1.23E+17”不是保单号（不能有空格，也不能是 Excel 的科学计数法）。', 64]);
  });
});

describe('a later export of the same policies merges into them', () => {
  it('no second policy or case; the numbers fill in; a second import changes nothing', async () => {
    const { ctx, vehicleId } = await setup();
    await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', compulsoryPremium: '950', commercialPremium: '3200' });
    const eventsBefore = await ctx.db.selectFrom('events').selectAll().execute();
    const summary = await run(ctx, csvFile(EXPORT));
    expect([summary.imported, summary.updated, summary.rejected]).toEqual([0, 2, 0]);
    const policies = await policiesOf(ctx, vehicleId);
    expect(policies.length).toBe(4);
    expect(policies.slice(2).map((p) => [p.kind, p.policy_no, p.natural_key, p.event_id, p.renews_case_id, p.import_id !== null])).toEqual([
      ['compulsory', 'PDZA2026777', 'P|PDZA2026777', 1, 1, true],
      ['commercial', 'PDAA2026777', 'P|PDAA2026777', 1, 1, true],
    ]);
    const cases = await casesOf(ctx, vehicleId);
    expect(cases.map((c) => [c.due_date, c.status, c.last_premium_cents])).toEqual([['2026-12-15', 'renewed', 428000], ['2027-12-15', 'open', 415000]]);
    // The import did not record the renewal a second time.
    expect(await ctx.db.selectFrom('events').selectAll().execute()).toEqual(eventsBefore);
    const again = await run(ctx, csvFile(EXPORT));
    expect([again.imported, again.updated, again.unchanged]).toEqual([0, 0, 2]);
    expect((await policiesOf(ctx, vehicleId)).length).toBe(4);
  });

  it('an export without a number keeps the number typed at the close', async () => {
    const { ctx, vehicleId } = await setup();
    await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '3200', kind: 'commercial', policyNoCommercial: 'PDAA2026777' });
    await run(ctx, csvFile('车牌号,险种类型,保险公司,保费,起保日期,保险止期\n粤A12345,商业险,中国人保,3200,2026-12-16,2027-12-15'));
    const last = (await policiesOf(ctx, vehicleId)).slice(2);
    expect(last.map((p) => [p.policy_no, p.premium_cents])).toEqual([['PDAA2026777', 320000]]);
  });

  it('a renewal recorded after the export links the exported policy instead of writing a second', async () => {
    const { ctx, vehicleId } = await setup();
    // The export brings the new policies with start dates outside the renewal window, so the import does not close the case.
    await run(ctx, csvFile('车牌号,险种类型,保险公司,保费,保险止期,保单号\n粤A12345,商业险,中国人保,3200,2027-12-15,PDAA2026777'));
    await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '3200', kind: 'commercial' });
    const last = (await policiesOf(ctx, vehicleId)).slice(2);
    expect(last.map((p) => [p.policy_no, p.event_id, p.renews_case_id])).toEqual([['PDAA2026777', 1, 1]]);
    expect((await casesOf(ctx, vehicleId)).length).toBe(2);
  });
});

describe('correcting the renewal corrects its policies in the same transaction', () => {
  it('a renewal corrected to a callback removes the policies and next year\'s case', async () => {
    const { ctx, vehicleId } = await setup();
    const renewed = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '4150' });
    await runCall(ctx, '粤A12345', { correct: String(renewed.id), outcome: 'callback', next: '2026-11-26 15:00' });
    expect((await policiesOf(ctx, vehicleId)).length).toBe(2);
    expect((await casesOf(ctx, vehicleId)).map((c) => [c.due_date, c.status])).toEqual([['2026-12-15', 'open']]);
  });

  it('a renewal corrected to another insurer and start rewrites them', async () => {
    const { ctx, vehicleId } = await setup();
    const renewed = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', premium: '4150' });
    const fixed = await runCall(ctx, '粤A12345', { correct: String(renewed.id), outcome: 'renewed', insurer: '平安产险', premium: '950', kind: 'compulsory', start: '2026-12-18' });
    const last = (await policiesOf(ctx, vehicleId)).slice(2);
    expect(last.map((p) => [p.kind, p.insurer, p.start_date, p.end_date, p.event_id])).toEqual([['compulsory', '平安产险', '2026-12-18', '2027-12-17', fixed.id]]);
    expect((await casesOf(ctx, vehicleId)).map((c) => [c.due_date, c.compulsory_end, c.commercial_end, c.last_insurer])).toEqual([
      ['2026-12-15', '2026-12-15', '2026-12-15', '中国人保'], ['2027-12-17', '2027-12-17', null, '平安产险'],
    ]);
  });

  it('a policy the export has since confirmed stays when the renewal is corrected away', async () => {
    const { ctx, vehicleId } = await setup();
    const renewed = await runCall(ctx, '粤A12345', { outcome: 'renewed', insurer: '中国人保', compulsoryPremium: '950', commercialPremium: '3200' });
    await run(ctx, csvFile(EXPORT));
    await runCall(ctx, '粤A12345', { correct: String(renewed.id), outcome: 'no_answer' });
    const last = (await policiesOf(ctx, vehicleId)).slice(2);
    expect(last.map((p) => [p.policy_no, p.event_id])).toEqual([['PDZA2026777', null], ['PDAA2026777', null]]);
  });
});
