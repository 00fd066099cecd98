/**
 * The dealer group's stores (issue 16, docs/team.md): adding them, what --store means
 * for reading and for writing, and each per-store thing (queue, settings, targets, the
 * month report, imports), on both engines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addStore, storeList } from '../../src/features/stores/run.js';
import { readStore, writeStore } from '../../src/features/stores/scope.js';
import { runToday } from '../../src/commands/today.js';
import { loadSettings, saveSetting } from '../../src/storage/queries/settings.js';
import { saveTarget, targetList } from '../../src/features/target/run.js';
import { parseTargetInput } from '../../src/features/target/targets.js';
import { buildMonthReport } from '../../src/features/report/build.js';
import { userList } from '../../src/features/team/users.js';
import { handOver, splitCases } from '../../src/features/team/assign.js';
import { recycleIdle } from '../../src/features/team/recycle.js';
import { runQueueCalls } from '../../src/features/call/queue.js';
import { runCall } from '../../src/features/call/run.js';
import { loadHistory } from '../../src/features/call/history.js';
import { explainPlate } from '../../src/features/today/run.js';
import { keyCountingPrompter } from '../call/keys.js';
import { prepareSms } from '../../src/features/sms/run.js';
import { askEdit, runEdit } from '../../src/features/archive/edit.js';
import { runCustody } from '../../src/features/archive/custody.js';
import { runDeposit } from '../../src/features/archive/deposit.js';
import { listQuotes, recordQuote } from '../../src/features/quote/record.js';
import { makeProposal } from '../../src/features/quote/proposal.js';
import { importQuotes } from '../../src/features/quote/import.js';
import { certify, USUAL_INSURERS } from '../call/seed.js';
import { staleCaseCopies } from '../../src/storage/queries/case-copies.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { seedCase } from '../helpers/seed-cases.js';
import { csvFile, run } from '../import/helpers.js';

const TODAY = '2026-11-24';
let ctx: TestContext;
afterEach(async () => ctx?.store.close());

/** Puts a vehicle (and its cases' copies) in a store, as an import for that store would. */
async function place(c: TestContext, vehicleId: number, store: string): Promise<void> {
  await c.db.updateTable('vehicles').set({ store }).where('id', '=', vehicleId).execute();
  await c.db.updateTable('renewal_cases').set({ store }).where('vehicle_id', '=', vehicleId).execute();
}

async function addUser(c: TestContext, name: string, store: string | null): Promise<void> {
  await c.db.insertInto('users').values({ name, role: 'specialist', store, created_at: '2026-11-01 09:00:00' }).execute();
}

describe('renew store', () => {
  it('the first store takes every vehicle and case without one; the second takes none; list counts vehicles and open cases', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await seedCase(ctx.db, { plate: '粤A00001', end: '2026-12-10' });
    await seedCase(ctx.db, { plate: '粤A00002', end: '2026-12-20' });
    expect(await addStore(ctx, { code: 'GZ01', name: '广州天河店' })).toEqual({ code: 'GZ01', name: '广州天河店', adopted: 2 });
    expect(await addStore(ctx, { code: 'SZ02', name: ' 深圳南山店 ' })).toEqual({ code: 'SZ02', name: '深圳南山店', adopted: 0 });
    expect((await ctx.db.selectFrom('renewal_cases').select('store').execute()).map((r) => r.store)).toEqual(['GZ01', 'GZ01']);
    expect(await staleCaseCopies(ctx.db)).toBe(0);
    const b = await seedCase(ctx.db, { plate: '粤B00003', end: '2026-12-15' });
    await place(ctx, b.vehicleId, 'SZ02');
    expect(await storeList(ctx)).toEqual({
      stores: [
        { code: 'GZ01', name: '广州天河店', vehicles: 2, openCases: 2 },
        { code: 'SZ02', name: '深圳南山店', vehicles: 1, openCases: 1 },
      ],
      unassigned: { vehicles: 0, openCases: 0 },
    });
  });

  it('refuses a bad code, "all", an empty name and a code already taken (usage 64 / failure 1), writing nothing', async () => {
    ctx = await makeTestContext();
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await expect(addStore(ctx, { code: 'GZ 01', name: 'x' })).rejects.toMatchObject({ key: 'stores.badCode', exitCode: 64 });
    await expect(addStore(ctx, { code: 'ALL', name: 'x' })).rejects.toMatchObject({ key: 'stores.badCode' });
    await expect(addStore(ctx, { code: 'SZ02', name: '  ' })).rejects.toMatchObject({ key: 'stores.badName', exitCode: 64 });
    await expect(addStore(ctx, { code: 'GZ01', name: '又一家' })).rejects.toMatchObject({ key: 'stores.taken', vars: { name: '广州天河店' }, exitCode: 1 });
    expect((await storeList(ctx)).stores.map((s) => s.code)).toEqual(['GZ01']);
  });
});

describe('--store', () => {
  it('reading: the code named, else the user\'s store, else every store; "all" is every store; an unknown code names the stores', async () => {
    ctx = await makeTestContext({ actor: '王丽' });
    expect(await readStore(ctx)).toBeUndefined();
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
    expect(await readStore(ctx)).toBeUndefined();
    await addUser(ctx, '王丽', 'SZ02');
    expect(await readStore(ctx)).toBe('SZ02');
    ctx.storeOption = 'GZ01';
    expect(await readStore(ctx)).toBe('GZ01');
    ctx.storeOption = 'all';
    expect(await readStore(ctx)).toBeUndefined();
    ctx.storeOption = 'HZ09';
    await expect(readStore(ctx)).rejects.toMatchObject({ key: 'stores.unknown', vars: { code: 'HZ09', known: 'GZ01, SZ02' }, exitCode: 64 });
  });

  it('writing vehicles: --store, else the user\'s store, else the only store, none without stores; several and no choice is a usage error', async () => {
    ctx = await makeTestContext({ actor: '李强' });
    expect(await writeStore(ctx)).toBeNull();
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    expect(await writeStore(ctx)).toBe('GZ01');
    await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
    await expect(writeStore(ctx)).rejects.toMatchObject({ key: 'stores.choose', vars: { known: 'GZ01, SZ02' }, exitCode: 64 });
    await addUser(ctx, '李强', 'SZ02');
    expect(await writeStore(ctx)).toBe('SZ02');
    ctx.storeOption = 'GZ01';
    expect(await writeStore(ctx)).toBe('GZ01');
  });

  it('today lists one store\'s cases only; without a store, every store\'s', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
    const a = await seedCase(ctx.db, { plate: '粤A00001', end: '2026-12-10' });
    const b = await seedCase(ctx.db, { plate: '粤B00002', end: '2026-12-11' });
    await place(ctx, a.vehicleId, 'GZ01');
    await place(ctx, b.vehicleId, 'SZ02');
    const calls = async () => {
      ctx.stdout.text = '';
      await runToday(ctx, { format: 'json' });
      return (JSON.parse(ctx.stdout.text) as { calls: { plate: string }[] }).calls.map((e) => e.plate);
    };
    expect(await calls()).toEqual(['粤A00001', '粤B00002']);
    ctx.storeOption = 'SZ02';
    expect(await calls()).toEqual(['粤B00002']);
  });

  it('settings: a store\'s own value overrides the group-wide one, for that store only', async () => {
    ctx = await makeTestContext();
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
    await saveSetting(ctx.db, 'certified_insurers', '["中国人保","平安产险"]', '2026-11-24 10:00:00');
    await saveSetting(ctx.db, 'certified_insurers', '["太平洋产险"]', '2026-11-24 10:00:00', undefined, 'SZ02');
    expect((await loadSettings(ctx.db)).certified_insurers).toEqual(['中国人保', '平安产险']);
    expect((await loadSettings(ctx.db, 'GZ01')).certified_insurers).toEqual(['中国人保', '平安产险']);
    expect((await loadSettings(ctx.db, 'SZ02')).certified_insurers).toEqual(['太平洋产险']);
  });

  it('targets: set for the store named (or the user\'s), listed per store; the group\'s own stays apart', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await saveTarget(ctx, parseTargetInput({ month: '2026-12', vehicles: '300' }));
    ctx.storeOption = 'GZ01';
    await saveTarget(ctx, parseTargetInput({ month: '2026-12', vehicles: '120' }));
    expect((await targetList(ctx, {})).rows.map((r) => [r.store, r.vehicles])).toEqual([['GZ01', 120]]);
    ctx.storeOption = 'all';
    expect((await targetList(ctx, {})).rows.map((r) => [r.store, r.vehicles])).toEqual([['', 300], ['GZ01', 120]]);
  });

  it('the month report of one store counts its cases only, against its own target, titled with its name', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
    for (const [plate, store] of [['粤A00001', 'GZ01'], ['粤A00002', 'GZ01'], ['粤B00003', 'SZ02']] as const) {
      await place(ctx, (await seedCase(ctx.db, { plate, end: '2026-10-15' })).vehicleId, store);
    }
    ctx.storeOption = 'GZ01';
    await saveTarget(ctx, parseTargetInput({ month: '2026-10', vehicles: '4' }));
    const gz = await buildMonthReport(ctx, '2026-10', 'GZ01');
    expect([gz.storeName, gz.figures.due, gz.targets?.vehicles]).toEqual(['广州天河店', 2, 4]);
    const all = await buildMonthReport(ctx, '2026-10');
    expect([all.storeName, all.figures.due, all.targets]).toEqual(['本店', 3, null]);
  });
});

describe('a store\'s month report and people: every section of that store only', () => {
  /** Two GZ01 cars and one SZ02 car, all new-car business, cover ending in October; each with a policy held long and a deposit kept after its renewal. */
  async function twoStores(c: TestContext): Promise<void> {
    await addStore(c, { code: 'GZ01', name: '广州天河店' });
    await addStore(c, { code: 'SZ02', name: '深圳南山店' });
    for (const [plate, store, specialist] of [['粤A00001', 'GZ01', '王丽'], ['粤A00002', 'GZ01', '王丽'], ['粤B00003', 'SZ02', '王丽']] as const) {
      const seeded = await seedCase(c.db, { plate, end: '2026-10-15', specialist });
      await place(c, seeded.vehicleId, store);
      await c.db.updateTable('vehicles').set({ business: 'new' }).where('id', '=', seeded.vehicleId).execute();
      const stamp = '2026-09-01 09:00:00';
      await c.db.insertInto('custody').values({ vehicle_id: seeded.vehicleId, kind: 'commercial', action: 'received', on_date: '2026-09-01', location: null, recipient: null, tracking: null, supersedes_id: null, recorded_at: stamp, actor: null }).execute();
      await c.db.insertInto('deposits').values({ vehicle_id: seeded.vehicleId, case_id: seeded.caseId, action: 'received', amount_cents: 100_000, method: 'cash', on_date: '2026-09-01', supersedes_id: null, recorded_at: stamp, actor: null }).execute();
      await c.db.updateTable('renewal_cases').set({ status: 'renewed', closed_at: '2026-10-10 10:00:00', closed_by: 'phone' }).where('id', '=', seeded.caseId).execute();
    }
  }

  it('customers (base, insured, first-year) and the archive lists count the store\'s vehicles only', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await twoStores(ctx);
    const gz = await buildMonthReport(ctx, '2026-10', 'GZ01');
    expect([gz.customers.base, gz.customers.firstYear.due, gz.customers.firstYear.renewed]).toEqual([2, 2, 2]);
    expect(gz.archive.heldLong.map((h) => h.plate)).toEqual(['粤A00001', '粤A00002']);
    expect(gz.archive.depositsAfterRenewal.map((d) => d.plate)).toEqual(['粤A00001', '粤A00002']);
    const sz = await buildMonthReport(ctx, '2026-10', 'SZ02');
    expect([sz.customers.base, sz.customers.firstYear.due, sz.archive.heldLong.length, sz.archive.depositsAfterRenewal.length]).toEqual([1, 1, 1, 1]);
    const all = await buildMonthReport(ctx, '2026-10');
    expect([all.customers.base, all.customers.firstYear.due, all.archive.heldLong.length, all.archive.depositsAfterRenewal.length]).toEqual([3, 3, 3, 3]);
  });

  it('the archive section takes the store\'s own custody_alert_days', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await twoStores(ctx);
    await saveSetting(ctx.db, 'custody_alert_days', '90', '2026-11-24 10:00:00', undefined, 'SZ02');
    expect((await buildMonthReport(ctx, '2026-10', 'SZ02')).archive).toMatchObject({ custodyAlertDays: 90, heldLong: [] });
    expect((await buildMonthReport(ctx, '2026-10', 'GZ01')).archive.custodyAlertDays).toBe(30);
  });

  it('user list: the store\'s people, each counting open cases of their own store (a name on another store\'s car is not theirs)', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, actor: '赵经理' });
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
    await ctx.db.insertInto('users').values({ name: '赵经理', role: 'manager', store: null, created_at: '2026-11-01 09:00:00' }).execute();
    await addUser(ctx, '王丽', 'GZ01');
    await addUser(ctx, '李强', 'SZ02');
    for (const [plate, store, specialist] of [['粤A00001', 'GZ01', '王丽'], ['粤A00002', 'GZ01', '王丽'], ['粤B00003', 'SZ02', '王丽'], ['粤B00004', 'SZ02', '李强']] as const) {
      await place(ctx, (await seedCase(ctx.db, { plate, end: '2026-12-15', specialist })).vehicleId, store);
    }
    const loads = async () => (await userList(ctx)).map((u) => [u.name, u.open_cases]);
    expect(await loads()).toEqual([['李强', 1], ['王丽', 2], ['赵经理', 0]]);
    ctx.storeOption = 'SZ02';
    expect(await loads()).toEqual([['李强', 1], ['赵经理', 0]]);
    ctx.storeOption = 'GZ01';
    expect(await loads()).toEqual([['王丽', 2], ['赵经理', 0]]);
  });
});

describe('call, history and today --explain: the store read, as today shows it', () => {
  /** 王丽 works at GZ01; SZ02's export names a specialist 王丽 too (another person). Both cases are due first thing. */
  async function twoStoresOneName(): Promise<{ gz: number; sz: number }> {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, actor: '王丽' });
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
    await certify(ctx.db, USUAL_INSURERS);
    const sz = await seedCase(ctx.db, { plate: '粤B00002', end: '2026-12-01', specialist: '王丽' });
    const gz = await seedCase(ctx.db, { plate: '粤A00001', end: '2026-12-10', specialist: '王丽' });
    await place(ctx, sz.vehicleId, 'SZ02');
    await place(ctx, gz.vehicleId, 'GZ01');
    await addUser(ctx, '王丽', 'GZ01');
    return { gz: gz.caseId, sz: sz.caseId };
  }

  it('renew call with no plate offers the person\'s store\'s cases only; --store picks another', async () => {
    const { gz, sz } = await twoStoresOneName();
    const prompter = keyCountingPrompter(['no_answer', true, 'no_answer']);
    const events = await runQueueCalls({ ...ctx, stdinIsTTY: true, prompter }, {});
    expect(events.map((e) => e.case_id)).toEqual([gz]);
    expect(prompter.remaining).toEqual([true, 'no_answer']);
    ctx.storeOption = 'SZ02';
    const other = await runQueueCalls({ ...ctx, stdinIsTTY: true, prompter: keyCountingPrompter(['no_answer']) }, {});
    expect(other.map((e) => e.case_id)).toEqual([sz]);
  });

  it('a plate of another store is refused by call and history (exit 64, naming its store); --store reaches it', async () => {
    await twoStoresOneName();
    const refused = { key: 'stores.otherStore', vars: { plate: '粤B00002', store: 'SZ02', current: 'GZ01', option: 'SZ02' }, exitCode: 64 };
    await expect(runCall(ctx, '粤B00002', { outcome: 'no_answer' })).rejects.toMatchObject(refused);
    await expect(loadHistory(ctx, '粤B00002')).rejects.toMatchObject(refused);
    await expect(explainPlate(ctx, '粤B00002', undefined)).rejects.toMatchObject(refused);
    expect(await ctx.db.selectFrom('events').select('id').execute()).toEqual([]);
    expect((await loadHistory(ctx, '粤A00001')).vehicle.plate).toBe('粤A00001');
    ctx.storeOption = 'all';
    expect((await runCall(ctx, '粤B00002', { outcome: 'no_answer' })).outcome).toBe('no_answer');
    expect((await loadHistory(ctx, '粤B00002')).events).toHaveLength(1);
  });

  it('sms: the person\'s store\'s batch, signed with its own name; --store picks another', async () => {
    await twoStoresOneName();
    await saveSetting(ctx.db, 'store_name', '天河店', '2026-11-24 10:00:00', undefined, 'GZ01');
    await saveSetting(ctx.db, 'store_name', '南山店', '2026-11-24 10:00:00', undefined, 'SZ02');
    const batch = async () => (await prepareSms(ctx, { template: 'zh-CN' })).lines.map((l) => [l.entry.row.plate, l.message.includes(l.entry.row.plate.startsWith('粤A') ? '天河店' : '南山店')]);
    expect(await batch()).toEqual([['粤A00001', true]]);
    ctx.storeOption = 'SZ02';
    expect(await batch()).toEqual([['粤B00002', true]]);
  });

  it('edit, custody, deposit, quote and proposal refuse a plate of another store too, writing nothing', async () => {
    await twoStoresOneName();
    const refused = { key: 'stores.otherStore', vars: { plate: '粤B00002', store: 'SZ02' }, exitCode: 64 };
    await expect(runEdit(ctx, '粤B00002', { owner: '李四' })).rejects.toMatchObject(refused);
    await expect(askEdit(ctx, await ctx.db.selectFrom('vehicles').selectAll().where('plate', '=', '粤B00002').executeTakeFirstOrThrow())).rejects.toMatchObject(refused);
    await expect(runCustody(ctx, '粤B00002', { received: true })).rejects.toMatchObject(refused);
    await expect(runDeposit(ctx, '粤B00002', { received: '1000' })).rejects.toMatchObject(refused);
    await expect(recordQuote(ctx, '粤B00002', { insurer: '中国人保', compulsory: '950' })).rejects.toMatchObject(refused);
    await expect(listQuotes(ctx, '粤B00002')).rejects.toMatchObject(refused);
    await expect(makeProposal(ctx, '粤B00002', {})).rejects.toMatchObject(refused);
    for (const table of ['vehicle_changes', 'custody', 'deposits', 'quotes'] as const) expect(await ctx.db.selectFrom(table).select('id').execute()).toEqual([]);
    ctx.storeOption = 'SZ02';
    expect((await runEdit(ctx, '粤B00002', { owner: '李四' })).changes).toHaveLength(1);
  });

  it('a quote and a proposal take the vehicle\'s store\'s settings (certified insurers, name)', async () => {
    await twoStoresOneName();
    await saveSetting(ctx.db, 'certified_insurers', '["太平洋产险"]', '2026-11-24 10:00:00', undefined, 'SZ02');
    await saveSetting(ctx.db, 'store_name', '南山店', '2026-11-24 10:00:00', undefined, 'SZ02');
    ctx.storeOption = 'SZ02';
    await expect(recordQuote(ctx, '粤B00002', { insurer: '中国人保', compulsory: '950', commercial: '3000' })).rejects.toMatchObject({ key: 'call.insurerNotCertified' });
    const quote = await recordQuote(ctx, '粤B00002', { insurer: '太平洋产险', compulsory: '950', commercial: '3000' });
    expect((await makeProposal(ctx, '粤B00002', { quote: [String(quote.id)] })).view.store.name).toBe('南山店');
  });

  it('quote import checks each quote against its vehicle\'s store\'s certified insurers', async () => {
    await twoStoresOneName();
    await saveSetting(ctx.db, 'certified_insurers', '["太平洋产险"]', '2026-11-24 10:00:00', undefined, 'SZ02');
    ctx.storeOption = 'all';
    const s = await importQuotes(ctx, csvFile('车牌号,保险公司,交强险,商业险\n粤B00002,中国人保,950,3000\n粤B00002,太平洋产险,950,3100\n粤A00001,中国人保,950,2900\n'));
    // 南山店 (SZ02) certifies only 太平洋产险; 天河店 (GZ01) keeps the group's list.
    expect({ imported: s.imported, rejected: s.rejectedRows.map((r) => r.line) }).toEqual({ imported: 2, rejected: [2] });
    expect((await ctx.db.selectFrom('quotes').select(['insurer']).orderBy('id').execute()).map((q) => q.insurer)).toEqual(['太平洋产险', '中国人保']);
  });

  it('a call uses the vehicle\'s store\'s certified insurers', async () => {
    await twoStoresOneName();
    await saveSetting(ctx.db, 'certified_insurers', '["太平洋产险"]', '2026-11-24 10:00:00', undefined, 'SZ02');
    ctx.storeOption = 'SZ02';
    await expect(runCall(ctx, '粤B00002', { outcome: 'renewed', insurer: '中国人保', premium: '4000' })).rejects.toMatchObject({ key: 'call.insurerNotCertified' });
    expect((await runCall(ctx, '粤B00002', { outcome: 'renewed', insurer: '太平洋产险', premium: '4000' })).insurer).toBe('太平洋产险');
  });
});

describe('assign and recycle: the store read', () => {
  /** GZ01's lead 赵组长 and specialists 王丽, 李强; each store has two open cases of a 王丽 (SZ02's is another person), idle since November 1st. */
  async function group(): Promise<void> {
    ctx = await makeTestContext({ now: `${TODAY} 10:00`, actor: '赵组长' });
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
    await ctx.db.insertInto('users').values({ name: '赵组长', role: 'lead', store: 'GZ01', created_at: '2026-11-01 09:00:00' }).execute();
    await addUser(ctx, '王丽', 'GZ01');
    await addUser(ctx, '李强', 'GZ01');
    for (const [plate, store] of [['粤A00001', 'GZ01'], ['粤A00002', 'GZ01'], ['粤B00003', 'SZ02'], ['粤B00004', 'SZ02']] as const) {
      const seeded = await seedCase(ctx.db, { plate, end: '2026-12-15', specialist: '王丽' });
      await place(ctx, seeded.vehicleId, store);
      await ctx.db.updateTable('renewal_cases').set({ created_at: '2026-11-01 09:00:00' }).where('id', '=', seeded.caseId).execute();
    }
  }
  const specialists = async () => (await ctx.db.selectFrom('vehicles').select(['plate', 'specialist']).orderBy('plate').execute()).map((v) => [v.plate, v.specialist]);

  it('--split deals out the lead\'s store\'s cases only; --from moves only that store\'s 王丽', async () => {
    await group();
    expect((await splitCases(ctx, { people: ['李强'] })).moved).toBe(2);
    expect(await specialists()).toEqual([['粤A00001', '李强'], ['粤A00002', '李强'], ['粤B00003', '王丽'], ['粤B00004', '王丽']]);
    expect((await handOver(ctx, { from: '李强', to: '王丽' })).moved).toBe(2);
    expect((await handOver(ctx, { from: '王丽', to: '李强', plates: ['粤A00001'] })).plates).toEqual(['粤A00001']);
    await expect(handOver(ctx, { from: '王丽', to: '李强', plates: ['粤B00003'] })).rejects.toMatchObject({ key: 'stores.otherStore', exitCode: 64 });
    expect((await handOver(ctx, { from: '王丽', to: '李强' })).plates).toEqual(['粤A00002']);
    expect(await specialists()).toEqual([['粤A00001', '李强'], ['粤A00002', '李强'], ['粤B00003', '王丽'], ['粤B00004', '王丽']]);
  });

  it('recycle returns the store\'s idle cases only; --store all, every store\'s', async () => {
    await group();
    expect((await recycleIdle(ctx, { idleDays: 7, dryRun: false })).cases.map((c) => c.plate)).toEqual(['粤A00001', '粤A00002']);
    expect(await specialists()).toEqual([['粤A00001', null], ['粤A00002', null], ['粤B00003', '王丽'], ['粤B00004', '王丽']]);
    ctx.storeOption = 'all';
    expect((await recycleIdle(ctx, { idleDays: 7, dryRun: true })).cases.map((c) => c.plate)).toEqual(['粤B00003', '粤B00004']);
  });
});

describe('renew import --store', () => {
  const HEADER = '车牌号,险种,保险止期,保费,保单号\n';

  it('places the file\'s vehicles in the store; the store whose file brings a car last owns it, cases included', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await addStore(ctx, { code: 'GZ01', name: '广州天河店' });
    await addStore(ctx, { code: 'SZ02', name: '深圳南山店' });
    ctx.storeOption = 'GZ01';
    await run(ctx, csvFile(`${HEADER}粤A12345,交强险,2026-12-05,950,P001\n粤A22222,交强险,2026-12-06,950,P002\n`));
    ctx.storeOption = 'SZ02';
    const s = await run(ctx, csvFile(`${HEADER}粤A12345,交强险,2026-12-05,950,P001\n`));
    expect(s.unchanged).toBe(1);
    const rows = await ctx.db.selectFrom('vehicles').select(['plate', 'store']).orderBy('plate').execute();
    expect(rows).toEqual([{ plate: '粤A12345', store: 'SZ02' }, { plate: '粤A22222', store: 'GZ01' }]);
    const cases = await ctx.db.selectFrom('renewal_cases').select(['plate', 'store']).orderBy('plate').execute();
    expect(cases).toEqual([{ plate: '粤A12345', store: 'SZ02' }, { plate: '粤A22222', store: 'GZ01' }]);
    expect(await staleCaseCopies(ctx.db)).toBe(0);
  });

  it('without stores the vehicles have none, and everything works as before', async () => {
    ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    await run(ctx, csvFile(`${HEADER}粤A12345,交强险,2026-12-05,950,P001\n`));
    expect(await ctx.db.selectFrom('renewal_cases').select(['plate', 'store']).execute()).toEqual([{ plate: '粤A12345', store: null }]);
  });
});
