import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoDatabase } from '../../src/features/demo/db-sink.js';
import { loadLossReasons } from '../../src/features/loss-reasons.js';
import { projectCase } from '../../src/rules/case-projection.js';
import { loadSettings, saveSetting } from '../../src/storage/queries/settings.js';
import { addDays } from '../../src/rules/clock.js';
import type { RegisterEvent } from '../../src/storage/schema.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { staleCaseCopies } from '../../src/storage/queries/case-copies.js';

const TODAY = '2026-11-24';
const OBJECTIONS = ['not_due', 'too_expensive', 'telesales', 'loyal_discount', 'gift', 'service', 'elsewhere', 'loan'];
let contexts: TestContext[] = [];

async function demoContext(vehicles = 400, seed = 1): Promise<TestContext> {
  const ctx = await makeTestContext({ now: `${TODAY} 10:00` });
  contexts.push(ctx);
  await writeDemoDatabase(ctx, { vehicles, seed, today: ctx.today }, { force: false });
  return ctx;
}

const all = <T>(ctx: TestContext, sql: string, ...params: unknown[]) => ctx.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(ctx: TestContext, sql: string, ...params: unknown[]) => ctx.sqlite.prepare(sql).get(...params) as T;

afterEach(async () => {
  for (const ctx of contexts) await ctx.store.close();
  contexts = [];
});

describe('renew demo: the sample database', () => {
  it('stores each case projection exactly as projectCase computes it from the events', async () => {
    const ctx = await demoContext();
    const cases = all<Record<string, unknown>>(ctx, 'select * from renewal_cases');
    let withEvents = 0;
    for (const c of cases) {
      const events = all<RegisterEvent>(ctx, 'select * from events where case_id = ? order by at, id', c.id);
      if (events.length > 0) withEvents += 1;
      const projection = projectCase(events);
      const stored = Object.fromEntries(Object.keys(projection).map((k) => [k, c[k]]));
      expect(stored, `case ${c.id}`).toEqual(projection);
    }
    expect(withEvents).toBeGreaterThan(100);
  });

  it('builds cases as the importer does, gives every vehicle a compulsory policy, and keeps foreign keys', async () => {
    const ctx = await demoContext();
    expect(one<{ n: number }>(ctx, "select count(*) n from vehicles v where not exists (select 1 from policies p where p.vehicle_id = v.id and p.kind = 'compulsory')").n).toBe(0);
    const mismatched = all(ctx, `
      select c.id from renewal_cases c join policies p on p.case_id = c.id group by c.id
      having c.due_date <> min(p.end_date)
          or coalesce(c.compulsory_end, '') <> coalesce(max(case when p.kind = 'compulsory' then p.end_date end), '')
          or coalesce(c.commercial_end, '') <> coalesce(max(case when p.kind = 'commercial' then p.end_date end), '')
          or c.last_premium_cents <> sum(p.premium_cents)
          or c.last_insurer <> coalesce(max(case when p.kind = 'commercial' then p.insurer end), max(p.insurer))`);
    expect(mismatched).toEqual([]);
    expect(await staleCaseCopies(ctx.db)).toBe(0);
    expect(one<{ n: number }>(ctx, 'select count(*) n from renewal_cases where vehicle_next_contact_at is not null').n).toBeGreaterThan(5);
    expect(ctx.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(ctx.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(one<{ n: number }>(ctx, "select count(*) n from sqlite_master where type = 'index' and name like 'renewal_cases_%'").n).toBe(3);
  });

  it('spreads dates around today and fills every group of the morning queue', async () => {
    const ctx = await demoContext();
    const span = one<{ lo: string; hi: string }>(ctx, 'select min(due_date) lo, max(due_date) hi from renewal_cases');
    expect(span.lo >= addDays(TODAY, -180)).toBe(true);
    expect(span.hi > addDays(TODAY, 300)).toBe(true);
    expect(one<{ at: string }>(ctx, 'select max(at) at from events').at < TODAY).toBe(true);
    const count = (where: string) => one<{ n: number }>(ctx, `select count(*) n from renewal_cases where ${where}`).n;
    // lapsed, callbacks due, calls and SMS still to send all exist.
    expect(count(`status = 'open' and due_date < '${TODAY}'`)).toBeGreaterThan(5);
    expect(count(`status = 'open' and next_contact_at <= '${TODAY} 23:59'`)).toBeGreaterThan(5);
    expect(count(`status = 'open' and due_date between '${TODAY}' and '${addDays(TODAY, 45)}' and next_contact_at is null`)).toBeGreaterThan(5);
    expect(count(`status = 'open' and due_date between '${TODAY}' and '${addDays(TODAY, 60)}' and sms_sent_at is null`)).toBeGreaterThan(5);
    // Ended cases are mostly closed.
    const past = all<{ status: string; n: number }>(ctx, `select status, count(*) n from renewal_cases where due_date < '${TODAY}' group by status`);
    const total = past.reduce((s, r) => s + r.n, 0);
    const share = Object.fromEntries(past.map((r) => [r.status, r.n / total]));
    expect(share.renewed).toBeGreaterThan(0.5);
    expect(share.lost).toBeGreaterThan(0.15);
    expect(share.open).toBeLessThan(0.25);
  });

  it('records renewals as an import would: next year\'s case, renews_case_id and import events', async () => {
    const ctx = await demoContext();
    const renewedPast = all<{ id: number; vehicle_id: number }>(ctx, `select id, vehicle_id from renewal_cases where status = 'renewed' and due_date < '${TODAY}'`);
    expect(renewedPast.length).toBeGreaterThan(20);
    for (const c of renewedPast) {
      const renewing = all<{ id: number; case_id: number; start_date: string }>(ctx, 'select id, case_id, start_date from policies where renews_case_id = ?', c.id);
      expect(renewing.length).toBeGreaterThan(0);
      const imports = all<{ policy_id: number }>(ctx, "select policy_id from events where case_id = ? and channel = 'import' and outcome = 'renewed' order by policy_id", c.id);
      expect(imports.map((e) => e.policy_id)).toEqual(renewing.map((p) => p.id).sort((a, b) => a - b));
      const next = one<{ due_date: string; status: string }>(ctx, 'select due_date, status from renewal_cases where id = ?', renewing[0]?.case_id);
      expect(next.status).toBe('open');
      expect(next.due_date > TODAY).toBe(true);
    }
  });

  it('writes lost cases with known reason codes, Chinese notes and known objection ids', async () => {
    const ctx = await demoContext();
    const codes = loadLossReasons(ctx.dataDirs).map((r) => r.code);
    const lost = all<{ reason: string; note: string; objections: string | null }>(ctx, "select reason, note, objections from events where outcome = 'lost'");
    expect(lost.length).toBeGreaterThan(20);
    for (const e of lost) {
      expect(codes).toContain(e.reason);
      expect(e.note).toMatch(/[\u4e00-\u9fff]/);
    }
    const objections = all<{ objections: string }>(ctx, 'select objections from events where objections is not null');
    for (const e of objections) for (const id of JSON.parse(e.objections) as string[]) expect(OBJECTIONS).toContain(id);
    expect(one<{ n: number }>(ctx, "select count(distinct reason) n from events where outcome = 'lost'").n).toBeGreaterThan(5);
  });

  it('sets do-not-call marks from the do_not_call events', async () => {
    const ctx = await demoContext(1500);
    const marks = all<{ id: number; mark: string | null; until: string | null }>(ctx, `
      select v.id, v.do_not_call_until mark, (select max(until) from events e where e.vehicle_id = v.id and e.outcome = 'do_not_call') until
      from vehicles v`);
    expect(marks.filter((m) => m.mark !== m.until)).toEqual([]);
    expect(marks.filter((m) => m.mark !== null).length).toBeGreaterThan(0);
  });

  it('adds the demo store settings without overwriting ones already set', async () => {
    const ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    contexts.push(ctx);
    await saveSetting(ctx.db, 'store_name', '我的店', '2026-11-01 09:00:00');
    await writeDemoDatabase(ctx, { vehicles: 20, seed: 1, today: TODAY }, { force: false });
    const settings = await loadSettings(ctx.db);
    expect(settings.store_name).toBe('我的店');
    expect(settings.certified_insurers).toEqual(['中国人保', '平安产险', '太平洋产险', '国寿财险']);
    expect(Object.keys(settings.specialist_phones)).toHaveLength(4);
    const used = all<{ specialist: string }>(ctx, 'select distinct specialist from vehicles order by 1').map((r) => r.specialist);
    expect(used.every((s) => s in settings.specialist_phones)).toBe(true);
  });

  it('follows the store\'s own SMS and call lead days', async () => {
    const ctx = await makeTestContext({ now: `${TODAY} 10:00` });
    contexts.push(ctx);
    await saveSetting(ctx.db, 'sms_lead_days', '30', '2026-11-01 09:00:00');
    await saveSetting(ctx.db, 'call_lead_days', '20', '2026-11-01 09:00:00');
    await writeDemoDatabase(ctx, { vehicles: 400, seed: 1, today: TODAY }, { force: false });
    const early = (channel: string, days: number) => one<{ n: number }>(ctx, `
      select count(*) n from events e join renewal_cases c on c.id = e.case_id
      where e.channel = ? and substr(e.at, 1, 10) < date(c.due_date, '-${days} days')`, channel).n;
    expect(early('sms', 30)).toBe(0);
    expect(early('phone', 20)).toBe(0);
    expect(one<{ n: number }>(ctx, "select count(*) n from events where channel = 'phone'").n).toBeGreaterThan(50);
  });

  it('refuses a database with vehicles, and with force replaces it in one go', async () => {
    const ctx = await demoContext(100);
    await ctx.db.updateTable('targets').set({ vehicles: 50 }).where('month', '=', '2026-11').execute();
    const targets = one<{ n: number }>(ctx, 'select count(*) n from targets').n;
    const before = one<{ n: number }>(ctx, 'select count(*) n from events').n;
    await expect(writeDemoDatabase(ctx, { vehicles: 30, seed: 2, today: TODAY }, { force: false })).rejects.toMatchObject({
      key: 'demo.notEmpty', exitCode: 1, hintKey: 'demo.notEmptyHint', vars: { vehicles: 100 },
    });
    expect(one<{ n: number }>(ctx, 'select count(*) n from events').n).toBe(before);
    const result = await writeDemoDatabase(ctx, { vehicles: 30, seed: 2, today: TODAY }, { force: true });
    expect(result.replaced).toBe(100);
    expect(one<{ n: number }>(ctx, 'select count(*) n from vehicles').n).toBe(30);
    expect(one<{ n: number }>(ctx, 'select count(*) n from policies').n).toBe(result.policies);
    expect(one<{ n: number }>(ctx, 'select count(*) n from targets').n).toBe(targets);
    expect(one<{ vehicles: number }>(ctx, "select vehicles from targets where month = '2026-11'").vehicles).toBe(50);
  });

  it('sets store targets for the last three months and this one, from each cohort', async () => {
    const ctx = await demoContext();
    const targets = all<{ month: string; specialist: string; vehicles: number; rate: number }>(ctx, 'select month, specialist, vehicles, rate from targets order by month');
    const cohort = (month: string) => one<{ n: number }>(ctx, "select count(*) n from renewal_cases where substr(due_date, 1, 7) = ?", month).n;
    expect(targets.map((t) => t.month)).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    for (const t of targets) {
      expect(t).toMatchObject({ specialist: '', rate: 0.7, vehicles: Math.round(cohort(t.month) * 0.7) });
    }
  });

  it('leaves the index definitions exactly as the migrations made them', async () => {
    const fresh = await makeTestContext({ now: `${TODAY} 10:00` });
    contexts.push(fresh);
    const indexes = (ctx: TestContext) => all(ctx, "select name, tbl_name, sql from sqlite_master where type = 'index' order by name");
    const ctx = await demoContext(50);
    expect(indexes(ctx)).toEqual(indexes(fresh));
    expect(indexes(ctx).length).toBeGreaterThan(8);
  });

  it('is deterministic for a seed and today', async () => {
    const a = await demoContext(300, 9);
    const b = await demoContext(300, 9);
    for (const table of ['vehicles', 'policies', 'renewal_cases', 'events', 'targets', 'settings']) {
      const rows = (ctx: TestContext) => all(ctx, `select * from ${table} order by 1, 2`);
      expect(rows(b), table).toEqual(rows(a));
    }
  });
});
