/**
 * Schema upgrades that are atomic and safe when two processes start at once.
 *
 * kysely runs SQLite migrations outside any transaction and takes no lock, so a
 * failing step would leave a half-built schema and two first runs could race. Here
 * the whole run happens inside one `BEGIN IMMEDIATE` on the single connection:
 * the second process waits for the first (busy timeout), then finds nothing to do;
 * a failure rolls every step back. `PRAGMA user_version` mirrors the number of
 * applied migrations so an up-to-date database is recognised without loading the
 * migrator.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, type Migration, Migrator } from 'kysely';
import { RenewError } from '../../errors.js';
import { migrations as allMigrations } from './migrations/index.js';

export function schemaVersion(sqlite: BetterSqlite3.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

export async function migrateToLatest(
  db: Kysely<any>,
  sqlite: BetterSqlite3.Database,
  migrations: Record<string, Migration> = allMigrations,
  /** Told before an existing database (not a new one) is upgraded: a large one takes seconds. */
  onUpgrade?: (from: number, to: number) => void,
): Promise<void> {
  const latest = Object.keys(migrations).length;
  const current = schemaVersion(sqlite);
  if (current === latest) return;
  if (current > latest) throw tooNew(current, latest);

  sqlite.exec('BEGIN IMMEDIATE');
  try {
    // Re-read under the lock: another process may have migrated while we waited.
    const locked = schemaVersion(sqlite);
    if (locked > latest) throw tooNew(locked, latest);
    if (locked < latest) {
      if (locked > 0) onUpgrade?.(locked, latest);
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
        throw new RenewError('errors.migrationFailed', { name: failed, detail: String((error as Error).message ?? error) }, 1);
      }
      sqlite.pragma(`user_version = ${latest}`);
    }
    sqlite.exec('COMMIT');
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw e;
  }
}

function tooNew(found: number, known: number) {
  return new RenewError('errors.databaseTooNew', { found, known }, 1);
}
