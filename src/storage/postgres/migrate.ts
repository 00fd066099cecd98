/**
 * PostgreSQL schema upgrades: a database already at the newest version is recognised by one
 * read; otherwise the whole list runs in ONE transaction under a transaction-level advisory lock. A second process starting at the same moment waits on the lock, then
 * finds every migration recorded and does nothing; a failing step rolls back every step
 * (PostgreSQL's DDL is transactional). Applied migrations are recorded in kysely's own
 * table (`kysely_migration`: name, timestamp), as on SQLite, so the same tools read both.
 * kysely's Migrator is not used: it creates its tables before taking its lock, outside
 * the transaction.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import { RenewError } from '../../errors.js';
import { migrations as allMigrations } from './migrations/index.js';

/** pg_advisory_xact_lock key: any constant the rest of the app does not use ('renew' in ASCII). */
export const MIGRATION_LOCK = 0x72656e6577;
const TABLE = 'kysely_migration';

/** The number of the newest migration a list holds: 5 for '0005-initial'. */
export function versionOf(names: readonly string[]): number {
  const last = [...names].sort().at(-1);
  return last ? Number.parseInt(last, 10) : 0;
}

/** The schema version a database is at (0 when never migrated). */
export async function pgSchemaVersion(db: Kysely<any>): Promise<number> {
  const exists = await sql<{ t: string | null }>`select to_regclass(${TABLE}) as t`.execute(db);
  if (!exists.rows[0]?.t) return 0;
  const rows = await db.selectFrom(TABLE).select('name').execute();
  return versionOf(rows.map((r) => r.name as string));
}

/** The names recorded in kysely_migration; undefined while it does not exist (a new database). */
async function appliedNames(db: Kysely<any>): Promise<string[] | undefined> {
  try {
    return (await db.selectFrom(TABLE).select('name').execute()).map((r) => r.name as string);
  } catch (e) {
    if ((e as { code?: string }).code === '42P01') return undefined; // undefined_table
    throw e;
  }
}

export async function migratePostgres(
  db: Kysely<any>,
  migrations: Record<string, Migration> = allMigrations,
  /** Told before an existing database (not a new one) is upgraded. */
  onUpgrade?: (from: number, to: number) => void,
): Promise<void> {
  const names = Object.keys(migrations).sort();
  // Nearly every command finds the schema as it left it: one read says so, with no
  // transaction and no lock. Anything else (a new database, a pending step, a newer
  // renew's steps) is decided again under the lock, where a second process waits.
  const found = await appliedNames(db);
  if (found !== undefined && found.length === names.length && names.every((n) => found.includes(n))) return;
  const latest = versionOf(names);
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(tx);
    await sql`create table if not exists ${sql.table(TABLE)} (name varchar(255) primary key, timestamp varchar(255) not null)`.execute(tx);
    const applied = new Set((await tx.selectFrom(TABLE).select('name').execute()).map((r) => r.name as string));
    const unknown = [...applied].filter((n) => !(n in migrations));
    if (unknown.length > 0) throw new RenewError('errors.databaseTooNew', { found: versionOf([...applied]), known: latest }, 1);
    const pending = names.filter((n) => !applied.has(n));
    if (pending.length === 0) return;
    if (applied.size > 0) onUpgrade?.(versionOf([...applied]), latest);
    for (const name of pending) {
      try {
        await (migrations[name] as Migration).up(tx);
      } catch (e) {
        throw new RenewError('errors.migrationFailed', { name, detail: String((e as Error).message ?? e) }, 1);
      }
      await tx.insertInto(TABLE).values({ name, timestamp: new Date().toISOString() }).execute();
    }
  });
}
