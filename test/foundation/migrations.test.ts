import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleCaseCopies } from '../../src/storage/queries/case-copies.js';
import { groupKeys } from '../../src/features/today/due-list.js';
import { openStore } from '../../src/storage/sqlite/connection.js';
import { migrateToLatest, schemaVersion } from '../../src/storage/sqlite/migrate.js';
import { migrations, SCHEMA_VERSION } from '../../src/storage/sqlite/migrations/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/context.js';

const first = (n: number) => Object.fromEntries(Object.entries(migrations).slice(0, n));

async function rawDb(path: string) {
  const sqlite = new Sqlite(path);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { sqlite, db };
}

/** A database file at schema `version` (the first `version` migrations) holding the rows `seed` inserts. */
async function databaseAt(version: number, seed = '', dir = tempDir()): Promise<string> {
  const path = join(dir, `v${version}.db`);
  const old = await rawDb(path);
  await migrateToLatest(old.db, old.sqlite, first(version));
  expect(schemaVersion(old.sqlite)).toBe(version);
  old.sqlite.exec(seed);
  await old.db.destroy();
  return path;
}

describe('migrations', () => {
  it('upgrades a database made by the first release without losing its rows', async () => {
    const path = await databaseAt(
      1,
      "insert into vehicles (plate, owner, phone, installment, created_at, updated_at) values ('粤A12345', '张伟', '13812341234', 1, '2026-01-01', '2026-01-01')",
    );
    const store = await openStore(path);
    expect(schemaVersion(store.sqlite)).toBe(SCHEMA_VERSION);
    const vehicle = await store.db.selectFrom('vehicles').selectAll().executeTakeFirstOrThrow();
    expect([vehicle.plate, vehicle.owner, vehicle.phone, vehicle.installment]).toEqual(['粤A12345', '张伟', '13812341234', 1]);
    const targets = await store.db.selectFrom('targets').selectAll().execute();
    expect(targets).toEqual([]);
    await store.close();
  });

  it('gives the cases of a database from before 0004 their vehicle\'s fields and latest callback', async () => {
    const path = await databaseAt(3, `
      insert into vehicles (id, plate, installment, specialist, do_not_call_until, created_at, updated_at) values
        (1, '粤A12345', 1, '小王', '2027-01-01', 'x', 'x'), (2, '粤B54321', 0, null, null, 'x', 'x');
      insert into renewal_cases (id, vehicle_id, due_date, next_contact_at, created_at, updated_at) values
        (1, 1, '2026-12-05', null, 'x', 'x'), (2, 1, '2027-12-05', '2026-12-01 10:00', 'x', 'x'), (3, 2, '2026-12-20', null, 'x', 'x');`);
    const store = await openStore(path);
    const cases = await store.db
      .selectFrom('renewal_cases')
      .select(['id', 'plate', 'installment', 'specialist', 'do_not_call_until', 'vehicle_next_contact_at'])
      .orderBy('id')
      .execute();
    expect(cases).toEqual([
      { id: 1, plate: '粤A12345', installment: 1, specialist: '小王', do_not_call_until: '2027-01-01', vehicle_next_contact_at: '2026-12-01 10:00' },
      { id: 2, plate: '粤A12345', installment: 1, specialist: '小王', do_not_call_until: '2027-01-01', vehicle_next_contact_at: '2026-12-01 10:00' },
      { id: 3, plate: '粤B54321', installment: 0, specialist: null, do_not_call_until: null, vehicle_next_contact_at: null },
    ]);
    expect(await staleCaseCopies(store.db)).toBe(0);
    const indexes = store.sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'renewal_cases' order by name").pluck().all();
    expect(indexes).toEqual(['renewal_cases_next_contact', 'renewal_cases_queue', 'renewal_cases_vehicle']);
    await store.close();
  });

  it('0005: drops policies_end_date; the callbacks index holds booked cases only and the callbacks group still reads it', async () => {
    const path = await databaseAt(4, `
      insert into vehicles (id, plate, created_at, updated_at) values (1, '粤A12345', 'x', 'x');
      insert into renewal_cases (id, vehicle_id, due_date, next_contact_at, created_at, updated_at) values
        (1, 1, '2026-12-05', null, 'x', 'x'), (2, 1, '2027-12-05', '2026-11-24 10:00', 'x', 'x');`);
    const store = await openStore(path);
    const indexes = store.sqlite.prepare("select name from sqlite_master where type = 'index' and name in ('policies_end_date', 'renewal_cases_next_contact')").pluck().all();
    expect(indexes).toEqual(['renewal_cases_next_contact']);
    const entries = store.sqlite.prepare('select id from renewal_cases indexed by renewal_cases_next_contact where next_contact_at >= ?').pluck().all('2000-01-01');
    expect(entries).toEqual([2]);
    const scope = { today: '2026-11-24', from: '2026-10-25', callsTo: '2027-01-08', smsTo: '2027-01-23', waiting: [], score: sql<number>`0` };
    const query = groupKeys(store.db, 'callbacks', scope).compile();
    const plan = store.sqlite.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toContain('USING COVERING INDEX renewal_cases_next_contact (next_contact_at>? AND next_contact_at<?)');
    expect((await groupKeys(store.db, 'callbacks', scope).execute()).map((r) => r.id)).toEqual([2]);
    await store.close();
  });

  it('end to end: says so on stderr when it upgrades an existing database, and only then', async () => {
    const dir = tempDir();
    const path = await databaseAt(3, '', dir);
    const upgrading = `Upgrading the database ${path} (schema 3 -> ${SCHEMA_VERSION}), once; a large store takes a few seconds...\n`;
    expect(runCli(['settings', 'store_name', '--db', path])).toMatchObject({ code: 0, stderr: upgrading });
    expect(runCli(['settings', 'store_name', '--db', path])).toMatchObject({ code: 0, stderr: '' });
    expect(runCli(['demo', '--vehicles', '5', '--db', join(dir, 'new.db')]).stderr).not.toContain('Upgrading');
  });

  it('is a no-op on an up-to-date database', async () => {
    const path = join(tempDir(), 'twice.db');
    await (await openStore(path, { create: true })).close();
    const store = await openStore(path);
    const applied = store.sqlite.prepare('select count(*) n from kysely_migration').get() as { n: number };
    expect(applied.n).toBe(SCHEMA_VERSION);
    await store.close();
  });

  it('0008: a database made by the current release (0006) keeps every row; its policies were all imported (no event)', async () => {
    const path = await databaseAt(6, `
      insert into vehicles (id, plate, owner, phone, beneficiary, created_at, updated_at) values (1, '粤A12345', '张伟', '13812341234', '中国银行', 'x', 'x');
      insert into renewal_cases (id, vehicle_id, due_date, compulsory_end, status, closed_at, closed_by, plate, installment, created_at, updated_at)
        values (1, 1, '2026-12-15', '2026-12-15', 'renewed', '2026-11-24 10:00:00', 'phone', '粤A12345', 0, 'x', 'x');
      insert into policies (id, vehicle_id, case_id, kind, insurer, policy_no, natural_key, premium_cents, start_date, end_date, created_at, updated_at)
        values (1, 1, 1, 'compulsory', '中国人保', 'PDZA1', 'P|PDZA1', 95000, '2025-12-16', '2026-12-15', 'x', 'x');
      insert into events (id, case_id, vehicle_id, at, recorded_at, outcome, channel, insurer, premium_cents)
        values (1, 1, 1, '2026-11-24 10:00:00', '2026-11-24 10:00:00', 'renewed', 'phone', '中国人保', 95000);`);
    const store = await openStore(path);
    expect(schemaVersion(store.sqlite)).toBe(SCHEMA_VERSION);
    expect(await store.db.selectFrom('vehicles').select(['plate', 'owner', 'phone', 'beneficiary']).execute()).toEqual([
      { plate: '粤A12345', owner: '张伟', phone: '13812341234', beneficiary: '中国银行' },
    ]);
    expect(await store.db.selectFrom('policies').select(['natural_key', 'premium_cents', 'case_id', 'event_id']).execute()).toEqual([
      { natural_key: 'P|PDZA1', premium_cents: 95000, case_id: 1, event_id: null },
    ]);
    expect(await store.db.selectFrom('renewal_cases').select(['status', 'closed_by']).execute()).toEqual([{ status: 'renewed', closed_by: 'phone' }]);
    expect(await store.db.selectFrom('events').select(['outcome', 'premium_cents']).execute()).toEqual([{ outcome: 'renewed', premium_cents: 95000 }]);
    const index = store.sqlite.prepare("select sql from sqlite_master where name = 'policies_event'").pluck().get() as string;
    expect(index).toMatch(/where "event_id" is not null/i);
    await store.close();
  });

  it('0010: a database made by the current release (0009) keeps every row and gains the archive registers, empty and writable', async () => {
    const path = await databaseAt(9, `
      insert into vehicles (id, plate, owner, phone, status, created_at, updated_at) values (1, '粤A12345', '张伟', '13812341234', 'sold', 'x', 'x');
      insert into renewal_cases (id, vehicle_id, due_date, status, plate, installment, created_at, updated_at) values (1, 1, '2026-12-15', 'open', '粤A12345', 1, 'x', 'x');
      insert into events (id, case_id, vehicle_id, at, recorded_at, outcome, channel, actor) values (1, 1, 1, '2026-11-24 10:00:00', '2026-11-24 10:00:00', 'no_answer', 'phone', '小王');`);
    const store = await openStore(path);
    expect(schemaVersion(store.sqlite)).toBe(SCHEMA_VERSION);
    expect(await store.db.selectFrom('vehicles').select(['plate', 'phone', 'status']).execute()).toEqual([{ plate: '粤A12345', phone: '13812341234', status: 'sold' }]);
    expect(await store.db.selectFrom('events').select(['outcome', 'actor']).execute()).toEqual([{ outcome: 'no_answer', actor: '小王' }]);
    for (const table of ['vehicle_changes', 'custody', 'deposits'] as const) expect(await store.db.selectFrom(table).selectAll().execute()).toEqual([]);
    await store.db.insertInto('deposits').values({ vehicle_id: 1, case_id: 1, action: 'received', amount_cents: 200_000, method: 'cash', on_date: '2026-11-24', supersedes_id: null, recorded_at: 'x', actor: null }).execute();
    expect(await store.db.selectFrom('deposits').select(['amount_cents', 'case_id']).execute()).toEqual([{ amount_cents: 200_000, case_id: 1 }]);
  });

  it('0012: a database made by the current release (0009) keeps every row; settings and targets become the group-wide ones, per store from then on', async () => {
    const path = await databaseAt(9, `
      insert into vehicles (id, plate, specialist, created_at, updated_at) values (1, '粤A12345', '小王', 'x', 'x');
      insert into renewal_cases (id, vehicle_id, due_date, status, plate, installment, specialist, created_at, updated_at)
        values (1, 1, '2026-12-15', 'open', '粤A12345', 0, '小王', 'x', 'x');
      insert into settings (key, value, updated_at) values ('store_name', '"天河店"', 'x'), ('call_lead_days', '30', 'x');
      insert into targets (id, month, specialist, vehicles, premium_cents, rate, updated_at) values (7, '2026-12', '', 120, 36000000, 0.65, 'x'), (8, '2026-12', '小王', 60, null, null, 'x');
      insert into stores (code, name, created_at) values ('GZ01', '广州天河店', 'x');`);
    const store = await openStore(path);
    expect(schemaVersion(store.sqlite)).toBe(SCHEMA_VERSION);
    expect(await store.db.selectFrom('settings').select(['store', 'key', 'value']).orderBy('key').execute()).toEqual([
      { store: '', key: 'call_lead_days', value: '30' },
      { store: '', key: 'store_name', value: '"天河店"' },
    ]);
    expect(await store.db.selectFrom('targets').select(['id', 'store', 'month', 'specialist', 'vehicles', 'premium_cents', 'rate']).orderBy('id').execute()).toEqual([
      { id: 7, store: '', month: '2026-12', specialist: '', vehicles: 120, premium_cents: 36000000, rate: 0.65 },
      { id: 8, store: '', month: '2026-12', specialist: '小王', vehicles: 60, premium_cents: null, rate: null },
    ]);
    expect(await store.db.selectFrom('vehicles').select(['plate', 'store']).execute()).toEqual([{ plate: '粤A12345', store: null }]);
    expect(await store.db.selectFrom('renewal_cases').select(['plate', 'specialist', 'store']).execute()).toEqual([{ plate: '粤A12345', specialist: '小王', store: null }]);
    // The keys now include the store: the same month, specialist or setting may exist once per store.
    await store.db.insertInto('targets').values({ store: 'GZ01', month: '2026-12', specialist: '', updated_at: 'x' }).execute();
    await store.db.insertInto('settings').values({ store: 'GZ01', key: 'store_name', value: '"广州天河店"', updated_at: 'x' }).execute();
    await expect(store.db.insertInto('targets').values({ store: 'GZ01', month: '2026-12', specialist: '', updated_at: 'x' }).execute()).rejects.toThrow(/UNIQUE/);
    const queue = store.sqlite.prepare("select name from pragma_index_info('renewal_cases_queue')").pluck().all();
    expect(queue.slice(0, 6)).toEqual(['status', 'due_date', 'specialist', 'renewed_insurer', 'lost_reason', 'store']);
    expect(store.sqlite.prepare('pragma foreign_key_check').all()).toEqual([]);
    await store.close();
  });

  it('refuses a database from a newer program', async () => {
    const path = join(tempDir(), 'new.db');
    await (await openStore(path, { create: true })).close();
    const s = new Sqlite(path);
    s.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    s.close();
    await expect(openStore(path)).rejects.toMatchObject({ key: 'errors.databaseTooNew', vars: { found: SCHEMA_VERSION + 1, known: SCHEMA_VERSION } });
  });

  it('rolls back every step of a failing run', async () => {
    const path = join(tempDir(), 'fail.db');
    const { sqlite, db } = await rawDb(path);
    const failing = {
      ...migrations,
      '0003-broken': {
        up: async (k: Kysely<any>) => {
          await k.schema.createTable('half_done').addColumn('x', 'integer').execute();
          throw new Error('boom');
        },
      },
    };
    await expect(migrateToLatest(db, sqlite, failing)).rejects.toMatchObject({ key: 'errors.migrationFailed', vars: { name: '0003-broken' } });
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").all();
    expect(tables).toEqual([]);
    expect(schemaVersion(sqlite)).toBe(0);
    await migrateToLatest(db, sqlite);
    expect(schemaVersion(sqlite)).toBe(SCHEMA_VERSION);
    await db.destroy();
  });
});
