/**
 * A large first load into PostgreSQL (a file far larger than what the store holds)
 * costs mostly in the checks and indexes kept up to date row by row: each new policy
 * probes three foreign keys through a trigger, and each new case lands at a random
 * spot of the queue's wide covering index. For such a load, and only when the
 * importing role owns the tables, the foreign keys of the tables the import fills
 * and the indexes its merge never reads are dropped inside the import's
 * transaction and made again from their own definitions in the catalog
 * (pg_get_constraintdef, pg_indexes) once the rows are in: one validating join per
 * key and one sort per index instead of a million probes. This is SQLite's
 * deferIndexes (src/storage/sqlite/import-sink.ts) on a server: DDL is
 * transactional here, so a rollback, a dry run or a killed process brings every key
 * and index back untouched. The price: the tables are locked against readers until
 * the import commits, which costs nothing when there is nothing to read yet.
 */
import { sql } from 'kysely';
import type { Tx } from '../../ports.js';

const TABLES = ['policies', 'renewal_cases', 'events'];
/**
 * Indexes no step of the merge or the renewals reads (they read policies by natural key
 * and vehicle, cases by vehicle, events by case: those stay).
 */
const INDEXES = ['policies_case', 'renewal_cases_queue', 'renewal_cases_next_contact', 'events_case_report', 'events_outcome_at', 'events_vehicle'];
/** About this many bytes per row in an export: how many rows a file holds, before reading it. */
const BYTES_PER_ROW_ESTIMATE = 200;

/**
 * Drops the keys and indexes when the load is worth it; returns what makes them again
 * (call it after the last row and the renewals), or undefined when nothing was dropped.
 */
export async function deferChecks(tx: Tx, fileBytes: number): Promise<(() => Promise<void>) | undefined> {
  const stored = await sql<{ n: number }>`select count(*)::integer as n from policies`.execute(tx);
  if (fileBytes / BYTES_PER_ROW_ESTIMATE < (stored.rows[0]?.n ?? 0)) return undefined;
  const owned = await sql<{ ok: boolean | number }>`
    select bool_and(pg_has_role(c.relowner, 'USAGE')) as ok from pg_class c where c.oid = any(${TABLES}::regclass[])`.execute(tx);
  if (!owned.rows[0]?.ok) return undefined;
  const keys = await sql<{ tbl: string; name: string; def: string }>`
    select c.conrelid::regclass::text as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def
      from pg_constraint c where c.contype = 'f' and c.conrelid = any(${TABLES}::regclass[]) order by c.oid`.execute(tx);
  const indexes = await sql<{ name: string; def: string }>`
    select indexname as name, indexdef as def from pg_indexes
     where schemaname = current_schema() and indexname = any(${INDEXES}::text[]) order by indexname`.execute(tx);
  for (const k of keys.rows) await sql`alter table ${sql.table(k.tbl)} drop constraint ${sql.id(k.name)}`.execute(tx);
  for (const i of indexes.rows) await sql`drop index ${sql.id(i.name)}`.execute(tx);
  return async () => {
    for (const i of indexes.rows) await sql.raw(i.def).execute(tx);
    for (const k of keys.rows) await sql`alter table ${sql.table(k.tbl)} add constraint ${sql.id(k.name)} ${sql.raw(k.def)}`.execute(tx);
  };
}
