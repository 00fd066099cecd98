/**
 * `renew restore FILE`: puts a backup back in place of the database.
 *
 * Order matters so that nothing is lost whatever fails: (1) the engine checks the
 * backup (SQLite: integrity, version, exactly the migrations' schema; a server: a
 * renew dump, not newer than this program); (2) the caller may show both (vehicles,
 * policies, last import, last call) and ask: nothing has been written yet; (3) the
 * current database is kept as a time-stamped copy (`<name>-before-restore-<stamp>`,
 * named here, written through the engine's snapshot by snapshotTo); (4) the engine
 * puts the backup in place in one step others see whole or not at all, opens the
 * result normally (an older schema is upgraded) and checks it again.
 * The engine's own steps: src/storage/sqlite/restore.ts, src/storage/postgres/dump.ts.
 */
import { EXIT, RenewError } from '../../errors.js';
import type { DatabaseSummary, KeepCurrent, Maintenance } from '../../storage/ports.js';
import { defaultBackupPath, freePath, samePath, snapshotTo } from './backup.js';

export interface RestoreResult {
  /** The backup that was restored. */
  from: string;
  /** Where the database that was replaced now lives (null when there was none). */
  keptAs: string | null;
  /** Schema version of the backup, and of the database after the restore (upgraded when older). */
  backupSchema: number;
  schema: number;
}

/** What a restore is about to do, shown before anything is written. */
export interface RestorePlan {
  /** The database that will be replaced: null when there is none, 'unreadable' when it cannot be read. */
  current: DatabaseSummary | 'unreadable' | null;
  backup: DatabaseSummary;
}

export interface RestoreOptions {
  /** Called after the backup is checked and before anything is written; throw to stop (nothing changes). */
  confirm?: (plan: RestorePlan) => Promise<void>;
}

export async function restoreDatabase(database: Maintenance, file: string, now: Date, options: RestoreOptions = {}): Promise<RestoreResult> {
  if (database.location === ':memory:') throw new RenewError('trust.restore.needFileDb', {}, EXIT.usage);
  const checked = await database.checkBackup(file);
  if (samePath(database.location, file)) throw new RenewError('trust.backup.sameFile', { path: file }, EXIT.usage);
  const current = await database.summary();
  if (options.confirm) await options.confirm({ current, backup: await database.summarizeBackup(file) });

  let keep: KeepCurrent | null = null;
  if (current !== null) {
    const path = freePath(defaultBackupPath(database.backupBase, now, 'before-restore'));
    keep = { path, copy: (backup) => void snapshotTo({ location: database.location, backup }, path) };
  }
  const schema = await database.restore(file, keep);
  return { from: file, keptAs: keep?.path ?? null, backupSchema: checked.schemaVersion, schema };
}
