/**
 * Team mode on either engine (BOTH_ENGINES): users and the first-user rule, roles
 * refusing what they may not do, --split's even shares, hand-overs, recycling to the
 * pool, a specialist's own queue with the pool, and every move in history.
 */
import { describe, expect, it } from 'vitest';
import { EXIT, RenewError } from '../../src/errors.js';
import { addUser, disable, userList } from '../../src/features/team/users.js';
import { authorize, resolveActor } from '../../src/features/team/access.js';
import { handOver, splitCases } from '../../src/features/team/assign.js';
import { recycleIdle } from '../../src/features/team/recycle.js';
import { todayQueue } from '../../src/features/today/run.js';
import { renderToday } from '../../src/ui/today.js';
import { loadHistory, historyJson } from '../../src/features/call/history.js';
import { runCall } from '../../src/features/call/run.js';
import { runEdit } from '../../src/features/archive/edit.js';
import { makeTestContext, parseNow, type TestContext } from '../helpers/context.js';
import { seedCase, seedEvents } from '../helpers/seed-cases.js';
import { certify, USUAL_INSURERS } from '../call/seed.js';
import { csvFile, run } from '../import/helpers.js';

/** The RenewError `work` throws, translated, with its exit code. */
async function refusal(ctx: TestContext, work: Promise<unknown>) {
  const e = await work.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(RenewError);
  const err = e as RenewError;
  return { message: ctx.t(err.key, err.vars), code: err.exitCode };
}

/** A store: a manager, three specialists, and `n` open cases due in December nobody is assigned. */
async function store(n = 7, lang: 'zh-CN' | 'en' = 'en') {
  const ctx = await makeTestContext({ actor: '赵经理', lang });
  await addUser(ctx, { name: '赵经理', role: 'manager' });
  for (const name of ['王丽', '李强', '张敏']) await addUser(ctx, { name, role: 'specialist' });
  for (let i = 0; i < n; i++) await seedCase(ctx.db, { plate: `粤A1000${i}`, specialist: null, end: `2026-12-${String(10 + i).padStart(2, '0')}`, premiumCents: (i + 1) * 100_000 });
  return ctx;
}

const as = (ctx: TestContext, actor: string | null): TestContext => ({ ...ctx, actor });

describe('users', () => {
  it('the first person must be a lead or manager; after that only they add people', async () => {
    const ctx = await makeTestContext({ actor: '王丽', lang: 'en' });
    expect(await refusal(ctx, addUser(ctx, { name: '王丽', role: 'specialist' }))).toEqual({
      message: 'This store has nobody yet: the first person must be a lead or a manager (who then adds the others): renew user add 王丽 --role manager',
      code: EXIT.usage,
    });
    await addUser(as(ctx, '王丽'), { name: '赵经理', role: 'manager' });
    // 王丽 is no user yet: once users exist she is refused everything, naming RENEW_USER.
    expect(await refusal(ctx, addUser(ctx, { name: '李强', role: 'specialist' }))).toEqual({
      message: '"王丽" is not a person of this store: set RENEW_USER to your name, or ask a lead or manager to add you with `renew user add`.',
      code: EXIT.notAllowed,
    });
    const boss = as(ctx, '赵经理');
    await addUser(boss, { name: '王丽', role: 'specialist' });
    expect(await refusal(ctx, addUser(ctx, { name: '李强', role: 'specialist' }))).toEqual({
      message: '王丽 (specialist) may not add or disable people: that needs a lead or manager.',
      code: EXIT.notAllowed,
    });
    expect((await refusal(boss, addUser(boss, { name: '王丽', role: 'lead' }))).message).toBe('王丽 is already a person of this store.');
  });

  it('list shows role, store, disabled and open cases; a disabled person is refused at the keyboard', async () => {
    const ctx = await store(4);
    await splitCases(ctx, { people: ['王丽', '李强'] });
    await disable(ctx, '李强');
    const list = await userList(ctx);
    expect(list.map((u) => [u.name, u.role, u.store, u.disabled_at !== null, u.open_cases])).toEqual([
      ['张敏', 'specialist', null, false, 0],
      ['李强', 'specialist', null, true, 2],
      ['王丽', 'specialist', null, false, 2],
      ['赵经理', 'manager', null, false, 0],
    ]);
    expect(await refusal(ctx, resolveActor(as(ctx, '李强')))).toMatchObject({ code: EXIT.notAllowed });
    expect((await refusal(ctx, disable(ctx, '赵经理'))).message).toBe('You cannot disable yourself (赵经理): ask another lead or manager.');
  });

  it('a database without users checks nobody (one person on one PC)', async () => {
    const ctx = await makeTestContext({ actor: 'anyone' });
    expect(await resolveActor(ctx)).toBeNull();
    expect(await authorize(ctx, 'assign')).toBeNull();
  });

  it('zh-CN: the refusal names the role it needs', async () => {
    const ctx = await store(1, 'zh-CN');
    expect(await refusal(ctx, splitCases(as(ctx, '张敏'), { people: ['王丽'] }))).toEqual({
      message: '张敏（续保专员）不能分配客户：需要组长或经理的权限。',
      code: EXIT.notAllowed,
    });
  });
});

describe('assign', () => {
  it('--split: counts within one, premium balanced, disabled people skipped; every move recorded', async () => {
    const ctx = await store(7);
    await disable(ctx, '张敏');
    const result = await splitCases(ctx, { people: ['王丽', '李强', '张敏'] });
    expect(result.skipped).toEqual(['张敏']);
    expect(result.moved).toBe(7);
    // Premiums 7..1 thousand yuan: 王丽 7, 4, 3 and 李强 6, 5, 2, 1 (the last round's one case to the lower total).
    expect(result.shares).toEqual([
      { name: '王丽', cases: 3, premium_cents: 1_400_000 },
      { name: '李强', cases: 4, premium_cents: 1_400_000 },
    ]);
    const cases = await ctx.db.selectFrom('renewal_cases as c').innerJoin('vehicles as v', 'v.id', 'c.vehicle_id').select(['c.specialist as copy', 'v.specialist']).execute();
    expect(cases.every((c) => c.copy === c.specialist && c.specialist !== null)).toBe(true);
    const moves = await ctx.db.selectFrom('case_moves').selectAll().orderBy('id').execute();
    expect(moves).toHaveLength(7);
    expect(moves[0]).toMatchObject({ from_specialist: null, actor: '赵经理', reason: 'split', at: '2026-11-24 10:00:00' });
  });

  it('--split --month and --unassigned choose the cases; a second split of the same people moves nothing', async () => {
    const ctx = await store(3);
    await seedCase(ctx.db, { plate: '粤B20000', specialist: '李强', end: '2027-01-05' });
    expect((await splitCases(ctx, { people: ['王丽'], month: '2027-01' })).moved).toBe(1);
    expect((await splitCases(ctx, { people: ['李强'], unassigned: true })).moved).toBe(3);
    expect((await splitCases(ctx, { people: ['李强'], unassigned: true })).moved).toBe(0);
    expect((await refusal(ctx, splitCases(ctx, { people: ['无名'] }))).message).toBe('This store has no person "无名".');
  });

  it('--from --to moves all of a person\'s cases or the plates named; a plate not theirs changes nothing', async () => {
    const ctx = await store(4);
    await splitCases(ctx, { people: ['王丽', '李强'] });
    const wang = (await ctx.db.selectFrom('vehicles').select('plate').where('specialist', '=', '王丽').orderBy('plate').execute()).map((r) => r.plate);
    const li = (await ctx.db.selectFrom('vehicles').select('plate').where('specialist', '=', '李强').orderBy('plate').execute()).map((r) => r.plate);
    expect((await refusal(ctx, handOver(ctx, { from: '王丽', to: '张敏', plates: [li[0] as string] }))).message).toBe(`${li[0]} is not assigned to 王丽 (or has no open case); nothing was changed.`);
    expect(await handOver(ctx, { from: '王丽', to: '张敏', plates: [wang[0] as string] })).toEqual({ moved: 1, plates: [wang[0]] });
    expect((await handOver(ctx, { from: '李强', to: '张敏' })).moved).toBe(2);
    expect((await userList(ctx)).map((u) => [u.name, u.open_cases])).toEqual([['张敏', 3], ['李强', 0], ['王丽', 1], ['赵经理', 0]]);
    const history = historyJson(await loadHistory(ctx, wang[0] as string), false);
    expect(history.moves.map((m) => [m.from, m.to, m.by, m.why])).toEqual([[null, '王丽', '赵经理', 'split'], ['王丽', '张敏', '赵经理', 'handover']]);
  });
});

describe('recycle and the pool', () => {
  it('returns cases idle for N days to the pool (--dry-run changes nothing); a specialist sees their own queue and the pool', async () => {
    const ctx = await makeTestContext({ actor: '赵经理', now: '2026-11-24 10:00', lang: 'en' });
    await certify(ctx.db, USUAL_INSURERS);
    await addUser(ctx, { name: '赵经理', role: 'manager' });
    await addUser(ctx, { name: '王丽', role: 'specialist' });
    const idle = await seedCase(ctx.db, { plate: '粤A00001', specialist: '王丽', end: '2026-12-10' });
    const called = await seedCase(ctx.db, { plate: '粤A00002', specialist: '王丽', end: '2026-12-11' });
    const handed = await seedCase(ctx.db, { plate: '粤A00003', specialist: '王丽', end: '2026-12-12' });
    await seedEvents(ctx.db, called, [{ at: '2026-11-22 10:00:00', outcome: 'no_answer' }]);
    await seedEvents(ctx.db, idle, [{ at: '2026-11-10 10:00:00', outcome: 'no_answer' }]);
    // 粤A00003 was never called but was handed to 王丽 yesterday: not idle either.
    await ctx.db.insertInto('case_moves').values({ vehicle_id: handed.vehicleId, case_id: null, from_specialist: null, to_specialist: '王丽', actor: '赵经理', reason: 'handover', at: '2026-11-23 09:00:00' }).execute();

    const dry = await recycleIdle(ctx, { idleDays: 7, dryRun: true });
    expect(dry.cases).toEqual([{ plate: '粤A00001', from: '王丽', due_date: '2026-12-10', last_contact_at: '2026-11-10 10:00:00' }]);
    expect((await ctx.db.selectFrom('vehicles').select('specialist').where('plate', '=', '粤A00001').executeTakeFirstOrThrow()).specialist).toBe('王丽');
    expect((await recycleIdle(ctx, { idleDays: 7, dryRun: false })).cases).toHaveLength(1);
    expect((await ctx.db.selectFrom('renewal_cases').select('specialist').where('id', '=', idle.caseId).executeTakeFirstOrThrow()).specialist).toBeNull();
    expect(await refusal(ctx, recycleIdle(as(ctx, '王丽'), { idleDays: 7, dryRun: true }))).toMatchObject({ code: EXIT.notAllowed });

    // 王丽's own queue: her two cases in calls (the one never called first), the recycled one in the pool.
    const wang = as(ctx, '王丽');
    const mine = await todayQueue(wang, { format: 'screen', limit: 10 });
    expect(mine.kind).toBe('screen');
    if (mine.kind !== 'screen') return;
    expect(mine.queue.groups.calls.map((e) => e.row.plate)).toEqual(['粤A00003', '粤A00002']);
    expect(mine.team?.mine).toBe('王丽');
    expect(mine.team?.pool.entries.map((e) => e.row.plate)).toEqual(['粤A00001']);
    expect(await refusal(wang, todayQueue(wang, { format: 'screen', all: true }))).toMatchObject({ code: EXIT.notAllowed });
    // On her screen: whose queue it is, then the pool; in --json: mine, pool_total, pool.
    const tty = { ...wang, isTTY: true };
    await renderToday(tty, await todayQueue(tty, { format: 'screen' }), undefined);
    expect(wang.stdout.text).toMatch(/^王丽's queue \(the whole store's: --all, for a lead or manager\)\n/);
    expect(wang.stdout.text).toMatch(/\nPool: 1 \(nobody assigned; calling one takes it\)\n[^]*粤A00001/);
    wang.stdout.text = '';
    await renderToday(wang, await todayQueue(wang, { format: 'json' }), undefined);
    const json = JSON.parse(wang.stdout.text);
    expect([json.mine, json.pool_total, json.pool.map((e: { plate: string }) => e.plate), json.calls.length]).toEqual(['王丽', 1, ['粤A00001'], 2]);
    // The manager sees everyone's, no pool section.
    const all = await todayQueue(ctx, { format: 'screen', limit: 10, all: true });
    expect(all.kind === 'screen' && all.queue.groups.calls.map((e) => e.row.plate)).toEqual(['粤A00001', '粤A00003', '粤A00002']);
    expect(all.team).toBeUndefined();

    // Calling a pool case takes it: a move 'take' by 王丽, in history.
    await runCall(wang, '粤A00001', { outcome: 'callback', next: '2026-11-26 10:00' });
    expect(wang.stderr.text).toContain('粤A00001 was in the pool: it is yours now.');
    const h = historyJson(await loadHistory(ctx, '粤A00001'), false);
    expect(h.moves.map((m) => [m.from, m.to, m.by, m.why])).toEqual([['王丽', null, '赵经理', 'recycle'], [null, '王丽', '王丽', 'take']]);
    expect(h.events.at(-1)).toMatchObject({ actor: '王丽', specialist: '王丽' });
  });
});

describe('a re-import and the assignments made in renew', () => {
  const HEADER = '车牌号,手机,险种,保单号,保费,起保日期,保险止期,续保专员\n';
  const row = (plate: string, no: string, year: number, specialist: string) =>
    `${plate},13800138000,交强险,${no},950,${year}-01-10,${year + 1}-01-09,${specialist}`;

  it('a specialist set in renew (handed over, recycled, taken from the pool, edited) stays; a vehicle never moved, or new, follows the export', async () => {
    const ctx = await makeTestContext({ actor: '赵经理', now: '2026-11-24 10:00', lang: 'en' });
    await certify(ctx.db, USUAL_INSURERS);
    await addUser(ctx, { name: '赵经理', role: 'manager' });
    await addUser(ctx, { name: '王丽', role: 'specialist' });
    await run(ctx, csvFile(HEADER + row('粤A00002', 'J2', 2026, '小王')));
    // Ten days later 粤A00002 has waited a week untouched: back to the pool.
    const later: TestContext = { ...ctx, now: () => parseNow('2026-12-05 10:00'), today: '2026-12-05' };
    expect((await recycleIdle(later, { idleDays: 7, dryRun: false })).cases.map((c) => c.plate)).toEqual(['粤A00002']);
    await run(later, csvFile(HEADER + [row('粤A00001', 'J1', 2026, '小王'), row('粤A00003', 'J3', 2026, '小王'), row('粤A00004', 'J4', 2026, ''), row('粤A00006', 'J6', 2026, '小王')].join('\n')));
    await handOver(later, { from: '小王', to: '王丽', plates: ['粤A00001'] });
    await runCall(as(later, '王丽'), '粤A00004', { outcome: 'no_answer' });
    await runEdit(later, '粤A00003', { specialist: '李强' });

    // The export still names its own people: next year's cover for all four, and a new car.
    const again = [row('粤A00001', 'K1', 2027, '小张'), row('粤A00002', 'K2', 2027, '小张'), row('粤A00003', 'K3', 2027, '小张'), row('粤A00004', 'K4', 2027, '小张'), row('粤A00005', 'K5', 2027, '小张'), row('粤A00006', 'K6', 2027, '小张')];
    expect((await run(later, csvFile(HEADER + again.join('\n')))).imported).toBe(6);
    const vehicles = await ctx.db.selectFrom('vehicles').select(['plate', 'specialist']).orderBy('plate').execute();
    expect(vehicles.map((v) => [v.plate, v.specialist])).toEqual([
      ['粤A00001', '王丽'], ['粤A00002', null], ['粤A00003', '李强'], ['粤A00004', '王丽'], ['粤A00005', '小张'], ['粤A00006', '小张'],
    ]);
    // Every case, next year's new ones included, carries its vehicle's specialist.
    const cases = await ctx.db.selectFrom('renewal_cases').select(['plate', 'due_date', 'specialist']).orderBy('plate').orderBy('due_date').execute();
    expect(cases.map((c) => [c.plate, c.due_date, c.specialist])).toEqual([
      ['粤A00001', '2027-01-09', '王丽'], ['粤A00001', '2028-01-09', '王丽'],
      ['粤A00002', '2027-01-09', null], ['粤A00002', '2028-01-09', null],
      ['粤A00003', '2027-01-09', '李强'], ['粤A00003', '2028-01-09', '李强'],
      ['粤A00004', '2027-01-09', '王丽'], ['粤A00004', '2028-01-09', '王丽'],
      ['粤A00005', '2028-01-09', '小张'],
      ['粤A00006', '2027-01-09', '小张'], ['粤A00006', '2028-01-09', '小张'],
    ]);
  });
});
