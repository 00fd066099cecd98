/**
 * `Maintenance` on a store server (src/storage/ports.ts): what `renew doctor` checks
 * of the database itself (constraints valid and enforced, no row pointing at a missing
 * one, schema version and objects), and `renew restore` with PostgreSQL's tools
 * (dump.ts). The server looks after its own pages (checksums, amcheck are its
 * administrator's), so there is no integrity check of files here, nor any file.
 */
import { sql } from 'kysely';
import { RenewError } from '../../errors.js';
import type { AddCheck, EngineCheck, Maintenance, Storage } from '../ports.js';
import { checkSchemaObjects, checkSchemaVersion, describeDifference } from '../queries/schema-difference.js';
import { withoutPassword } from './connect.js';
import { checkDump, dumpBase, pgDump, restoreDump, summarizeDump } from './dump.js';
import { pgSchemaVersion, versionOf } from './migrate.js';
import { migrations } from './migrations/index.js';
import { pgSchemaDifference } from './schema-check.js';
import { openPostgresStorage, type PostgresStorage } from './store.js';

const LATEST = versionOf(Object.keys(migrations));

export function postgresMaintenance(url: string): Maintenance {
  const location = withoutPassword(url);
  /** The store opened as it is (no migration), closed after `work`. */
  const withStore = async <T>(work: (store: PostgresStorage) => Promise<T>): Promise<T> => {
    const store = await openPostgresStorage(url, { migrate: false });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  return {
    engine: 'postgres',
    location,
    backupBase: dumpBase(url),
    localFiles: () => [],
    check: (add, shared) => checkServer(url, add, shared),
    summary: () =>
      withStore(async (store) => {
        if ((await pgSchemaVersion(store.db)) === 0) return null;
        return summarize(store, location);
      }),
    checkBackup: (file) => checkDump(file),
    summarizeBackup: (file) => summarizeDump(file),
    restore: async (file, keep) => {
      keep?.copy((f) => pgDump(url, f));
      const tables = await withStore(async (store) => (await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema()`.execute(store.db)).rows.map((r) => r.t));
      await restoreDump(url, file, tables);
      // A normal open upgrades an older schema; then the result is checked like the doctor checks it.
      const store = await openPostgresStorage(url);
      try {
        const version = await pgSchemaVersion(store.db);
        const diff = await pgSchemaDifference(store.db, version);
        if (diff.extra.length > 0 || diff.missing.length > 0) throw new RenewError('trust.restore.schemaMismatch', { path: file, detail: describeDifference(diff) });
        return version;
      } finally {
        await store.close();
      }
    },
  };
}

async function summarize(store: Storage, path: string) {
  const { db } = store;
  const count = async (table: 'vehicles' | 'policies') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const lastImport = await db.selectFrom('imports').select(['finished_at as at', 'file_name as file']).orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const lastEvent = await db.selectFrom('events').select((eb) => eb.fn.max('at').as('at')).executeTakeFirst();
  return { path, vehicles: await count('vehicles'), policies: await count('policies'), last_import: lastImport ?? null, last_event: (lastEvent?.at as string | null) ?? null };
}

/** SQLSTATE class XX: the server found damaged data or index pages. */
const damaged = (e: unknown) => ((e as { code?: string }).code ?? '').startsWith('XX');

async function checkServer<T>(
  url: string,
  add: AddCheck,
  shared: (store: Storage, current: boolean, step: (check: string) => void) => Promise<T>,
): Promise<EngineCheck<T>> {
  let store: PostgresStorage;
  try {
    store = await openPostgresStorage(url, { migrate: false });
  } catch (e) {
    if (!(e instanceof RenewError)) throw e;
    add('open', 'problem', e.key, e.vars);
    return { schemaVersion: null, sizeBytes: 0, shared: null };
  }
  let current = 'foreign_keys';
  const step = (check: string) => {
    current = check;
  };
  let sizeBytes = 0;
  try {
    const { db } = store;
    sizeBytes = Number((await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(db)).rows[0]?.n ?? 0);
    const stopped = (schemaVersion: number | null): EngineCheck<T> => ({ schemaVersion, sizeBytes, shared: null });

    const orphans = await danglingRows(store);
    if (orphans.length === 0) add('foreign_keys', 'ok', 'trust.doctor.foreignKeysOk');
    else add('foreign_keys', 'problem', 'trust.doctor.foreignKeysBad', { count: orphans.reduce((s, o) => s + o.count, 0), first: orphans.slice(0, 3).map((o) => `${o.table}#${o.id} -> ${o.parent}`).join('; ') });

    step('constraints');
    const off = await constraintsOff(store);
    if (off.length === 0) add('constraints', 'ok', 'trust.doctor.constraintsOk');
    else add('constraints', 'problem', 'trust.doctor.constraintsOff', { constraints: off.join(', ') });

    step('schema');
    const version = await pgSchemaVersion(db);
    if (!checkSchemaVersion(add, version, LATEST)) return stopped(version);

    step('schema_objects');
    const exact = checkSchemaObjects(add, await pgSchemaDifference(db, version));
    if (!exact || version < 1) return stopped(version);

    return { schemaVersion: version, sizeBytes, shared: await shared(store, version === LATEST, step) };
  } catch (e) {
    if (!damaged(e)) throw e;
    add(current, 'problem', 'trust.doctor.unreadable', { check: current, detail: (e as Error).message });
    return { schemaVersion: null, sizeBytes, shared: null };
  } finally {
    await store.close();
  }
}

interface Dangling {
  table: string;
  parent: string;
  /** The first such row's id (or ctid). */
  id: string;
  count: number;
}

/**
 * Rows whose foreign key names a row that does not exist, for every foreign key of the
 * schema (as SQLite's foreign_key_check): possible only when the constraint was made
 * NOT VALID, its triggers disabled, or the rows written with replication triggers off.
 */
async function danglingRows(store: Storage): Promise<Dangling[]> {
  const { rows: keys } = await sql<{ child: string; parent: string; cols: string[]; pcols: string[]; has_id: boolean }>`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
      exists (select 1 from pg_attribute a where a.attrelid = c.conrelid and a.attname = 'id') as has_id,
      array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as cols,
      array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as pcols
    from pg_constraint c where c.contype = 'f' and c.connamespace = current_schema()::regnamespace order by 1, 2`.execute(store.db);
  const found: Dangling[] = [];
  for (const key of keys) {
    const notNull = sql.join(key.cols.map((c) => sql`ch.${sql.ref(c)} is not null`), sql` and `);
    const match = sql.join(key.cols.map((c, i) => sql`p.${sql.ref(key.pcols[i] as string)} = ch.${sql.ref(c)}`), sql` and `);
    const { rows } = await sql<{ n: number; first: string | null }>`
      select count(*) as n, ${key.has_id ? sql`min(ch.id)::text` : sql`min(ch.ctid::text)`} as first from ${sql.table(key.child)} ch
      where ${notNull} and not exists (select 1 from ${sql.table(key.parent)} p where ${match})`.execute(store.db);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) found.push({ table: key.child, parent: key.parent, id: rows[0]?.first ?? '?', count: n });
  }
  return found;
}

/** Constraints the server does not enforce: made NOT VALID, or whose triggers (foreign keys) are disabled. */
async function constraintsOff(store: Storage): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select conrelid::regclass::text || '.' || conname as name from pg_constraint
      where connamespace = current_schema()::regnamespace and not convalidated
    union
    -- A foreign key's triggers sit on both tables: name it by the table it belongs to.
    select distinct coalesce(c.conrelid, t.tgrelid)::regclass::text || '.' || coalesce(c.conname, t.tgname) from pg_trigger t
      join pg_class r on r.oid = t.tgrelid left join pg_constraint c on c.oid = t.tgconstraint
      where r.relnamespace = current_schema()::regnamespace and t.tgenabled = 'D'
    order by 1`.execute(store.db);
  return rows.map((r) => r.name);
}
