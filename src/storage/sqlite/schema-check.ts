/**
 * Is a database's schema exactly what renew's migrations make? A backup is a file
 * anyone could have edited: a trigger on `events` would run on the next call and
 * rewrite the register, a missing table makes the first command fail after a
 * "clean" restore. So `restore` accepts, and `doctor` passes, only the tables,
 * columns and indexes the migrations create, nothing missing and nothing more (no
 * trigger, no view).
 *
 * The expected schema is not written down a second time: it is what the first N
 * migrations make on an empty in-memory database, so every later migration is
 * covered without touching this file.
 */
import type BetterSqlite3 from 'better-sqlite3';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';
import { type SchemaDifference, type SchemaEntry, schemaDifferenceOf } from '../queries/schema-difference.js';

/**
 * The schema objects of an open database. Names starting with `sqlite_` belong to SQLite
 * itself (autoindexes of UNIQUE constraints, sqlite_sequence, ANALYZE's statistics) and
 * follow from the rest.
 */
export function schemaEntries(sqlite: BetterSqlite3.Database): SchemaEntry[] {
  const rows = sqlite.prepare("select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite\\_%' escape '\\' order by type, name").all() as {
    type: string;
    name: string;
    tbl_name: string;
    sql: string | null;
  }[];
  return rows.map((r) => `${r.type} ${r.name}${r.tbl_name === r.name ? '' : ` on ${r.tbl_name}`}: ${(r.sql ?? '').replace(/\s+/g, ' ').trim()}`);
}

const expected = new Map<number, Promise<SchemaEntry[]>>();

/** The schema the first `version` migrations make (computed once per version and process). */
export function expectedSchema(version: number): Promise<SchemaEntry[]> {
  let entries = expected.get(version);
  if (!entries) {
    entries = (async () => {
      const sqlite = new Sqlite(':memory:');
      const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
      try {
        await migrateToLatest(db, sqlite, Object.fromEntries(Object.entries(migrations).slice(0, version)));
        return schemaEntries(sqlite);
      } finally {
        await db.destroy();
      }
    })();
    expected.set(version, entries);
  }
  return entries;
}

/** How `sqlite`'s schema differs from what the migrations make at its `user_version`; empty lists when it is exact. */
export async function schemaDifference(sqlite: BetterSqlite3.Database, version: number): Promise<SchemaDifference> {
  return schemaDifferenceOf(await expectedSchema(version), schemaEntries(sqlite));
}
