/**
 * The PostgreSQL store's foundation against a real server (test/helpers/postgres.ts):
 * migrations (also two processes at once), the column types and indexes, and values
 * coming back exactly as the SQLite store returns them.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/storage/sqlite/connection.js';
import type { Database } from '../../src/storage/schema.js';
import { openPostgres, type PostgresStore } from '../../src/storage/postgres/connect.js';
import { isServerUrl } from '../../src/storage/location.js';
import { MIGRATION_LOCK, migratePostgres, pgSchemaVersion, versionOf } from '../../src/storage/postgres/migrate.js';
import { migrations as pgMigrations } from '../../src/storage/postgres/migrations/index.js';

/** The list as it stands (0005-initial, then one entry per later schema change): the tests follow it. */
const NAMES = Object.keys(pgMigrations).sort();
const LATEST = versionOf(NAMES);
import { createTestDatabase, skipPostgres, type TestDatabase } from '../helpers/postgres.js';

describe.skipIf(skipPostgres)('PostgreSQL store', () => {
  const databases: TestDatabase[] = [];
  const stores: PostgresStore[] = [];

  /** A fresh database on the run's server and a store on it (closed and dropped after the file). */
  async function freshStore(migrate = true): Promise<PostgresStore> {
    const database = await createTestDatabase();
    databases.push(database);
    const store = await openPostgres(database.url, { migrate });
    stores.push(store);
    return store;
  }

  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const d of databases) await d.drop();
  });

  it('accepts postgres:// and postgresql:// URLs, not file paths', () => {
    expect(isServerUrl('postgres://renew@db:5432/renew')).toBe(true);
    expect(isServerUrl('PostgreSQL://renew@db/renew')).toBe(true);
    expect(isServerUrl('/home/wang/renew.db')).toBe(false);
    expect(isServerUrl('postgres.db')).toBe(false);
  });

  it('migrates a fresh database to the latest version, recording the consolidated migration and each later one; a second run does nothing', async () => {
    const { db } = await freshStore(false);
    expect(await pgSchemaVersion(db)).toBe(0);
    await migratePostgres(db);
    expect(LATEST).toBeGreaterThanOrEqual(8);
    expect(await pgSchemaVersion(db)).toBe(LATEST);
    await migratePostgres(db);
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(recorded.rows.map((r) => r.name)).toEqual(NAMES);
    expect(NAMES).toContain('0008-archive');
  });

  it('two processes migrating the same new database at once both succeed and the schema is built once', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const [a, b] = await Promise.all([openPostgres(database.url, { migrate: false }), openPostgres(database.url, { migrate: false })]);
    stores.push(a, b);
    await Promise.all([migratePostgres(a.db), migratePostgres(b.db)]);
    const recorded = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(a.db);
    expect(recorded.rows[0]?.n).toBe(NAMES.length);
    expect(await pgSchemaVersion(b.db)).toBe(LATEST);
  });

  it('a database at the newest version is recognised by one read: a command does not wait on the migration lock', async () => {
    const store = await freshStore();
    const holder = await openPostgres(store.url, { migrate: false });
    stores.push(holder);
    await holder.db.connection().execute(async (c) => {
      await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK)})`.execute(c);
      try {
        const done = migratePostgres(store.db).then(() => 'migrated');
        const late = new Promise((resolve) => setTimeout(() => resolve('waited on the lock'), 2000));
        expect(await Promise.race([done, late])).toBe('migrated');
      } finally {
        await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK)})`.execute(c);
      }
    });
  });

  it('two processes upgrading the same older database at once both succeed and each step runs once', async () => {
    const { db: a, url } = await freshStore(false);
    const older = Object.fromEntries(Object.entries(pgMigrations).slice(0, 3));
    await migratePostgres(a, older);
    const b = await openPostgres(url, { migrate: false });
    stores.push(b);
    const upgrades: [number, number][] = [];
    await Promise.all([migratePostgres(a, pgMigrations, (...v) => upgrades.push(v)), migratePostgres(b.db, pgMigrations, (...v) => upgrades.push(v))]);
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(a);
    expect(recorded.rows.map((r) => r.name)).toEqual(NAMES);
    expect(upgrades).toEqual([[versionOf(Object.keys(older)), LATEST]]);
  });

  it('refuses a database migrated by a newer renew', async () => {
    const { db } = await freshStore();
    await sql`insert into kysely_migration (name, timestamp) values ('0099-future', 'x')`.execute(db);
    await expect(migratePostgres(db)).rejects.toMatchObject({ key: 'errors.databaseTooNew', vars: { found: 99, known: LATEST } });
  });

  it('rolls every step back when a migration fails', async () => {
    const { db } = await freshStore(false);
    const broken = {
      '0005-initial': { up: async (k: Kysely<any>) => void (await sql`create table half_built (id integer)`.execute(k)) },
      '0006-broken': { up: async (k: Kysely<any>) => void (await sql`select no_such_function()`.execute(k)) },
    };
    await expect(migratePostgres(db, broken)).rejects.toMatchObject({ key: 'errors.migrationFailed', vars: { name: '0006-broken' } });
    const left = await sql<{ t: string | null }>`select to_regclass('half_built') as t, to_regclass('kysely_migration') as m`.execute(db);
    expect(left.rows[0]).toEqual({ t: null, m: null });
  });

  /** A fresh PostgreSQL store and a fresh SQLite one, for the enclosing describe to compare. */
  function bothEngines() {
    const engines = {} as { pg: PostgresStore; lite: Store };
    beforeAll(async () => {
      engines.pg = await freshStore();
      engines.lite = await openStore(':memory:', { create: true });
    });
    afterAll(() => engines.lite?.close());
    return engines;
  }

  describe('the schema', () => {
    const both = bothEngines();

    it('has the same tables and columns as the SQLite schema', async () => {
      const sqliteColumns = both.lite.sqlite
        .prepare(`select m.name || '.' || c.name as col from sqlite_master m, pragma_table_info(m.name) c
                  where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%' order by 1`)
        .pluck()
        .all();
      const pgColumns = await sql<{ col: string }>`select table_name || '.' || column_name as col from information_schema.columns
        where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(both.pg.db);
      expect(pgColumns.rows.map((r) => r.col)).toEqual(sqliteColumns);
    });

    it('has the same index names as the SQLite schema', async () => {
      const sqliteIndexes = both.lite.sqlite
        .prepare(`select name from sqlite_master where type = 'index' and name not like 'sqlite_autoindex%' order by 1`)
        .pluck()
        .all();
      // Not the indexes behind primary keys and unique constraints: SQLite names those sqlite_autoindex_*.
      const pgIndexes = await sql<{ name: string }>`select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
        where c.relnamespace = 'public'::regnamespace and not exists (select from pg_constraint k where k.conindid = i.indexrelid)
        order by 1`.execute(both.pg.db);
      expect(pgIndexes.rows.map((r) => r.name)).toEqual(sqliteIndexes);
    });

    it('keeps the unique constraints: one vehicle per plate, one policy (and one imported quote) per natural key, one target per store, month and specialist, one user per name', async () => {
      const unique = await sql<{ def: string }>`select conrelid::regclass || ' ' || pg_get_constraintdef(oid) as def from pg_constraint
        where contype = 'u' and connamespace = 'public'::regnamespace order by 1`.execute(both.pg.db);
      expect(unique.rows.map((r) => r.def)).toEqual(['policies UNIQUE (natural_key)', 'quotes UNIQUE (natural_key)', 'targets UNIQUE (store, month, specialist)', 'users UNIQUE (name)', 'vehicles UNIQUE (plate)']);
    });

    it('uses the types PostgreSQL users expect: date, timestamptz, bigint fen, boolean, jsonb, identity ids', async () => {
      const types = await sql<{ col: string; type: string }>`select table_name || '.' || column_name as col,
          data_type || case when is_identity = 'YES' then ' identity' else '' end as type
        from information_schema.columns where table_schema = 'public' and table_name not like 'kysely_%'`.execute(both.pg.db);
      const of = Object.fromEntries(types.rows.map((r) => [r.col, r.type]));
      expect(of).toMatchObject({
        'vehicles.id': 'integer identity',
        'renewal_cases.id': 'integer identity',
        'events.id': 'integer identity',
        'renewal_cases.due_date': 'date',
        'renewal_cases.do_not_call_until': 'date',
        'policies.end_date': 'date',
        'events.until': 'date',
        'vehicles.first_registration': 'date',
        'vehicles.created_at': 'timestamp with time zone',
        'events.at': 'timestamp with time zone',
        'renewal_cases.sms_sent_at': 'timestamp with time zone',
        'renewal_cases.next_contact_at': 'timestamp without time zone',
        'events.next_at': 'timestamp without time zone',
        'policies.premium_cents': 'bigint',
        'renewal_cases.renewed_premium_cents': 'bigint',
        'targets.premium_cents': 'bigint',
        'vehicles.installment': 'boolean',
        'renewal_cases.reached': 'boolean',
        'renewal_cases.quoted': 'boolean',
        'settings.value': 'jsonb',
        'events.objections': 'jsonb',
        'targets.rate': 'double precision',
        'renewal_cases.status': 'text',
      });
      // Every column is one of the chosen types: nothing left over as SQLite's loose text or integer by mistake.
      const allowed = new Set(['text', 'integer', 'integer identity', 'bigint', 'boolean', 'date', 'timestamp with time zone', 'timestamp without time zone', 'jsonb', 'double precision']);
      expect(Object.values(of).filter((t) => !allowed.has(t))).toEqual([]);
    });

    it('serves the morning queue from the covering index', async () => {
      const { db } = both.pg;
      await sql`set enable_seqscan = off`.execute(db);
      const plan = await sql<{ 'QUERY PLAN': string }>`explain select due_date, plate, attempts from renewal_cases
        where status = 'open' and due_date between '2026-12-01' and '2026-12-31' order by due_date`.execute(db);
      await sql`reset enable_seqscan`.execute(db);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('renewal_cases_queue');
    });
  });

  describe('values through kysely', () => {
    const both = bothEngines();

    const above2to31 = 3_000_000_000; // 30 million yuan in fen
    const vehicle = {
      plate: '粤A12345', first_registration: '2019-03-31', installment: 1, do_not_call_until: '2026-12-31',
      created_at: '2026-12-05 09:30:15', updated_at: '2026-12-05 23:59:59',
    };
    const caseRow = {
      vehicle_id: 1, due_date: '2027-01-01', compulsory_end: '2027-01-01', commercial_end: '2027-02-28',
      last_premium_cents: above2to31, renewed_premium_cents: 0, reached: 1, quoted: 0, installment: 0,
      next_contact_at: '2026-12-06 15:30', vehicle_next_contact_at: '2026-12-06 15:30', sms_sent_at: '2026-12-01 00:00:00',
      plate: '粤A12345', created_at: '2026-12-05 09:30:15', updated_at: '2026-12-05 09:30:15',
    };

    async function roundTrip(db: Kysely<Database>) {
      await db.insertInto('vehicles').values(vehicle).execute();
      await db.insertInto('renewal_cases').values(caseRow).execute();
      await db.insertInto('renewal_cases').values({ ...caseRow, last_premium_cents: above2to31, reached: 0, due_date: '2027-01-15', next_contact_at: null }).execute();
      await db.insertInto('settings').values({ key: 'calling_hours', value: JSON.stringify({ to: '20:00', from: '09:00', days: [1, 2, 3] }), updated_at: '2026-12-05 09:30:15' }).execute();
      await db.insertInto('targets').values({ month: '2026-12', specialist: '', rate: 0.85, premium_cents: above2to31, updated_at: '2026-12-05 09:30:15' }).execute();
      const open = await db
        .selectFrom('renewal_cases')
        .selectAll()
        .where('reached', '=', 1) // a flag compared with a bound number works on boolean too
        .where('due_date', '<=', '2027-01-01')
        .execute();
      const totals = await db
        .selectFrom('renewal_cases')
        .select((eb) => [eb.fn.countAll<number>().as('cases'), eb.fn.sum<number>('last_premium_cents').as('premium')])
        .executeTakeFirstOrThrow();
      return {
        vehicle: await db.selectFrom('vehicles').selectAll().executeTakeFirstOrThrow(),
        open,
        totals,
        setting: await db.selectFrom('settings').selectAll().executeTakeFirstOrThrow(),
        target: await db.selectFrom('targets').selectAll().executeTakeFirstOrThrow(),
      };
    }

    it('gives back the same JS values as the SQLite store: dates, fen above 2^31, flags, callbacks, timestamps, JSON', async () => {
      const fromPg = await roundTrip(both.pg.db);
      const fromLite = await roundTrip(both.lite.db);
      expect(fromPg.open[0]).toMatchObject({
        due_date: '2027-01-01', last_premium_cents: above2to31, reached: 1, quoted: 0,
        next_contact_at: '2026-12-06 15:30', sms_sent_at: '2026-12-01 00:00:00', created_at: '2026-12-05 09:30:15',
      });
      expect(fromPg.totals).toEqual({ cases: 2, premium: 2 * above2to31 });
      // JSON comes back as text on both; PostgreSQL normalises it, so compare what it says.
      expect(JSON.parse(fromPg.setting.value)).toEqual(JSON.parse(fromLite.setting.value));
      expect({ ...fromPg, setting: { ...fromPg.setting, value: null } }).toEqual({ ...fromLite, setting: { ...fromLite.setting, value: null } });
    });

    it('stores a local time as that moment in the process time zone, and a bigint beyond 2^53 is an error, not a rounded number', async () => {
      const moment = await sql<{ epoch: number }>`select extract(epoch from created_at)::bigint as epoch from vehicles`.execute(both.pg.db);
      expect(moment.rows[0]?.epoch).toBe(new Date(2026, 11, 5, 9, 30, 15).getTime() / 1000);
      await expect(sql`select 9007199254740993::bigint as n`.execute(both.pg.db)).rejects.toThrow(/does not fit a JS number/);
    });

    it('refuses a callback that is not on a whole minute (it would not come back as written)', async () => {
      await expect(both.pg.db.updateTable('renewal_cases').set({ next_contact_at: '2026-12-06 15:30:20' }).execute()).rejects.toThrow(/check constraint/);
    });
  });
});
