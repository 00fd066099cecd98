/**
 * `renew restore FILE`: puts a backup back in place of the database.
 *
 * Order matters so that nothing is lost whatever fails: (1) the backup is checked
 * (a SQLite file, integrity ok, a renew schema not newer than this program);
 * (2) the current database is kept as a time-stamped copy beside it; (3) the
 * backup's pages are copied into the database with SQLite's backup API, which
 * takes the database's write lock, so another renew that has it open sees either
 * the old or the new content, never a mix; (4) the result is opened normally
 * (an older schema is upgraded) and checked again.
 * A current file that SQLite cannot read at all is kept as raw bytes and replaced
 * by an atomic rename instead.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, openStore } from '../../storage/sqlite/connection.js';
import { schemaVersion } from '../../storage/sqlite/migrate.js';
import { SCHEMA_VERSION } from '../../storage/sqlite/migrations/index.js';
import { EXIT, RenewError } from '../../errors.js';
import { defaultBackupPath, freePath, samePath, snapshotTo } from './backup.js';

export interface CheckedBackup {
  path: string;
  schemaVersion: number;
  bytes: number;
}

export interface RestoreResult {
  /** The backup that was restored. */
  from: string;
  /** Where the database that was replaced now lives (null when there was none). */
  keptAs: string | null;
  /** Schema version of the backup, and of the database after the restore (upgraded when older). */
  backupSchema: number;
  schema: number;
}

const RENEW_TABLES = ['vehicles', 'policies', 'renewal_cases', 'events', 'imports', 'settings'];

/** Checks that `file` is a sound renew database this program can use; throws a clear error if not. */
export function checkBackup(file: string): CheckedBackup {
  if (!existsSync(file)) throw new RenewError('trust.restore.notFound', { path: file });
  let db: Sqlite.Database | undefined;
  try {
    db = new Sqlite(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = integrity.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    if (problems.length > 0) throw new RenewError('trust.restore.damaged', { path: file, problem: problems.slice(0, 3).join('; ') });
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) throw new RenewError('errors.databaseTooNew', { found: version, known: SCHEMA_VERSION });
    const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (version < 1 || !RENEW_TABLES.every((t) => tables.has(t))) throw new RenewError('trust.restore.notRenew', { path: file });
    return { path: file, schemaVersion: version, bytes: statSync(file).size };
  } catch (e) {
    if (e instanceof RenewError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new RenewError('errors.notADatabase', { path: file });
    throw new RenewError('trust.restore.damaged', { path: file, problem: (e as Error).message });
  } finally {
    db?.close();
  }
}

export async function restoreDatabase(dbPath: string, file: string, now: Date): Promise<RestoreResult> {
  if (dbPath === ':memory:') throw new RenewError('trust.restore.needFileDb', {}, EXIT.usage);
  const checked = checkBackup(file);
  if (samePath(dbPath, file)) throw new RenewError('trust.backup.sameFile', { path: file }, EXIT.usage);

  let keptAs: string | null = null;
  let current: Sqlite.Database | undefined;
  if (existsSync(dbPath) && statSync(dbPath).size > 0) {
    keptAs = freePath(defaultBackupPath(dbPath, now, 'before-restore'));
    current = openHealthy(dbPath);
    if (current) {
      try {
        snapshotTo(current, keptAs);
      } catch (e) {
        current.close();
        throw e;
      }
    } else {
      // SQLite cannot read it: keep the raw bytes (and any WAL) exactly as they are.
      copyOwnerOnly(dbPath, keptAs);
      if (existsSync(`${dbPath}-wal`)) copyOwnerOnly(`${dbPath}-wal`, `${keptAs}-wal`);
    }
  }

  if (current) {
    const source = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      // Copy every page in one step: the destination is locked once, start to finish.
      await source.backup(dbPath, { progress: () => 1_000_000 });
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new RenewError('errors.busy', {}, EXIT.busy);
      throw new RenewError('trust.restore.failed', { path: dbPath, detail: (e as Error).message });
    } finally {
      source.close();
      current.close();
    }
  } else {
    const temp = `${dbPath}.restoring-${randomBytes(4).toString('hex')}`;
    copyOwnerOnly(file, temp);
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
    renameSync(temp, dbPath);
  }

  // A normal open upgrades an older schema; then the result is checked like any backup.
  const store = await openStore(dbPath);
  const schema = schemaVersion(store.sqlite);
  await store.close();
  checkBackup(dbPath);
  return { from: file, keptAs, backupSchema: checked.schemaVersion, schema };
}

/** The current database opened with the usual pragmas, or undefined when SQLite cannot read it. */
function openHealthy(path: string): Sqlite.Database | undefined {
  try {
    const db = new Sqlite(path, { fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.prepare('select count(*) from sqlite_master').get();
    return db;
  } catch {
    return undefined;
  }
}

/** copyFile keeps the source's mode; the copies renew makes are owner-only. */
function copyOwnerOnly(from: string, to: string): void {
  copyFileSync(from, to);
  chmodSync(to, 0o600);
}
