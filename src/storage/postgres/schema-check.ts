/**
 * Is a store server's schema exactly what renew's migrations make? The same rule as
 * on SQLite (src/storage/sqlite/schema-check.ts): a trigger or rule on `events` would
 * rewrite the register behind renew's back, a missing index or constraint lets wrong
 * rows in. The expected schema is what the first N migrations make, built inside a
 * transaction in a scratch schema and rolled back, so nothing is written and no
 * second copy of the schema exists.
 */
import { type Kysely, sql } from 'kysely';
import { type SchemaDifference, type SchemaEntry, schemaDifferenceOf } from '../queries/schema-difference.js';
import { migrations } from './migrations/index.js';

/** The migrations' own bookkeeping table (migrate.ts), present in every renew database. */
const BOOKKEEPING = 'kysely_migration';

/**
 * The objects of the session's current schema: tables and views, columns (type, null,
 * default, identity), indexes, constraints, triggers and rules. Names are unqualified
 * (the caller's search_path is the schema), so two schemas compare as equal.
 */
export async function pgSchemaEntries(db: Kysely<any>): Promise<SchemaEntry[]> {
  const { rows } = await sql<{ entry: string }>`
    select 'table ' || c.relname || ': ' || c.relkind::text as entry
      from pg_class c where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'v', 'm', 'p', 'f') and c.relname <> ${BOOKKEEPING}
    union all
    select 'column ' || a.attrelid::regclass::text || '.' || a.attname || ': ' || format_type(a.atttypid, a.atttypmod)
           || case when a.attnotnull then ' not null' else '' end
           || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
           || case when a.attidentity <> '' then ' identity ' || a.attidentity::text else '' end
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'v', 'm', 'p', 'f') and a.attnum > 0 and not a.attisdropped
        and c.relname <> ${BOOKKEEPING}
    union all
    select 'index ' || indexname || ' on ' || tablename || ': ' || regexp_replace(indexdef, ' ON \\S+\\.', ' ON ')
      from pg_indexes where schemaname = current_schema() and tablename <> ${BOOKKEEPING}
    union all
    select 'constraint ' || conname || ' on ' || conrelid::regclass::text || ': ' || pg_get_constraintdef(oid)
      from pg_constraint where connamespace = current_schema()::regnamespace and conrelid <> 0 and conrelid::regclass::text <> ${BOOKKEEPING}
    union all
    select 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass::text || ': ' || pg_get_triggerdef(t.oid)
      from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where c.relnamespace = current_schema()::regnamespace and not t.tgisinternal
    union all
    select 'rule ' || rulename || ' on ' || tablename || ': ' || definition
      from pg_rules where schemaname = current_schema()`.execute(db);
  return rows.map((r) => r.entry.replace(/\s+/g, ' ').trim());
}

class Rollback extends Error {}

/** The schema the first `version` migrations make, built in a scratch schema and rolled back. */
export async function expectedPgSchema(db: Kysely<any>, version: number): Promise<SchemaEntry[]> {
  const steps = Object.keys(migrations).sort().filter((name) => Number.parseInt(name, 10) <= version);
  let entries: SchemaEntry[] = [];
  try {
    await db.transaction().execute(async (tx) => {
      await sql`create schema renew_expected`.execute(tx);
      await sql`set local search_path to renew_expected`.execute(tx);
      for (const name of steps) await migrations[name]?.up(tx);
      entries = await pgSchemaEntries(tx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return entries;
}

/** How the current schema differs from what the migrations make at `version`; empty lists when it is exact. */
export async function pgSchemaDifference(db: Kysely<any>, version: number): Promise<SchemaDifference> {
  return schemaDifferenceOf(await expectedPgSchema(db, version), await pgSchemaEntries(db));
}
