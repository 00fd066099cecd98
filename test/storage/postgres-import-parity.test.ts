/**
 * The PostgreSQL import (COPY, staged chunks, bulk merge) against SQLite's on the same
 * files, with chunks of three rows so that everything crossing a chunk's edge is
 * exercised: a plate whose rows come in two places of the file, a policy number
 * moving to another plate, a natural key twice in one file, renewals across years, a
 * car added without a plate that an export names. Both stores must end up with the
 * same vehicles, policies, cases and register, and report the same counts.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runAdd } from '../../src/features/archive/add.js';
import type { ImportOptions } from '../../src/features/import/import-file.js';
import { PostgresImportSink } from '../../src/storage/postgres/import-sink.js';
import type { PostgresStorage } from '../../src/storage/postgres/store.js';
import { makeTestContext, type TestContext } from '../helpers/context.js';
import { skipPostgres } from '../helpers/postgres.js';
import { counts, csvFile, run } from '../import/helpers.js';

const HEADER = '车牌号,车架号,车主,险种类型,保单号,保险公司,保费,起保日期,保险止期,续保专员,是否分期';
const VIN = 'LVGBE40K8GP123456';
const filler = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `粤B${String(from + i).padStart(5, '0')},,车主${i},交强险,F${from + i},人保,950,2026-03-0${(i % 9) + 1},2027-03-0${(i % 9) + 1},小王,否`);

const FIRST = [
  HEADER,
  '粤A00003,,张三,交强险,C3A,人保,950,2025-08-01,2026-07-31,小王,否',
  '粤A00001,,王一,交强险,J1,人保,950,2025-12-06,2026-12-05,小王,否',
  '粤A00001,,王一,商业险,S1,人保,3000,2025-12-06,2026-12-05,小王,否',
  '粤A00001,,王一,交强险,J0,太保,900,2024-12-06,2025-12-05,小王,否',
  ...filler(1, 4),
  '粤A00002,,李二,商业险,P2,平安产险,4000,2025-07-01,2026-06-30,小李,是',
  '粤A00004,,赵四,商业险,P4,人保,2500,2025-09-01,2026-08-31,小王,否',
  ...filler(10, 5),
  '粤A00003,,张三,商业险,C3B,人保,2800,2025-08-05,2026-08-04,小王,否',
].join('\n');

const SECOND = [
  HEADER,
  ...filler(1, 2),
  '粤A00001,,王一,交强险,J2,平安产险,980,2026-12-06,2027-12-05,小王,否',
  '粤A00001,,王一,商业险,S2,平安产险,3100,2026-12-06,2027-12-05,小王,否',
  '粤A00002,,李二,商业险,P2,平安产险,4100,2025-07-01,2026-06-30,小张,否',
  '粤A00005,,钱五,商业险,P4,人保,2500,2025-09-01,2026-08-31,小王,否',
  `粤B54321,${VIN},李娜,交强险,PDZA9,平安产险,950,2026-07-01,2027-06-30,小王,否`,
  ...filler(20, 3),
  '粤A00006,,孙六,交强险,,人保,950,2026-01-10,2027-01-09,小王,否',
  '粤A00006,,孙六,交强险,,人保,990,2026-01-10,2027-01-09,小王,否',
  '粤A00003,,张三,交强险,C3C,人保,990,2026-08-01,2027-07-31,小王,否',
  '粤A00002,,李二,商业险,P2,平安产险,4100,2025-07-01,2026-06-30,小张,否',
].join('\n');

/** Everything the import writes, keyed by what it means rather than by id. */
async function dump(ctx: TestContext) {
  const vehicles = await ctx.db.selectFrom('vehicles').select(['plate', 'vin', 'owner', 'specialist', 'installment']).orderBy('plate').execute();
  const cases = await ctx.db
    .selectFrom('renewal_cases')
    .select(['plate', 'due_date', 'compulsory_end', 'commercial_end', 'last_premium_cents', 'last_insurer', 'status', 'closed_by', 'renewed_insurer',
      'renewed_premium_cents', 'specialist', 'installment', 'vehicle_next_contact_at'])
    .orderBy('plate').orderBy('due_date')
    .execute();
  const policies = await ctx.db
    .selectFrom('policies as p')
    .innerJoin('vehicles as v', 'v.id', 'p.vehicle_id')
    .leftJoin('renewal_cases as c', 'c.id', 'p.case_id')
    .leftJoin('renewal_cases as r', 'r.id', 'p.renews_case_id')
    .select(['v.plate', 'p.natural_key', 'p.kind', 'p.policy_no', 'p.premium_cents', 'p.end_date', 'p.import_id', 'c.due_date as case_due', 'r.due_date as renews_due'])
    .orderBy('p.natural_key')
    .execute();
  const events = await ctx.db
    .selectFrom('events as e')
    .innerJoin('renewal_cases as c', 'c.id', 'e.case_id')
    .leftJoin('policies as p', 'p.id', 'e.policy_id')
    .select(['c.plate', 'c.due_date', 'e.outcome', 'e.channel', 'e.at', 'e.kinds', 'e.premium_cents', 'e.insurer', 'p.natural_key'])
    .orderBy('c.plate').orderBy('p.natural_key')
    .execute();
  return { vehicles, cases, policies, events };
}

/**
 * A first load into an empty store: vehicles new to it are written in bulk with their
 * renewals decided in memory (src/storage/postgres/import/new-vehicles.ts) until a later
 * chunk meets one again (粤C00001) or takes a policy number from one (M1 to 粤C00003).
 */
const FIRST_LOAD = [
  HEADER,
  '粤C00001,,周一,交强险,R0,人保,900,2025-01-10,2026-01-09,小王,否',
  '粤C00001,,周一,交强险,R1,人保,950,2026-01-10,2027-01-09,小王,否',
  '粤C00002,,吴二,商业险,M1,平安产险,3000,2025-05-01,2026-04-30,小李,是',
  '粤C00002,,吴二,商业险,M0,平安产险,2900,2024-05-01,2025-04-30,小李,是',
  ...filler(30, 4),
  '粤C00003,,郑三,商业险,M1,平安产险,3000,2025-05-01,2026-04-30,小李,否',
  ...filler(40, 3),
  '粤C00001,,周一,商业险,R2,人保,3200,2026-01-12,2027-01-11,小张,否',
].join('\n');

async function importAll(ctx: TestContext, options: ImportOptions = {}) {
  await runAdd(ctx, { vin: VIN, owner: '李娜', phone: '139 1234 5678', insurer: '平安产险', compulsory_end: '2027-06-30', compulsory_premium: '950' });
  const summaries = [];
  for (const text of [FIRST, SECOND, SECOND]) {
    const s = await run(ctx, csvFile(text), options);
    summaries.push({ ...counts(s), renewed: s.renewed });
  }
  return { summaries, data: await dump(ctx) };
}

describe.skipIf(skipPostgres)('the PostgreSQL import against SQLite\'s', () => {
  it('the same files in chunks of three rows: the same counts, vehicles, policies, cases and register', async () => {
    const lite = await makeTestContext({ engine: 'sqlite' });
    const pg = await makeTestContext({ engine: 'postgres' });
    const store = pg.store as PostgresStorage;
    pg.store = { ...store, importSink: (o) => new PostgresImportSink(o, store.clientOf, 3) };
    const expected = await importAll(lite);
    const actual = await importAll(pg);
    // The files do what they are meant to: a renewal, a move, a merge into the unplated car; the
    // third import changes nothing but the natural key given twice in the file (both rows rewrite it, in turn).
    expect(expected.summaries).toEqual([
      { rows: 16, imported: 16, updated: 0, unchanged: 0, rejected: 0, renewed: 1 },
      { rows: 14, imported: 7, updated: 4, unchanged: 3, rejected: 0, renewed: 2 },
      { rows: 14, imported: 0, updated: 2, unchanged: 12, rejected: 0, renewed: 0 },
    ]);
    expect(actual.summaries).toEqual(expected.summaries);
    expect(actual.data.vehicles).toEqual(expected.data.vehicles);
    expect(actual.data.policies).toEqual(expected.data.policies);
    expect(actual.data.cases).toEqual(expected.data.cases);
    expect(actual.data.events).toEqual(expected.data.events);
    expect(actual.data.vehicles.map((v) => v.plate)).toContain('粤B54321');
    expect(actual.data.vehicles.map((v) => v.plate)).not.toContain(`未上牌-${VIN}`);
  });

  it('a first load into an empty store, new vehicles written in bulk and met again later: the same counts, rows and register', async () => {
    const lite = await makeTestContext({ engine: 'sqlite' });
    const pg = await makeTestContext({ engine: 'postgres' });
    const store = pg.store as PostgresStorage;
    pg.store = { ...store, importSink: (o) => new PostgresImportSink(o, store.clientOf, 3) };
    const load = async (ctx: TestContext) => {
      const summaries = [];
      for (const text of [FIRST_LOAD, FIRST_LOAD]) {
        const s = await run(ctx, csvFile(text), {});
        summaries.push({ ...counts(s), renewed: s.renewed });
      }
      return { summaries, data: await dump(ctx) };
    };
    const expected = await load(lite);
    const actual = await load(pg);
    expect(expected.summaries).toEqual([
      { rows: 13, imported: 12, updated: 1, unchanged: 0, rejected: 0, renewed: 1 },
      // M1 is in the file twice, on two plates: each row takes it back in turn.
      { rows: 13, imported: 0, updated: 2, unchanged: 11, rejected: 0, renewed: 0 },
    ]);
    expect(actual.summaries).toEqual(expected.summaries);
    expect(actual.data).toEqual(expected.data);
    // 粤C00001's first year renewed by R1, met again by R2; M1 moved to 粤C00003, its old case kept renewed by nothing.
    expect(actual.data.policies.find((p) => p.natural_key === 'P|R1')?.renews_due).toBe('2026-01-09');
    expect(actual.data.policies.find((p) => p.natural_key === 'P|M1')?.plate).toBe('粤C00003');
  });

  it('as a bulk load (keys and indexes dropped in the transaction and made again): the same result, every key and index back', async () => {
    const lite = await makeTestContext({ engine: 'sqlite' });
    const pg = await makeTestContext({ engine: 'postgres' });
    const store = pg.store as PostgresStorage;
    pg.store = { ...store, importSink: (o) => new PostgresImportSink(o, store.clientOf, 3) };
    const schema = async () =>
      (await sql<{ name: string; def: string }>`
        select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'f'
        union all select indexname, indexdef from pg_indexes where schemaname = current_schema() order by 1`.execute(pg.db)).rows;
    const before = await schema();
    const expected = await importAll(lite);
    // Every file counts as a bulk load, and each is large next to the store: the PostgreSQL sink defers its checks.
    const actual = await importAll(pg, { bulkFromBytes: 1, deferAfterRows: 1 });
    expect(actual).toEqual(expected);
    expect(await schema()).toEqual(before);
    expect(before.filter((c) => c.def.startsWith('FOREIGN KEY')).length).toBeGreaterThanOrEqual(10);
  });
});
